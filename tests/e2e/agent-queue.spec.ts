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
  await page.goto('/agent');
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

test('a filter in the URL narrows the list, and the back button restores it', async ({ page }) => {
  await page.goto('/agent?status=CLOSED');
  await expect(page.locator('#queue-filter-status')).toHaveValue('CLOSED');
  const rows = page.getByTestId('queue-ticket').filter({ visible: true });
  for (const badge of await rows.getByText(/^(Nowe|Otwarte|Czeka na klienta|Wstrzymane|Rozwiązane)$/).all()) await expect(badge).toBeHidden();

  await page.locator('#queue-filter-priority').selectOption('URGENT');
  await expect(page).toHaveURL(/status=CLOSED/);
  await expect(page).toHaveURL(/priority=URGENT/);
  await page.goBack();
  await expect(page).toHaveURL(/\/agent\?status=CLOSED$/);
  await expect(page.locator('#queue-filter-status')).toHaveValue('CLOSED');
  await expect(page.locator('#queue-filter-priority')).toHaveValue('');
});

test('finds a ticket filed through the API by its voucher code, and opens it with j / k / Enter', async ({ page, request }) => {
  const code = `GIFT-${randomUUID().slice(0, 4).toUpperCase()}-${randomUUID().slice(0, 4).toUpperCase()}`;
  const response = await request.post('/api/v1/tickets', {
    headers: { Authorization: `Bearer ${readStack().apiToken}` },
    data: {
      reporter: { email: `queue.${randomUUID().slice(0, 8)}@hotel-test.pl`, name: 'Marta Queue', company: { externalId: 'cmp-e2e-queue', name: 'Hotel Kolejka', plan: 'PREMIUM' } },
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

  await page.goto('/agent');
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
  await expect(first.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${second}$`));
  expect(second).toMatch(/^\/agent\/zgloszenia\/VCH-\d+$/);
});
