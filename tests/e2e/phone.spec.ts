import { randomUUID } from 'node:crypto';
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
