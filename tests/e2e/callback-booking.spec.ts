import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { simpleParser } from 'mailparser';
import { expect, test, type Page } from '@playwright/test';
import { mintSsoToken, type SsoClaimsInput } from '../../src/server/auth/sso';
import { dbQuery, readStack, waitForCapturedEmail, type CapturedEmail } from './helpers';

/**
 * "Zamów rozmowę zwrotną" (docs/phone.md): a PREMIUM merchant books a callback on /pomoc/kontakt, gets the ticket
 * number at once and a confirmation e-mail with a text/calendar invitation, then moves and cancels the call from the
 * e-mailed link without signing in. Slots are on the real clock (booking is for real times), so the test picks
 * whatever the dialog offers first.
 */

function premiumMerchant(): SsoClaimsInput {
  const id = randomUUID().slice(0, 8);
  return {
    sub: `usr-callback-${id}`,
    email: `ola.${id}@hotel-callback.pl`,
    name: 'Ola Nowak',
    company: { id: `cmp-callback-${id}`, name: 'Hotel Pod Lipami', plan: 'PREMIUM' },
    locale: 'pl',
  };
}

async function violations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  if (include) builder.include(include);
  return (await builder.analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Elements reaching past the right edge of the viewport (none: no horizontal scroll). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter((el) => !el.closest('[aria-hidden="true"], .sr-only'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} ${Math.round(el.getBoundingClientRect().right)}`),
  );
}

async function calendarPart(mail: CapturedEmail) {
  const parsed = await simpleParser(await readFile(mail.file));
  const ics = parsed.attachments.find((a) => a.contentType === 'text/calendar');
  expect(ics, 'a text/calendar attachment').toBeDefined();
  expect(ics!.filename).toMatch(/\.ics$/);
  return ics!.content.toString('utf8').replace(/\r?\n[ \t]/g, '');
}

test('a PREMIUM merchant books a callback, gets the ticket number and an .ics invitation, then moves and cancels it', async ({
  page,
  browser,
}, testInfo) => {
  // One merchant's whole journey (booking, portal, agent, e-mailed link, move, cancel): several pages and mails.
  test.setTimeout(150_000);
  const merchant = premiumMerchant();
  await page.goto(`/sso/vouchie?${new URLSearchParams({ token: await mintSsoToken(merchant, readStack().ssoSecret) })}`);
  await expect(page).toHaveURL(/\/pomoc\/kontakt/);

  await page.getByRole('button', { name: 'Zamów rozmowę zwrotną' }).click();
  const dialog = page.getByRole('dialog', { name: 'Zamów rozmowę zwrotną' });
  await expect(dialog).toBeVisible();
  expect(await violations(page, '[data-testid="callback-dialog"]')).toEqual([]);

  // The first free slot is chosen already; a number that is not Polish is refused next to the field.
  const chosen = dialog.getByRole('radio', { checked: true });
  const slot = await chosen.getAttribute('value');
  expect(slot).toBeTruthy();
  const topic = `Zwrot za voucher ${randomUUID().slice(0, 6)}`;
  await dialog.getByLabel('Temat rozmowy').fill(topic);
  await dialog.getByLabel('Numer telefonu').fill('+44 7911 123456');
  await dialog.getByRole('button', { name: 'Zamów rozmowę' }).click();
  await expect(dialog.getByText('Oddzwaniamy tylko na polskie numery.', { exact: false })).toBeVisible();
  await expect(dialog.getByLabel('Numer telefonu')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Numer telefonu').fill('601 234 567');

  // Meanwhile two other customers take the chosen slot: the booking is refused with the next free times offered,
  // and nothing typed is lost.
  for (let i = 0; i < 2; i++)
    await dbQuery(
      `INSERT INTO "Callback" (id, phone, source, "dueAt", "slotStart") VALUES ($1, '+48500100200', 'booked', $2::timestamptz, $2::timestamptz)`,
      [randomUUID(), slot],
    );
  await dialog.getByRole('button', { name: 'Zamów rozmowę' }).click();
  const offered = dialog.getByTestId('callback-alternatives');
  await expect(offered).toContainText('Ten termin właśnie się zapełnił.');
  await expect(dialog.getByLabel('Temat rozmowy')).toHaveValue(topic);
  await expect(dialog.getByLabel('Numer telefonu')).toHaveValue('601 234 567');
  await offered.getByRole('button').first().click();

  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await overflowing(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`callback-dialog-${width}.png`) });
  }

  const since = new Date();
  await dialog.getByRole('button', { name: 'Zamów rozmowę' }).click();
  const booked = dialog.getByTestId('callback-booked');
  await expect(booked).toContainText('Rozmowa zamówiona');
  const ticketNumber = (await booked.getByTestId('callback-ticket-number').textContent())!.trim();
  expect(ticketNumber).toMatch(/^VCH-\d+$/);
  await expect(booked).toContainText('+48 601 234 567');
  expect(await violations(page, '[data-testid="callback-dialog"]')).toEqual([]);

  // The confirmation: the ticket number, the move/cancel link, and the invitation as text/calendar.
  const confirmation = await waitForCapturedEmail({ to: merchant.email, subjectIncludes: 'Rozmowa zwrotna zamówiona', since });
  expect(confirmation.text).toContain(ticketNumber);
  const invitation = await calendarPart(confirmation);
  expect(invitation).toMatch(/^METHOD:REQUEST$/m);
  expect(invitation).toMatch(/^SEQUENCE:0$/m);
  const uid = /^UID:(.+)$/m.exec(invitation)?.[1];
  expect(uid).toMatch(/^callback-[0-9a-f-]+@/);

  // The ticket's page in the portal shows the booked slot, the number to be called and the move-or-cancel link.
  await page.goto(`/pomoc/zgloszenia/${ticketNumber}`);
  const card = page.getByTestId('ticket-callback');
  await expect(card.getByRole('heading', { name: 'Rozmowa zwrotna' })).toBeVisible();
  await expect(card).toContainText('Zaplanowana');
  await expect(card).toContainText('Zadzwonimy pod numer +48 601 234 567');
  const manageHref = await card.getByRole('link', { name: 'Zmień termin lub odwołaj' }).getAttribute('href');
  expect(manageHref).toMatch(/^\/pomoc\/rozmowa-zwrotna\?t=/);
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('ticket-callback.png'), fullPage: true });

  // The number is remembered for next time.
  await page.goto('/pomoc/kontakt');
  await page.getByRole('button', { name: 'Zamów rozmowę zwrotną' }).click();
  await expect(page.getByRole('dialog').getByLabel('Numer telefonu')).toHaveValue('+48 601 234 567');

  // The agent sees the booked callback, its topic and its ticket in Telefon.
  const agent = await browser.newPage();
  await agent.goto('/demo/sign-in?email=ewa.dabrowska%40vouchie.pl');
  await agent.goto('/agent/telefon');
  const row = agent.getByTestId('callback').filter({ hasText: topic });
  await expect(row).toContainText('Zamówiona rozmowa');
  await expect(row.getByRole('link', { name: new RegExp(ticketNumber) })).toBeVisible();
  await agent.close();

  // The e-mailed link works without signing in.
  const link = /https?:\/\/\S+\/pomoc\/rozmowa-zwrotna\?t=\S+/.exec(confirmation.text)?.[0];
  expect(link).toBeTruthy();
  const guest = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const manage = await guest.newPage();
  await manage.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(manage.getByRole('heading', { level: 1, name: 'Twoja rozmowa zwrotna' })).toBeVisible();
  await expect(manage.getByTestId('callback-details')).toContainText(ticketNumber);
  expect(await violations(manage)).toEqual([]);
  expect(await overflowing(manage)).toEqual([]);
  await manage.screenshot({ path: testInfo.outputPath('callback-manage-375.png'), fullPage: true });

  const before = await manage.getByTestId('callback-when').textContent();
  const movedSince = new Date();
  // The radios are visually hidden inside their labels (the label is the button people tap).
  await manage.getByTestId('move-slot-times').locator('label:not(:has(input:disabled))').last().click();
  await expect(manage.getByTestId('move-slot-times').getByRole('radio', { checked: true })).toHaveCount(1);
  await manage.getByRole('button', { name: 'Przenieś rozmowę' }).click();
  await expect(manage.getByText('Termin zmieniony.', { exact: false })).toBeVisible();
  await expect(manage.getByTestId('callback-when')).not.toHaveText(before ?? '');
  const moved = await waitForCapturedEmail({ to: merchant.email, subjectIncludes: 'Nowy termin rozmowy zwrotnej', since: movedSince });
  const update = await calendarPart(moved);
  expect(update).toMatch(/^SEQUENCE:1$/m);
  expect(/^UID:(.+)$/m.exec(update)?.[1]).toBe(uid);

  const cancelSince = new Date();
  await manage.getByRole('button', { name: 'Odwołaj rozmowę' }).click();
  const confirm = manage.getByRole('dialog', { name: 'Odwołanie rozmowy' });
  expect(await violations(manage, 'dialog[open]')).toEqual([]);
  await confirm.getByRole('button', { name: 'Odwołaj rozmowę' }).click();
  await expect(manage.getByText('Rozmowa odwołana.', { exact: false })).toBeVisible();
  await expect(manage.getByTestId('callback-details')).toContainText('Odwołana');
  const cancelled = await waitForCapturedEmail({ to: merchant.email, subjectIncludes: 'Rozmowa zwrotna odwołana', since: cancelSince });
  const cancel = await calendarPart(cancelled);
  expect(cancel).toMatch(/^METHOD:CANCEL$/m);
  expect(/^UID:(.+)$/m.exec(cancel)?.[1]).toBe(uid);
  await guest.close();
});
