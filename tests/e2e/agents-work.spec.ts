import { expect, test, type Page } from '@playwright/test';
import { dbQuery } from './helpers';

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

async function signIn(page: Page) {
  await page.goto(AGENT_SIGN_IN);
}

test('an agent lands on a home view, not on every ticket, and the whole row opens the ticket', async ({ page }) => {
  await signIn(page);
  await page.goto('/agent');
  await expect(page).toHaveURL(/\/agent\?view=(mine|unassigned)$/);
  await page.getByTestId('queue-view-unassigned').click();
  await expect(page).toHaveURL(/view=unassigned/);
  await expect
    .poll(
      async () => (await dbQuery<{ v: string }>(`SELECT "queueHomeView" AS v FROM "User" WHERE email = 'ewa.dabrowska@vouchie.pl'`))[0]?.v,
    )
    .toBe('unassigned');
  await page.goto('/agent');
  await expect(page).toHaveURL(/\/agent\?view=unassigned$/);
  const row = page.getByTestId('queue-ticket').filter({ visible: true }).first();
  const href = await row.getAttribute('data-href');
  // The row (a table row on a computer, a card on a phone) is a real link: its far corner, away from the subject,
  // opens the ticket too. (The subject's link covers the row: the click lands on it, which is the point.)
  const box = (await row.boundingBox())!;
  await row.click({ position: { x: box.width - 12, y: box.height - 6 }, force: true });
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

test('an agent opening /agent/admin is told it is for administrators, in the agent view', async ({ page }) => {
  await signIn(page);
  await page.goto('/agent/admin');
  await expect(page.getByTestId('admin-only')).toContainText('Tylko dla administratorów');
  await expect(page.getByTestId('signed-in-user')).toHaveText('Ewa Dąbrowska');
  await expect(page.getByRole('link', { name: 'Zaloguj się' })).toHaveCount(0);
});
