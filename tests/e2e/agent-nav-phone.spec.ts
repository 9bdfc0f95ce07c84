import { expect, test } from '@playwright/test';

const ADMIN_SIGN_IN = '/demo/sign-in?email=joanna.mazur%40vouchie.pl';

test('every entry of the agent navigation is visible and reachable by keyboard, whatever the width', async ({ page }, testInfo) => {
  await page.request.get(ADMIN_SIGN_IN);
  await page.goto('/agent/pulpit');
  const nav = page.getByRole('navigation', { name: 'Panel konsultanta' });
  const links = nav.getByRole('link');
  const count = await links.count();
  expect(count).toBeGreaterThanOrEqual(5);

  // Nothing hidden past the edge: the navigation does not scroll sideways, and each entry is wholly on screen.
  expect(await nav.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  for (let index = 0; index < count; index += 1) await expect(links.nth(index)).toBeInViewport({ ratio: 1 });

  // Tab reaches every entry in order, from the first.
  await links.first().focus();
  for (let index = 1; index < count; index += 1) {
    await page.keyboard.press('Tab');
    await expect(links.nth(index)).toBeFocused();
  }
  await page.screenshot({ path: testInfo.outputPath('agent-nav.png') });
});
