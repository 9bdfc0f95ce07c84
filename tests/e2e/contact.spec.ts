import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { dbQuery, makePng, waitForCapturedEmail } from './helpers';

/** Drops files on the page the way a browser does (a DataTransfer on dragenter/dragover/drop events). */
async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, data: f.bytes.toString('base64') }));
  await page.evaluate((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name, { type: item.type }));
    }
    const target = document.querySelector('form') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, payload);
}

/** Pastes an image as the clipboard does after a screenshot (Print Screen / Cmd+Shift+4 → Ctrl+V). */
async function pasteImage(page: Page, png: Buffer) {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    document.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }));
  }, png.toString('base64'));
}

async function fillGuestTicket(page: Page, { email, subject, voucher }: { email: string; subject: string; voucher: string }) {
  await page.getByLabel('Imię i nazwisko').fill('Łucja Żółkiewska');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Temat').fill(subject);
  await page.getByLabel('Co się stało?').fill('Przy realizacji vouchera pojawia się komunikat, że wygasł 🎁');
  await page.getByLabel('Krok 1', { exact: true }).fill('Vouchery → Realizacja');
  await page.getByLabel('Dokładna treść komunikatu błędu').fill('Błąd 422: VOUCHER_EXPIRED');
  await page.getByRole('button', { name: 'Dodaj identyfikator' }).click();
  await page.getByLabel('Wartość (identyfikator 1)').fill(voucher);
}

test('a guest files a ticket with a pasted screenshot, a dropped one and a log, and gets its number and e-mail', async ({ page }) => {
  const email = `lucja.${randomUUID().slice(0, 8)}@kwiaciarnia-test.pl`;
  const subject = `Voucher odrzucony w kasie ${randomUUID().slice(0, 6)}`;
  const voucher = `GIFT-${randomUUID().slice(0, 8).toUpperCase()}`;

  await page.goto('/pomoc/kontakt');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await fillGuestTicket(page, { email, subject, voucher });

  await pasteImage(page, makePng({ width: 3, height: 2, rgb: [37, 69, 234] }));
  await dropFiles(page, [{ name: 'ekran błędu.png', type: 'image/png', bytes: makePng({ width: 2, height: 2, rgb: [200, 30, 30] }) }]);
  await page.getByLabel('Wybierz pliki').setInputFiles({
    name: 'konsola.log',
    mimeType: 'text/plain',
    buffer: Buffer.from('10:01:02 ERROR VOUCHER_EXPIRED zażółć gęślą jaźń\n'),
  });
  await expect(page.getByText('Dołączono')).toHaveCount(3);

  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const number = page.getByTestId('ticket-number');
  await expect(number).toHaveText(/^VCH-\d{5,}$/);
  const ticketNumber = (await number.textContent())!.trim();
  await expect(page.getByText(email)).toBeVisible();

  const mail = await waitForCapturedEmail({ to: email, subjectIncludes: ticketNumber });
  // A guest's confirmation repeats nothing they typed (docs/security.md): the number and our link only.
  expect(mail.subject).toBe(`[${ticketNumber}] Otrzymaliśmy zgłoszenie`);
  expect(mail.text).not.toContain(subject);
  const link = /https?:\/\/\S+\/pomoc\/zgloszenia\/VCH-\d+\?t=[\w.%-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();

  const [ticket] = await dbQuery<{ id: string; channel: string }>('SELECT id, channel FROM "Ticket" WHERE number = $1', [
    Number(ticketNumber.slice(4)),
  ]);
  expect(ticket?.channel).toBe('WEB');
  const files = await dbQuery<{ fileName: string; contentType: string }>(
    'SELECT "fileName", "contentType" FROM "Attachment" WHERE "ticketId" = $1 ORDER BY "fileName"',
    [ticket!.id],
  );
  expect(files.map((f) => f.contentType).sort()).toEqual(['image/png', 'image/png', 'text/plain; charset=utf-8']);
  expect(files.map((f) => f.fileName)).toContain('ekran błędu.png');
  expect(files.some((f) => /^zrzut-ekranu-.*\.png$/.test(f.fileName))).toBe(true);

  // The link from the e-mail opens the ticket with its thread and files, without signing in.
  await page.goto(link!);
  await expect(page.getByTestId('ticket-number')).toHaveText(ticketNumber);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);
  await expect(page.getByText(voucher)).toBeVisible();
  await expect(page.getByRole('link', { name: /ekran błędu\.png/ })).toBeVisible();
});

