import { randomUUID } from 'node:crypto';
import { expect, test, type FileChooser, type Locator, type Page } from '@playwright/test';
import { makePng } from './helpers';

/**
 * The contact form with the keyboard alone: no clicks, no fill(), no setInputFiles() on the input. Everything a
 * guest does here is Tab, Shift+Tab, arrows, Space, Enter and typing, as someone who cannot use a mouse would.
 */

/** Presses Tab until `target` has focus; fails if it does not come within `max` presses. */
async function tabTo(page: Page, target: Locator, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab did not reach ${target.toString()} within ${max} presses`);
}

/**
 * Opens the form. It hydrates on first use (src/components/contact/deferred-contact-form.tsx), so these keys may
 * come before its code: what they do meanwhile is kept and done once it has loaded (contact-before-hydration.spec.ts).
 */
async function openForm(page: Page) {
  await page.goto('/pomoc/kontakt');
  await expect(page.getByRole('heading', { level: 2, name: 'Wyślij zgłoszenie' })).toBeVisible();
  // The browser line fills in when the page's own code has run (the part that wakes the form on first use).
  await expect(page.getByText('Sprawdzamy Twoją przeglądarkę…')).toHaveCount(0);
}

test('Tab goes through the whole form in reading order, one stop per field and per radio group', async ({ page }, testInfo) => {
  await openForm(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Przejdź do treści' });
  await expect(skip).toBeFocused();
  // Shown as a bar above the header, not over the logo.
  const [skipBox, logoBox] = [
    await skip.boundingBox(),
    await page.getByRole('link', { name: 'Vouchie — Pomoc, strona główna' }).boundingBox(),
  ];
  expect(skipBox && logoBox && skipBox.y + skipBox.height <= logoBox.y).toBe(true);

  const name = page.getByLabel('Imię i nazwisko');
  await tabTo(page, name);
  const order: Locator[] = [
    page.getByLabel('Adres e-mail'),
    // One stop for the category group: its first card while nothing is chosen.
    page.getByRole('radio', { name: 'Błąd techniczny' }),
    page.getByLabel('Temat'),
    page.getByLabel('Co chcesz zrobić?'),
    page.getByLabel('Co się stało?'),
    page.getByLabel('Co powinno się stać?'),
    page.getByLabel('Kiedy wystąpił problem?'),
    // One stop for the priority group: the chosen option.
    page.getByRole('radio', { name: 'Normalny' }),
    page.getByRole('button', { name: 'Dodaj identyfikator' }),
    page.getByLabel('Wybierz pliki'),
    // The camera on phones (a coarse pointer), then the screen recorder (where the browser can record).
    ...(testInfo.project.name === 'phone' ? [page.getByLabel('Zrób zdjęcie')] : []),
    page.getByRole('button', { name: 'Nagraj ekran' }),
    page.getByRole('button', { name: 'Edytuj informacje o środowisku' }),
    // What the form collects, with the privacy notice, just above the send button.
    page.getByTestId('privacy-notice').getByRole('link'),
    page.getByRole('button', { name: 'Wyślij zgłoszenie' }),
  ];
  for (const next of order) {
    await page.keyboard.press('Tab');
    // A date-time field has one stop per part (day, month, year, hour, minute): Tab walks through them.
    for (
      let part = 0;
      part < 6 && (await page.getByLabel('Kiedy wystąpił problem?').evaluate((el) => el === document.activeElement));
      part++
    ) {
      if (await next.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(next).toBeFocused();
  }

  // Shift+Tab walks back the same way.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('privacy-notice').getByRole('link')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Edytuj informacje o środowisku' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Nagraj ekran' })).toBeFocused();
});

test('Enter in a field with nothing filled in focuses the error summary, which is announced and leads to each field', async ({ page }) => {
  await openForm(page);
  const name = page.getByLabel('Imię i nazwisko');
  await tabTo(page, name);
  await page.keyboard.press('Enter');

  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeFocused();
  // role=alert: announced by screen readers the moment it appears (and read again as the focused element).
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(summary).toContainText('Popraw 5 pól, aby wysłać zgłoszenie');
  await expect(summary).toContainText('Wszystkie wpisane dane zostały zachowane.');

  // Its links, in the form's order; Enter on one puts the cursor in that field.
  const links = summary.getByRole('link');
  await expect(links).toHaveText(['Imię i nazwisko', 'Adres e-mail', 'Czego dotyczy zgłoszenie?', 'Temat', 'Co się stało?']);
  await page.keyboard.press('Tab');
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.type('Łucja Żółkiewska');

  // Back to the summary with Shift+Tab, on to the category's link, and pick a category from there.
  await summary.getByRole('link', { name: 'Czego dotyczy zgłoszenie?' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('radio', { name: 'Błąd techniczny' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio', { name: 'Błąd techniczny' })).toBeChecked();
  await expect(page.getByRole('group', { name: /Czego dotyczy zgłoszenie/ })).not.toHaveAttribute('aria-invalid', 'true');
});

test('a guest picks a category with the arrows, attaches a file from the chooser and submits, all by keyboard', async ({ page }) => {
  // Playwright turns on file-chooser interception in the browser when a listener is added, without waiting for it:
  // a listener added just before the key press can lose that race under load (the native chooser opens unseen).
  // One listener for the whole test keeps interception on from the first page load.
  const choosers: FileChooser[] = [];
  page.on('filechooser', (chooser) => choosers.push(chooser));
  const nextChooser = async (count: number) => {
    await expect.poll(() => choosers.length, { message: 'the file chooser opens' }).toBe(count);
    return choosers[count - 1]!;
  };
  await openForm(page);
  await tabTo(page, page.getByLabel('Imię i nazwisko'));
  await page.keyboard.type('Łucja Żółkiewska');
  await page.keyboard.press('Tab');
  await page.keyboard.type(`lucja.${randomUUID().slice(0, 8)}@kwiaciarnia-test.pl`);

  // Category cards are a radio group: Space picks the focused card, arrows move to and pick the next one.
  await page.keyboard.press('Tab');
  const technical = page.getByRole('radio', { name: 'Błąd techniczny' });
  await expect(technical).toBeFocused();
  await expect(technical).not.toBeChecked();
  await page.keyboard.press('Space');
  await expect(technical).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Konfiguracja' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Konfiguracja' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Subskrypcja i płatności' })).toBeChecked();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await expect(technical).toBeChecked();
  await expect(technical).toBeFocused();
  // A technical error asks how to reproduce it: that section appears after the cards.
  await expect(page.getByRole('heading', { name: 'Jak odtworzyć problem' })).toBeVisible();

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Temat')).toBeFocused();
  await page.keyboard.type('Voucher odrzucony w kasie');
  await tabTo(page, page.getByLabel('Co się stało?'));
  await page.keyboard.type('Kasa odrzuca kod vouchera, choć jest ważny do czerwca.');

  // The uploader: its "Wybierz pliki" button is the file input itself, so Enter (and Space) open the chooser.
  const choose = page.getByLabel('Wybierz pliki');
  await tabTo(page, choose, 40);
  await page.keyboard.press('Enter');
  await (await nextChooser(1)).setFiles([{ name: 'ekran.png', mimeType: 'image/png', buffer: makePng({ width: 4, height: 3 }) }]);
  await expect(page.getByText('Dołączono')).toHaveCount(1);
  // The status is announced, not only shown.
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'Plik ekran.png został dołączony.' })).toHaveCount(1);

  await expect(choose).toBeFocused();
  await page.keyboard.press('Space');
  await (
    await nextChooser(2)
  ).setFiles([{ name: 'konsola.log', mimeType: 'text/plain', buffer: Buffer.from('10:01:02 ERROR VOUCHER_EXPIRED\n') }]);
  await expect(page.getByText('Dołączono')).toHaveCount(2);

  // Each file's remove button is reachable and works from the keyboard; focus then stays in the list.
  await tabTo(page, page.getByRole('button', { name: 'Usuń plik konsola.log' }), 5);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listitem').filter({ hasText: 'konsola.log' })).toHaveCount(0);
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'Usunięto plik konsola.log.' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Usuń plik ekran.png' })).toBeFocused();
  await expect(page.getByText('Dołączono')).toHaveCount(1);

  const submit = page.getByRole('button', { name: 'Wyślij zgłoszenie' });
  await tabTo(page, submit, 15);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-number')).toHaveText(/^VCH-\d{5,}$/);
  // The outcome is announced: focus moves to the confirmation's heading.
  await expect(page.getByRole('heading', { level: 2, name: 'Zgłoszenie wysłane' })).toBeFocused();
});
