import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { readStack } from './helpers';

/** Presses / until the search box takes focus: proves the queue's keyboard handler has hydrated. */
async function focusSearchWithSlash(page: Page) {
  await expect(async () => {
    await page.keyboard.press('/');
    await expect(page.locator('#queue-search')).toBeFocused({ timeout: 500 });
  }).toPass();
}

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

test.beforeEach(async ({ page }) => {
  await page.goto(AGENT_SIGN_IN);
  await page.goto('/agent?view=all');
});

test('lists the seeded tickets with their views and counts', async ({ page }, testInfo) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Kolejka zgłoszeń' })).toBeVisible();
  await expect(page.getByTestId('queue-ticket').filter({ visible: true }).first()).toBeVisible();
  expect(await page.getByTestId('queue-ticket').filter({ visible: true }).count()).toBeGreaterThan(3);
  await expect(page.getByTestId('queue-count-all')).toHaveText(/^\d+$/);
  await expect(page.getByRole('navigation', { name: 'Widoki' }).getByRole('link', { name: /Nieprzypisane/ })).toBeVisible();
  // For looking at, not for comparing: the queue at a phone's and a desktop's width.
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`queue-${width}.png`) });
  }
});

test('picks two statuses in the multi-select: the URL holds both, chips remove one, the back button restores', async ({
  page,
}, testInfo) => {
  await page.goto('/agent?status=CLOSED');
  if (testInfo.project.name === 'phone') {
    // On a phone the filters fold behind one button that counts the active ones.
    const toggle = page.getByTestId('queue-filters-toggle');
    await expect(toggle).toHaveText('Filtry (1)');
    await toggle.click();
  }
  const rows = page.getByTestId('queue-ticket').filter({ visible: true });
  /** Status badges shown in the listed rows: retried until the list matches, never a snapshot of an older list. */
  const shownStatus = (status: RegExp | string) => rows.getByText(status, { exact: true }).filter({ visible: true });
  await expect(shownStatus('Zamknięte').first()).toBeVisible();
  await expect(shownStatus(/^(Nowe|Otwarte|Czeka na klienta|Wstrzymane|Rozwiązane)$/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Status · 1' }).click();
  const open = page.getByRole('checkbox', { name: 'Otwarte' });
  await expect(page.getByRole('checkbox', { name: 'Zamknięte' })).toBeChecked();
  await open.check();
  await expect(page).toHaveURL(/\/agent\?status=OPEN&status=CLOSED$/);
  await expect(page.getByRole('button', { name: 'Status · 2' })).toBeVisible();
  await expect(open).toBeChecked();
  // The new list is in once an open ticket shows; then it holds open and closed ones only.
  await expect(shownStatus('Otwarte').first()).toBeVisible();
  await expect(shownStatus(/^(Nowe|Czeka na klienta|Wstrzymane|Rozwiązane)$/)).toHaveCount(0);

  // Keyboard: Escape closes and gives focus back to the trigger; Enter reopens on the first box, Space ticks it.
  await page.keyboard.press('Escape');
  await expect(open).toBeHidden();
  const trigger = page.getByRole('button', { name: 'Status · 2' });
  await expect(trigger).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('checkbox', { name: 'Nowe' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\/agent\?status=NEW&status=OPEN&status=CLOSED$/);
  await page.keyboard.press('Escape');

  const chips = page.getByTestId('queue-filter-chips');
  await expect(chips.getByRole('button', { name: /^Usuń filtr Status:/ })).toHaveCount(3);
  await chips.getByRole('button', { name: 'Usuń filtr Status: Nowe' }).click();
  await expect(page).toHaveURL(/\/agent\?status=OPEN&status=CLOSED$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/agent\?status=NEW&status=OPEN&status=CLOSED$/);
  await expect(page.getByRole('button', { name: 'Status · 3' })).toBeVisible();

  await chips.getByRole('button', { name: 'Wyczyść wszystkie' }).click();
  // Every filter removed: "Wszystkie" says so in the URL (a bare /agent opens the agent's home view).
  await expect(page).toHaveURL(/\/agent\?view=all$/);
  await expect(chips).toBeHidden();
  for (const width of [375, 1280]) {
    await page.goto('/agent?status=OPEN&status=NEW&priority=URGENT');
    await page.setViewportSize({ width, height: 900 });
    if (width === 375) await page.getByTestId('queue-filters-toggle').click();
    await page.getByRole('button', { name: 'Status · 2' }).click();
    await page.screenshot({ path: testInfo.outputPath(`queue-filters-${width}.png`) });
  }
});

test('finds a ticket filed through the API by its voucher code, and opens it with j / k / Enter', async ({ page, request }) => {
  const code = `GIFT-${randomUUID().slice(0, 4).toUpperCase()}-${randomUUID().slice(0, 4).toUpperCase()}`;
  const response = await request.post('/api/v1/tickets', {
    headers: { Authorization: `Bearer ${readStack().apiToken}` },
    data: {
      reporter: {
        email: `queue.${randomUUID().slice(0, 8)}@hotel-test.pl`,
        name: 'Marta Queue',
        company: { externalId: 'cmp-e2e-queue', name: 'Hotel Kolejka', plan: 'PREMIUM' },
      },
      category: 'TECHNICAL_ERROR',
      subject: 'Voucher odrzucony w recepcji',
      actual: 'Kod vouchera nie przechodzi w recepcji, system mówi, że wygasł.',
      identifiers: [{ kind: 'VOUCHER_CODE', value: code }],
    },
  });
  expect(response.status()).toBe(201);
  const { number } = (await response.json()) as { number: string };

  await focusSearchWithSlash(page);
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${code}`));
  const rows = page.getByTestId('queue-ticket').filter({ visible: true });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(number);

  await page.goto('/agent?view=all');
  const first = page.getByTestId('queue-ticket').filter({ visible: true });
  await expect(first.first()).toBeVisible();
  const second = await first.nth(1).getAttribute('data-href');
  await focusSearchWithSlash(page);
  await page.keyboard.press('Escape');
  await expect(page.locator('#queue-search')).not.toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(first.nth(1)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${second}$`));
  expect(second).toMatch(/^\/agent\/zgloszenia\/VCH-\d+$/);
});
