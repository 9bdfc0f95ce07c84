import { randomUUID } from 'node:crypto';
import { expect, test, type Page, type Route } from '@playwright/test';
import { dbQuery, makePng } from './helpers';

/**
 * The contact form's code loads on first use (src/components/contact/deferred-contact-form.tsx): until then the page
 * is the server's HTML. These tests hold that code back (every script asked for after the page has loaded waits until
 * released) and use the form meanwhile, as someone on a slow connection would, then check that nothing was lost.
 */

/** Holds every script requested from now on until `release()`; `held()` says how many are waiting. */
async function holdLateScripts(page: Page) {
  const waiting: Route[] = [];
  let released = false;
  await page.route('**/_next/static/**/*.js', async (route) => {
    if (released) await route.continue();
    else waiting.push(route);
  });
  return {
    held: () => waiting.length,
    release: async () => {
      released = true;
      await Promise.all(waiting.splice(0).map((route) => route.continue()));
    },
  };
}

/** The page as first loaded: the form server-rendered, the page's own client code (not the form's) hydrated. */
async function openColdForm(page: Page) {
  await page.goto('/pomoc/kontakt');
  await page.waitForLoadState('networkidle');
  // The page's part fills in what only the browser knows, with the form's code still not loaded.
  await expect(page.getByText('Sprawdzamy Twoją przeglądarkę…')).toHaveCount(0);
  return holdLateScripts(page);
}

async function ticketByNumber(number: string) {
  const [ticket] = await dbQuery<{ id: string; subject: string; category: string; priority: string }>(
    'SELECT id, subject, category::text, priority::text FROM "Ticket" WHERE number = $1',
    [Number(number.slice(4))],
  );
  const [message] = await dbQuery<{ body: string }>('SELECT body FROM "Message" WHERE "ticketId" = $1 ORDER BY "createdAt" LIMIT 1', [
    ticket!.id,
  ]);
  return { ...ticket!, body: message!.body };
}

test('text typed, radios chosen, focus and selection before the form has loaded are kept, and the ticket has them', async ({ page }) => {
  const subject = `Saldo się nie zgadza ${randomUUID().slice(0, 6)}`;
  const actual = 'Po realizacji vouchera saldo pokazuje 0 zł zamiast 50 zł.';
  const gate = await openColdForm(page);

  await page.getByLabel('Imię i nazwisko').click();
  await page.keyboard.type('Łucja Żółkiewska');
  await page.getByLabel('Adres e-mail').pressSequentially(`lucja.${randomUUID().slice(0, 8)}@kwiaciarnia-test.pl`);
  await page.getByRole('radio', { name: 'Subskrypcja i płatności' }).check();
  await page.getByRole('radio', { name: 'Wysoki' }).check();
  await page.getByLabel('Temat').click();
  await page.keyboard.type(subject);
  const description = page.getByLabel('Co się stało?');
  await description.click();
  await page.keyboard.type(actual);
  await description.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(4, 14));

  // Still the server's HTML: the form's code was asked for and is held, and the counter has not counted.
  expect(gate.held()).toBeGreaterThan(0);
  await expect(page.getByText('0 / 150')).toBeVisible();

  await gate.release();
  // Hydrated: the counter counts what was typed before; the field, its text, focus and selection are as they were.
  await expect(page.getByText(`${subject.length} / 150`)).toBeVisible();
  await expect(page.getByLabel('Temat')).toHaveValue(subject);
  await expect(description).toHaveValue(actual);
  await expect(description).toBeFocused();
  expect(await description.evaluate((element: HTMLTextAreaElement) => [element.selectionStart, element.selectionEnd])).toEqual([4, 14]);
  await expect(page.getByRole('radio', { name: 'Subskrypcja i płatności' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Wysoki' })).toBeChecked();

  // Typing on after hydration goes on from the caret (Control+End: on a phone the text wraps, and End ends the line).
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Pilne.');
  await expect(description).toHaveValue(`${actual} Pilne.`);

  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  const ticket = await ticketByNumber(number);
  expect(ticket).toMatchObject({ subject, category: 'BILLING', priority: 'HIGH' });
  expect(ticket.body).toContain(`${actual} Pilne.`);
});

test('Enter pressed before the form has loaded sends the ticket once it has, with what was typed', async ({ page }) => {
  const subject = `Voucher nie działa ${randomUUID().slice(0, 6)}`;
  const actual = 'Klient pokazuje kod, a kasa mówi, że go nie ma.';
  const gate = await openColdForm(page);

  await page.getByLabel('Imię i nazwisko').fill('Jan Kowalski');
  await page.getByLabel('Adres e-mail').fill(`jan.${randomUUID().slice(0, 8)}@example.pl`);
  await page.getByRole('radio', { name: 'Inne' }).check();
  await page.getByLabel('Co się stało?').fill(actual);
  await page.getByLabel('Temat').fill(subject);
  await page.getByLabel('Temat').press('Enter');

  // Not sent by the browser (no navigation with the fields in the address): it waits for the form's code.
  expect(gate.held()).toBeGreaterThan(0);
  expect(new URL(page.url()).search).toBe('');
  await expect(page.getByTestId('ticket-number')).toHaveCount(0);

  await gate.release();
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  const ticket = await ticketByNumber(number);
  expect(ticket).toMatchObject({ subject, category: 'OTHER' });
  expect(ticket.body).toContain(actual);
});

/** A file dropped on `selector`, or an image pasted on the page (Ctrl+V), as the browser delivers them. */
async function dropOrPaste(page: Page, kind: 'drop' | 'paste', name: string, png: Buffer, selector = 'form') {
  await page.evaluate(
    ({ kind, name, data, selector }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
      if (kind === 'paste') {
        document.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }));
        return;
      }
      const target = document.querySelector(selector)!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    { kind, name, data: png.toString('base64'), selector },
  );
}

test('files picked, dropped and pasted and a button pressed before the form has loaded are handed over to it', async ({ page }) => {
  const gate = await openColdForm(page);

  await page.getByLabel('Wybierz pliki').setInputFiles({
    name: 'zrzut.png',
    mimeType: 'image/png',
    buffer: makePng({ width: 2, height: 2, rgb: [20, 120, 60] }),
  });
  // Dropped on the form (not the page's default: opening the file in place of the page), and pasted on the page.
  await dropOrPaste(page, 'drop', 'upuszczony.png', makePng({ width: 3, height: 2, rgb: [200, 30, 30] }));
  await dropOrPaste(page, 'paste', 'image.png', makePng({ width: 2, height: 3, rgb: [37, 69, 234] }));
  await page.getByRole('button', { name: 'Dodaj identyfikator' }).click();
  expect(gate.held()).toBeGreaterThan(0);
  expect(new URL(page.url()).pathname).toBe('/pomoc/kontakt');
  await expect(page.getByText('zrzut.png', { exact: true })).toHaveCount(0);

  await gate.release();
  await expect(page.getByText('zrzut.png', { exact: true })).toBeVisible();
  await expect(page.getByText('upuszczony.png', { exact: true })).toBeVisible();
  await expect(page.getByText(/^zrzut-ekranu-[\d-]+\.png$/)).toBeVisible();
  await expect(page.getByText('Dołączono')).toHaveCount(3);
  // One press, one row.
  await expect(page.getByLabel('Wartość (identyfikator 1)')).toBeVisible();
  await expect(page.getByLabel('Wartość (identyfikator 2)')).toHaveCount(0);
});
