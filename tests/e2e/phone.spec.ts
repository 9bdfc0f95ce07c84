import { createHash, randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { dbQuery, readStack, waitForCapturedEmail } from './helpers';

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

test('an agent calls back from Telefon: "no answer" moves it, "answered" with a public summary e-mails the merchant', async ({
  page,
  request,
}, testInfo) => {
  const id = randomUUID().slice(0, 8);
  const email = `ola.${id}@sklep.example.pl`;
  const subject = `Prośba o telefon ${id}`;
  const filed = await request.post('/api/v1/tickets', {
    headers: { Authorization: `Bearer ${readStack().apiToken}` },
    data: { reporter: { email, name: 'Ola Nowak' }, category: 'BILLING', subject, actual: 'Faktura za listopad ma złą kwotę.' },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const { id: ticketId } = (await filed.json()) as { id: string };
  // A callback owed on that ticket, due ten minutes ago (what a booking or a missed call leaves behind).
  await dbQuery(
    `INSERT INTO "Callback" (id, phone, "ticketId", source, "dueAt") VALUES ($1, '+48601234567', $2, 'booked', now() - interval '10 minutes')`,
    [randomUUID(), ticketId],
  );

  await page.goto(AGENT_SIGN_IN);
  await page.goto('/agent');
  await page.getByRole('navigation', { name: 'Panel konsultanta' }).getByRole('link', { name: 'Telefon' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Telefon' })).toBeVisible();

  const item = page.getByTestId('callbacks-dueNow').getByTestId('callback').filter({ hasText: subject });
  await expect(item.getByRole('link', { name: 'Zadzwoń: +48 601 234 567' })).toHaveAttribute('href', 'tel:+48601234567');

  const violations = (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations.map((v) => v.id);
  expect(violations).toEqual([]);
  for (const width of [412, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`telefon-${width}.png`), fullPage: true });
  }

  await item.getByRole('radio', { name: 'Brak odpowiedzi' }).check();
  await item.getByLabel('Notatka wewnętrzna').fill('Sygnał, nikt nie odebrał.');
  await item.getByRole('button', { name: 'Zapisz wynik' }).click();
  await expect(page.getByText(/Zapisano — kolejna próba:/)).toBeVisible();
  // Two hours later by default: no longer due now.
  const moved = page.getByTestId('callback').filter({ hasText: subject });
  await expect(page.getByTestId('callbacks-dueNow').getByTestId('callback').filter({ hasText: subject })).toHaveCount(0);
  await expect(moved).toContainText('1 próba');

  const since = new Date();
  await moved.getByRole('radio', { name: 'Odebrane' }).check();
  await moved.getByLabel('Podsumowanie dla klienta (wyślemy e-mailem)').fill('Ustaliliśmy korektę faktury — wyślemy ją jutro.');
  await moved.getByRole('button', { name: 'Zapisz wynik' }).click();
  await expect(page.getByText('Wynik zapisany.')).toBeVisible();
  await expect(page.getByTestId('callback').filter({ hasText: subject })).toHaveCount(0);

  const mail = await waitForCapturedEmail({ to: email, subjectIncludes: subject, since });
  expect(mail.text).toContain('Ustaliliśmy korektę faktury');
});

test('a ringing call pops up in /agent with the caller and goes away when the call ends', async ({ page, request }) => {
  // A CTI token as an admin would make it in Tokeny API (only its SHA-256 is stored).
  const secret = `vst_${randomUUID().replaceAll('-', '')}${randomUUID().replaceAll('-', '').slice(0, 11)}`;
  await dbQuery(`INSERT INTO "ApiToken" (id, name, prefix, "tokenHash", kind) VALUES ($1, 'Centrala e2e', $2, $3, 'CTI')`, [
    randomUUID(),
    secret.slice(0, 8),
    createHash('sha256').update(secret).digest('hex'),
  ]);
  const cti = (data: Record<string, string>) =>
    request.post('/api/v1/cti/events', { headers: { Authorization: `Bearer ${secret}` }, data });

  await page.goto(AGENT_SIGN_IN);
  await page.goto('/agent');
  const callIds: string[] = [];
  // The stream may connect a moment after the page loads: ring until the pop-up shows (each ring is a new call).
  await expect(async () => {
    const callId = `e2e-${randomUUID()}`;
    callIds.push(callId);
    const ring = await cti({ event: 'newCall', callId, direction: 'in', from: '799 100 200', to: '221000000' });
    expect(ring.status()).toBe(200);
    await expect(page.getByTestId('incoming-call').first()).toBeVisible({ timeout: 1_000 });
  }).toPass();
  const popup = page.getByRole('complementary', { name: 'Połączenia przychodzące' });
  await expect(popup.getByTestId('incoming-call').first()).toContainText('Numer nieznany · +48 799 100 200');

  // The caller hangs up before anyone answers: the pop-up goes, and the missed call waits on Telefon.
  for (const callId of callIds) expect((await cti({ event: 'hangup', callId, cause: 'cancel' })).status()).toBe(200);
  await expect(page.getByTestId('incoming-call')).toHaveCount(0);
  await page.goto('/agent/telefon');
  await expect(page.getByTestId('callback').filter({ hasText: '+48 799 100 200' }).first()).toContainText('Nieodebrane połączenie');
});
