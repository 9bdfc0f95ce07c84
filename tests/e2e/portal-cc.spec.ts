import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { capturedEmails, waitFor } from './helpers';

test('the reporter sees and manages the people copied on the ticket from the portal, with errors in Polish', async ({ page, browser }) => {
  const email = `iga.${randomUUID().slice(0, 8)}@cukiernia-test.pl`;
  const colleague = `kasia.${randomUUID().slice(0, 8)}@cukiernia-test.pl`;
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Imię i nazwisko').fill('Iga Lis');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Temat').fill(`Faktura z kopią ${randomUUID().slice(0, 6)}`);
  await page.getByLabel('Co się stało?').fill('Proszę o fakturę korygującą dla księgowości.');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^VCH-\d{5,}$/);

  const mail = await waitFor(async () => (await capturedEmails()).find((m) => m.to.includes(email)), {
    timeoutMs: 20_000,
    what: `the confirmation e-mailed to ${email}`,
  });
  const link = /https?:\/\/\S+\/pomoc\/zgloszenia\/VCH-\d+\?t=[\w.%-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  const reporter = await (await browser.newContext()).newPage();
  const url = new URL(link!);
  await reporter.goto(`${url.pathname}${url.search}`);

  const card = reporter.getByTestId('cc-card');
  await expect(card).toContainText('Nikt nie jest w kopii.');
  const input = card.getByRole('textbox', { name: 'Adres e-mail' });

  // The reporter's own address cannot be copied: the reason, in Polish, tied to the field.
  await input.fill(email);
  await card.getByRole('button', { name: 'Dodaj do kopii' }).click();
  await expect(card.getByRole('alert')).toHaveText(
    'Tego adresu nie można dodać: jest już w zgłoszeniu, należy do zespołu albo osiągnięto limit 10 osób.',
  );
  await expect(input).toHaveAttribute('aria-invalid', 'true');

  await input.fill(colleague);
  await card.getByRole('button', { name: 'Dodaj do kopii' }).click();
  await expect(card.getByTestId('cc-person')).toHaveText(colleague);
  await expect(input).toHaveValue('');

  // The colleague is copied on the next public e-mails; the reporter takes them off again.
  await reporter.reload();
  await expect(card.getByTestId('cc-person')).toHaveText(colleague);
  await card.getByRole('button', { name: `Usuń ${colleague} z kopii` }).click();
  await expect(card.getByTestId('cc-person')).toHaveCount(0);
  await expect(card).toContainText('Nikt nie jest w kopii.');
});
