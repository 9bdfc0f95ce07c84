import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { dbQuery } from './helpers';
import { CHROMIUM_LAUNCH_OPTIONS } from './stack';

// Chromium records its own (fake) screen without the picker: what a customer would choose in the browser's dialog.
test.use({
  launchOptions: {
    ...CHROMIUM_LAUNCH_OPTIONS,
    args: [
      ...CHROMIUM_LAUNCH_OPTIONS.args,
      '--auto-select-desktop-capture-source=Entire screen',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  },
});

test('a customer records the screen, watches the recording, attaches it and files the ticket with the video', async ({ page }) => {
  await page.goto('/pomoc/kontakt');
  await page.getByRole('button', { name: 'Nagraj ekran' }).click();
  await expect(page.getByText('Nagrywanie ekranu', { exact: true }).first()).toBeVisible();
  const timer = page.getByTestId('recording-timer');
  await expect(timer).toHaveText(/^0:0[1-9] \/ 3:00$/);
  // Focus moves to Stop, so the keyboard stops the recording too.
  await expect(page.getByRole('button', { name: 'Zatrzymaj' })).toBeFocused();
  await page.keyboard.press('Enter');

  // The review takes focus (and the live region announces it), so the keyboard goes on from there.
  await expect(page.getByText(/^Nagranie gotowe \(0:0\d\)/).first()).toBeFocused();
  const preview = page.getByLabel('Podgląd nagrania');
  await expect(preview).toBeVisible();
  await page.getByRole('button', { name: 'Dołącz nagranie' }).click();
  const row = page.getByRole('listitem').filter({ hasText: /nagranie-ekranu-.*\.webm/ });
  await expect(row).toContainText('Dołączono');

  const subject = `Nagranie błędu w kasie ${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Imię i nazwisko').fill('Łucja Żółkiewska');
  await page.getByLabel('Adres e-mail').fill(`nagranie.${randomUUID().slice(0, 8)}@example.pl`);
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Temat').fill(subject);
  await page.getByLabel('Co się stało?').fill('Na nagraniu widać, że kasa odrzuca kod.');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^VCH-\d+$/);
  // The server checked the bytes, not the name: a real WebM video.
  const files = await dbQuery<{ contentType: string; kind: string }>(
    'SELECT a."contentType", a.kind FROM "Attachment" a JOIN "Ticket" t ON t.id = a."ticketId" WHERE t.subject = $1',
    [subject],
  );
  expect(files).toEqual([{ contentType: 'video/webm', kind: 'VIDEO' }]);
});

test('discarding a recording attaches nothing', async ({ page }) => {
  await page.goto('/pomoc/kontakt');
  await page.getByRole('button', { name: 'Nagraj ekran' }).click();
  await expect(page.getByTestId('recording-timer')).toHaveText(/^0:0[1-9] \/ 3:00$/);
  await page.getByRole('button', { name: 'Zatrzymaj' }).click();
  await page.getByRole('button', { name: 'Odrzuć' }).click();
  await expect(page.getByRole('button', { name: 'Nagraj ekran' })).toBeVisible();
  await expect(page.getByText('Dołączono')).toHaveCount(0);
});
