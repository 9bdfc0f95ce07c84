import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';
const STATUS_LABEL: Record<string, string> = {
  NEW: 'Nowe',
  OPEN: 'Otwarte',
  WAITING_ON_CUSTOMER: 'Czeka na klienta',
  ON_HOLD: 'Wstrzymane',
};

test.beforeEach(async ({ page }) => {
  await page.goto(AGENT_SIGN_IN);
  await page.goto('/agent');
});

test('an agent opens Pulpit from the menu and sees the figures and the chart of the demo data', async ({ page }, testInfo) => {
  await page.getByRole('navigation', { name: 'Panel konsultanta' }).getByRole('link', { name: 'Pulpit' }).click();
  await expect(page).toHaveURL(/\/agent\/pulpit$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pulpit' })).toBeVisible();

  const kpis = page.getByRole('region', { name: 'Najważniejsze wskaźniki' });
  for (const id of ['open', 'unassigned', 'breached', 'first-response', 'resolution', 'csat'])
    await expect(kpis.getByTestId(`kpi-${id}`)).toBeVisible();
  // The demo seed opens tickets over the last 30 days and answers some of them within hours.
  await expect(page.getByTestId('kpi-open-value')).toHaveText(/^[1-9][\d\s]*$/);
  await expect(page.getByTestId('kpi-first-response-value')).toHaveText(/\d+ (min|godz\.)/);

  const chart = page.getByTestId('dashboard-chart-svg');
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('aria-label', /^Wykres słupkowy nowych zgłoszeń dziennie.*razem [1-9]/);
  const bars = page.getByTestId('dashboard-chart-bar');
  await expect(bars).toHaveCount(30);
  const counts = await bars.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-count'))));
  expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  // The same figures for screen readers, in the visually hidden table.
  await expect(page.getByRole('table', { name: 'Nowe zgłoszenia dziennie' }).getByRole('row')).toHaveCount(31);
  await expect(page.getByRole('progressbar').first()).toBeVisible();

  const violations = (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations).toEqual([]);

  // For looking at, not for comparing: the dashboard at a phone's and a desktop's width.
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`dashboard-${width}.png`), fullPage: true });
  }
});

test('a status × priority figure opens the queue filtered to exactly those tickets', async ({ page }) => {
  await page.goto('/agent/pulpit');
  const cells = page.getByTestId('dashboard-matrix').locator('a[data-testid^="matrix-"]');
  const texts = await cells.allTextContents();
  const index = texts.findIndex((text) => Number(text.replace(/\D/g, '')) > 0);
  expect(index).toBeGreaterThanOrEqual(0);
  const cell = cells.nth(index);
  const [, status, priority] = /^matrix-(.+)-(LOW|NORMAL|HIGH|URGENT)$/.exec((await cell.getAttribute('data-testid')) ?? '') ?? [];
  const expected = Number(texts[index]!.replace(/\D/g, ''));

  await cell.click();
  await expect(page).toHaveURL(new RegExp(`/agent\\?status=${status}&priority=${priority}$`));
  const rows = page.getByTestId('queue-ticket').filter({ visible: true });
  await expect(rows).toHaveCount(Math.min(expected, 50));
  for (const row of await rows.all()) await expect(row).toContainText(STATUS_LABEL[status!]!);
});
