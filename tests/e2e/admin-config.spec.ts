import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { dbQuery, readStack } from './helpers';

const ADMIN = '/demo/sign-in?email=joanna.mazur%40vouchie.pl';
const AGENT = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

async function signedIn(browser: Browser, signIn: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.request.get(signIn);
  return page;
}

// Settings are global: whatever a test changed is undone even if it failed halfway, so the specs after this one
// (which file tickets in other categories) see the catalogue's categories.
test.afterEach(async () => {
  await dbQuery('DELETE FROM "CategorySetting"');
});

test('an admin renames a category, hides another and moves one up; the contact form follows', async ({ browser }, testInfo) => {
  const newName = `Pomysł na nową funkcję ${testInfo.project.name}`;
  const admin = await signedIn(browser, ADMIN);
  await admin.goto('/agent/admin/kategorie');
  await expect(admin.getByRole('heading', { level: 2, name: 'Kategorie zgłoszeń' })).toBeVisible();

  const suggestion = admin.getByTestId('category-SUGGESTION');
  await suggestion.getByLabel('Nazwa po polsku').fill(newName);
  await admin.getByTestId('category-CONFIGURATION').getByLabel('Widoczna w formularzu kontaktowym').uncheck();
  // Reordering by keyboard: focus stays on the moved card's button, so Enter twice moves it two places.
  await suggestion.getByRole('button', { name: /^Przesuń wyżej/ }).focus();
  await admin.keyboard.press('Enter');
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('category-SUGGESTION')).toContainText('2 z 5');
  // Enter rather than a tap: on a phone the admin's header is wider than the screen (its nav has one more entry
  // than an agent's), and the tap at the foot of this long page then lands beside the button.
  await admin.getByRole('button', { name: 'Zapisz zmiany' }).press('Enter');
  await expect(admin.getByTestId('toast')).toHaveText('Zapisano ustawienia kategorii');

  const guest = await browser.newPage();
  await guest.goto('/pomoc/kontakt');
  await expect(guest.getByRole('radio', { name: newName })).toBeVisible();
  await expect(guest.getByRole('radio', { name: 'Konfiguracja' })).toHaveCount(0);
  await expect(guest.getByRole('radio', { name: 'Sugestia rozwoju produktu' })).toHaveCount(0);
  const order = await guest.locator('[id^="category-"][id$="-label"]').allTextContents();
  expect(order).toEqual(['Błąd techniczny', newName, 'Subskrypcja i płatności', 'Inne']);
  await guest.context().close();
  await admin.context().close();
});

test('an admin writes a canned response with placeholders; an agent inserts it with the customer and ticket filled in', async ({
  browser,
}, testInfo) => {
  const title = `Powitanie e2e ${testInfo.project.name} ${randomUUID().slice(0, 6)}`;
  try {
    const admin = await signedIn(browser, ADMIN);
    await admin.goto('/agent/admin/odpowiedzi/nowa');
    await admin.getByLabel('Tytuł').fill(title);
    const body = admin.getByLabel('Treść');
    await body.fill('Dzień dobry {{klient.pesel}},');
    await expect(admin.getByTestId('canned-editor')).toContainText('Nieznany znacznik: {{klient.pesel}}');

    await body.fill('Dzień dobry ');
    await admin.getByRole('button', { name: 'Wstaw {{klient.imie}}' }).click();
    await body.press('End');
    await body.pressSequentially(',\nodpowiadamy na zgłoszenie ');
    await admin.getByRole('button', { name: 'Wstaw {{zgloszenie.numer}}' }).click();
    await body.press('End');
    await body.pressSequentially('.');
    await expect(body).toHaveValue('Dzień dobry {{klient.imie}},\nodpowiadamy na zgłoszenie {{zgloszenie.numer}}.');
    await expect(admin.getByTestId('canned-preview')).toHaveText('Dzień dobry Anna,\nodpowiadamy na zgłoszenie VCH-10042.');
    await admin.getByRole('button', { name: 'Utwórz odpowiedź' }).click();
    await expect(admin).toHaveURL(/\/agent\/admin\/odpowiedzi$/);
    await expect(admin.getByTestId('canned-row').filter({ hasText: title })).toContainText('Aktywna');
    await admin.context().close();

    const response = await (
      await browser.newContext()
    ).request.post('/api/v1/tickets', {
      headers: { Authorization: `Bearer ${readStack().apiToken}` },
      data: {
        reporter: { email: `bozena.${randomUUID().slice(0, 8)}@hotel-test.pl`, name: 'Bożena Kwiatkowska' },
        category: 'TECHNICAL_ERROR',
        subject: `Voucher nie przechodzi w recepcji ${randomUUID().slice(0, 6)}`,
        actual: 'Recepcja nie może zrealizować vouchera, system mówi, że wygasł.',
      },
    });
    expect(response.status()).toBe(201);
    const { number } = (await response.json()) as { number: string };

    const agent = await signedIn(browser, AGENT);
    await agent.goto(`/agent/zgloszenia/${number}`);
    const reply = agent.getByRole('textbox', { name: 'Odpowiedź publiczna' });
    await reply.fill('Wstęp. ');
    await agent.getByRole('button', { name: 'Gotowe odpowiedzi' }).click();
    const search = agent.getByRole('combobox', { name: 'Szukaj odpowiedzi lub artykułu' });
    await expect(search).toBeFocused();
    await search.fill(title.slice(-6));
    // Scoped to the picker: the ticket's field selects have options too.
    const options = agent.getByTestId('canned-picker').getByRole('option');
    await expect(options).toHaveCount(1);
    await expect(options.and(agent.getByRole('option', { selected: true }))).toContainText(title);
    await search.press('Escape');
    await expect(agent.getByTestId('canned-picker')).toHaveCount(0);
    await expect(agent.getByRole('button', { name: 'Gotowe odpowiedzi' })).toBeFocused();

    await agent.getByRole('button', { name: 'Gotowe odpowiedzi' }).press('Enter');
    await search.fill(title.slice(-6));
    await search.press('Enter');
    await expect(reply).toHaveValue(`Wstęp. Dzień dobry Bożena,\nodpowiadamy na zgłoszenie ${number}.`);
    await expect(reply).toBeFocused();
    await expect(agent.getByTestId('toast')).toContainText(`Wstawiono „${title}”`);
    await agent.context().close();
  } finally {
    await dbQuery('DELETE FROM "CannedResponse" WHERE title = $1', [title]);
  }
});