test('an empty submit shows Polish messages next to the fields and loses nothing typed', async ({ page }) => {
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Temat').fill('abc');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();

  await expect(page.getByRole('alert').filter({ hasText: /Popraw \d+ p\S+, aby wysłać zgłoszenie/ })).toBeVisible();
  // Each message is tied to its field (aria-describedby), not only listed in the summary.
  await expect(page.getByLabel('Temat')).toHaveAccessibleDescription(/Temat musi mieć co najmniej 5 znaków\./);
  await expect(page.getByLabel('Adres e-mail')).toHaveAccessibleDescription(/Podaj adres e-mail\./);
  await expect(page.getByLabel('Co się stało?')).toHaveAccessibleDescription(/Opisz, co się stało\./);
  await expect(page.getByRole('group', { name: 'Czego dotyczy zgłoszenie?' })).toContainText('Wybierz kategorię zgłoszenia.');
  await expect(page.getByLabel('Temat')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Temat')).toHaveValue('abc');
});

test('a script typed into the form is stored and shown as text', async ({ page }) => {
  const email = `xss.${randomUUID().slice(0, 8)}@example.pl`;
  const evil = `<img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script> ${randomUUID().slice(0, 6)}`;
  await page.goto('/pomoc/kontakt');
  await fillGuestTicket(page, { email, subject: evil, voucher: 'GIFT-XSS' });
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();

  const mail = await waitForCapturedEmail({ to: email, subjectIncludes: number });
  await page.goto(/https?:\/\/\S+\?t=[\w.%-]+/.exec(mail.text)![0]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(evil);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('a refused file gets its own error and the other files stay attached', async ({ page }) => {
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Wybierz pliki').setInputFiles([
    { name: 'zrzut.png', mimeType: 'image/png', buffer: makePng() },
    { name: 'faktura.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]) },
  ]);
  await expect(page.getByRole('listitem').filter({ hasText: 'faktura.png' })).toContainText('Plik faktura.png ma nieobsługiwany format.');
  await expect(page.getByText('Dołączono')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Usuń plik zrzut.png' })).toBeVisible();
  // Only the accepted file counts.
  await expect(page.getByText(/^1 z 10 plików · /)).toBeVisible();

  // Sending with the refused file still listed would leave it off silently: the customer is told and decides.
  const subject = `Faktura nie do otwarcia ${randomUUID().slice(0, 6)}`;
  await fillGuestTicket(page, { email: `refused.${randomUUID().slice(0, 8)}@example.pl`, subject, voucher: 'VCH-REF-1' });
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Plik faktura.png nie zostanie dołączony');
  await expect(page.getByTestId('ticket-number')).toHaveCount(0);

  await page.getByRole('button', { name: 'Usuń plik faktura.png' }).click();
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^VCH-\d+$/);
  const [ticket] = await dbQuery<{ files: number }>(
    'SELECT count(a.*)::int AS files FROM "Ticket" t LEFT JOIN "Attachment" a ON a."ticketId" = t.id WHERE t.subject = $1 GROUP BY t.id',
    [subject],
  );
  expect(ticket?.files).toBe(1);
});

test('on a phone the uploader offers a photo or a file and the camera; on a computer, drag and drop and Ctrl+V', async ({
  page,
}, testInfo) => {
  await page.goto('/pomoc/kontakt');
  const phone = testInfo.project.name === 'phone';
  await expect(page.getByText('Dodaj zdjęcie lub plik')).toBeVisible({ visible: phone });
  await expect(page.getByText('Przeciągnij pliki tutaj lub wklej zrzut ekranu (Ctrl+V)')).toBeVisible({ visible: !phone });
  await expect(page.getByText('Zrób zdjęcie')).toBeVisible({ visible: phone });
  if (phone) {
    // The camera input takes a photo like any chosen file.
    await page.getByLabel('Zrób zdjęcie').setInputFiles({ name: 'kasa.png', mimeType: 'image/png', buffer: makePng() });
    await expect(page.getByText('Dołączono')).toHaveCount(1);
  }
});

test('a double click on submit makes one ticket', async ({ page }) => {
  const email = `double.${randomUUID().slice(0, 8)}@example.pl`;
  const subject = `Podwójne kliknięcie ${randomUUID().slice(0, 6)}`;
  await page.goto('/pomoc/kontakt');
  await fillGuestTicket(page, { email, subject, voucher: 'GIFT-DBL' });
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).dblclick();
  await expect(page.getByTestId('ticket-number')).toBeVisible();
  await waitForCapturedEmail({ to: email, subjectIncludes: 'Otrzymaliśmy zgłoszenie' });
  const rows = await dbQuery<{ count: string }>('SELECT count(*) FROM "Ticket" WHERE subject = $1', [subject]);
  expect(Number(rows[0]?.count)).toBe(1);
});
