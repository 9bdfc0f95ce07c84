import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readStack } from './helpers';

const EWA = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';
const MAREK = '/demo/sign-in?email=marek.jankowski%40vouchie.pl';
/** Past one heartbeat interval (15 s): the page's clock is moved on instead of the test waiting. */
const NEXT_BEAT_MS = 16_000;

/** A fresh ticket per run (desktop and phone), so no presence row from another run is in the way. */
async function newTicket(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const response = await context.request.post('/api/v1/tickets', {
    headers: { Authorization: `Bearer ${readStack().apiToken}` },
    data: {
      reporter: { email: `obecnosc.${randomUUID().slice(0, 8)}@hotel-test.pl`, name: 'Olga Obecna' },
      category: 'TECHNICAL_ERROR',
      subject: `Dwóch konsultantów w jednym zgłoszeniu ${randomUUID().slice(0, 6)}`,
      actual: 'Voucher nie przechodzi w recepcji.',
    },
  });
  expect(response.status()).toBe(201);
  const { number } = (await response.json()) as { number: string };
  await context.close();
  return number;
}

/** Signs a demo agent in (own browser context) and opens the ticket, with a controllable clock for the heartbeat. */
async function agentOn(browser: Browser, signIn: string, name: string, number: string): Promise<Page> {
  const context = await browser.newContext();
  await context.clock.install();
  const page = await context.newPage();
  await page.request.get(signIn);
  await page.goto(`/agent/zgloszenia/${number}`);
  await expect(page.getByTestId('signed-in-user')).toHaveText(name);
  return page;
}

/** Moves this page's clock past the next heartbeat until `check` holds: the beat's answer is what is asserted. */
async function afterNextBeat(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.clock.fastForward(NEXT_BEAT_MS);
    await check();
  }).toPass({ timeout: 15_000 });
}

test('two agents on one ticket see each other, see the other writing, and see them leave', async ({ browser }, testInfo) => {
  const number = await newTicket(browser);
  const ewa = await agentOn(browser, EWA, 'Ewa Dąbrowska', number);
  const ewaSees = ewa.getByTestId('ticket-presence');
  await expect(ewaSees).toHaveText('');

  const marek = await agentOn(browser, MAREK, 'Marek Jankowski', number);
  const marekSees = marek.getByTestId('ticket-presence');
  // Marek's first beat already answers with Ewa; Ewa learns of Marek at her next one.
  await expect(marekSees.getByTestId('presence-viewing')).toHaveText('Ewa Dąbrowska też przegląda to zgłoszenie');
  await expect(marekSees).toHaveAttribute('aria-live', 'polite');
  await afterNextBeat(ewa, () =>
    expect(ewaSees.getByTestId('presence-viewing')).toHaveText('Marek Jankowski też przegląda to zgłoszenie', { timeout: 1_000 }),
  );

  // A draft in Marek's composer turns into "pisze odpowiedź" on Ewa's screen.
  await marek.getByRole('textbox', { name: 'Odpowiedź publiczna' }).fill('Sprawdzam logi kasy, zaraz odpiszę.');
  await afterNextBeat(ewa, () =>
    expect(ewaSees.getByTestId('presence-composing')).toHaveText('Marek Jankowski pisze odpowiedź', { timeout: 1_000 }),
  );
  await expect(ewaSees.getByTestId('presence-viewing')).toHaveCount(0);
  // For looking at, not for comparing: the ticket header with a colleague writing, at the project's width.
  await ewa.screenshot({
    path: testInfo.outputPath('presence-header.png'),
    clip: { x: 0, y: 0, width: ewa.viewportSize()!.width, height: 420 },
  });

  // Marek closes the ticket: his goodbye removes him before his row would have gone stale.
  await marek.goto('about:blank');
  await afterNextBeat(ewa, () => expect(ewaSees).toHaveText('', { timeout: 1_000 }));
  await expect(ewaSees).not.toContainText('Marek');

  await marek.context().close();
  await ewa.context().close();
});

test('the presence endpoint refuses a cross-site caller and a guest', async ({ request }) => {
  const crossSite = await request.post('/api/agent/tickets/VCH-10001/presence', {
    headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    data: {},
  });
  expect(crossSite.status()).toBe(403);
  const guest = await request.post('/api/agent/tickets/VCH-10001/presence', { headers: { 'Sec-Fetch-Site': 'same-origin' }, data: {} });
  expect(guest.status()).toBe(404);
});
