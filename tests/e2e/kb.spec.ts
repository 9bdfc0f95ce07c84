import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { dbQuery } from './helpers';

/**
 * The knowledge base end to end: an agent writes and publishes an article; a customer typing a matching subject on
 * the contact form is offered it, opens it, answers "Tak, pomogło"; the dashboard counts one more deflection; and a
 * ticket filed after all shows the agent which articles the customer read.
 */

const AGENT = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

async function deflected(page: Page): Promise<number> {
  await page.goto('/agent/pulpit');
  const figure = page.getByTestId('kb-deflected');
  if (!(await figure.count())) return 0;
  return Number(await figure.getAttribute('data-deflected'));
}

async function agentPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(AGENT);
  return page;
}

test('an agent publishes an article, the contact form suggests it, the customer reads it and the dashboard counts a deflection', async ({
  browser,
  page,
}) => {
  // A made-up word only this article holds, so the suggestion is this article and nothing else.
  const word = `kwiatomat${randomUUID().replace(/-/g, '').slice(0, 6)}`;
  const title = `Jak podłączyć terminal ${word}`;

  const agent = await agentPage(browser);
  const before = await deflected(agent);
  await agent.goto('/agent/baza-wiedzy');
  await agent.getByRole('link', { name: 'Nowy artykuł' }).click();
  await agent.getByLabel('Tytuł').fill(title);
  await expect(agent.getByLabel('Adres (slug)')).toHaveValue(`jak-podlaczyc-terminal-${word}`);
  await agent.getByRole('combobox', { name: /^Dział/ }).selectOption('integracje');
  await agent
    .getByLabel('Treść (Markdown)')
    .fill(`Terminal **${word}** podłączycie w *Integracje → Terminale*.\n\n<script>alert(1)</script>`);
  // The live preview renders the Markdown, and the script only as text.
  const preview = agent.getByRole('region', { name: 'Podgląd' });
  await expect(preview.locator('strong', { hasText: word })).toBeVisible();
  await expect(preview.getByText('<script>alert(1)</script>')).toBeVisible();
  await agent.getByRole('button', { name: 'Zapisz' }).click();
  await expect(agent).toHaveURL(/\/agent\/baza-wiedzy\/[0-9a-f-]{36}$/);
  await expect(agent.getByTestId('kb-status')).toHaveText('Szkic');
  await agent.getByRole('button', { name: 'Opublikuj' }).click();
  await expect(agent.getByTestId('kb-status')).toHaveText('Opublikowany');
  await expect(agent.getByTestId('kb-history')).toContainText('opublikowano');

  // The customer, a guest, describes the problem on the contact form.
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Temat').fill(`Nie działa terminal ${word}`);
  const suggestions = page.getByTestId('kb-suggestions');
  const link = suggestions.getByRole('link', { name: new RegExp(title) });
  await expect(link).toBeVisible();
  // Announced politely; the article with the unusual word comes first.
  await expect(page.getByRole('status').filter({ hasText: /Znaleziono \d pasując/ })).toBeAttached();
  await expect(suggestions.getByRole('link').first()).toContainText(title);

  const [article] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await expect(article.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(article.locator('article script')).toHaveCount(0);
  await article.getByRole('button', { name: 'Tak, pomogło' }).click();
  await expect(article.getByText('Dziękujemy za odpowiedź!')).toBeVisible();
  await expect
    .poll(
      async () =>
        (
          await dbQuery<{ n: number }>(
            `SELECT count(*)::int AS n FROM "KbView" v JOIN "KbArticle" a ON a.id = v."articleId" WHERE a.title = $1 AND v."sessionId" IS NOT NULL`,
            [title],
          )
        )[0]?.n,
    )
    .toBe(1);

  expect(await deflected(agent)).toBe(before + 1);

  // Filing the ticket after all: no longer a deflection, and the agent sees what was read.
  await page.getByLabel('Imię i nazwisko').fill('Alex Nowak');
  await page.getByLabel('Adres e-mail').fill(`alex.${randomUUID().slice(0, 8)}@sklep-test.pl`);
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Co się stało?').fill('Terminal nie łączy się mimo instrukcji.');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const number = (
    await page
      .getByText(/VCH-\d+/)
      .first()
      .textContent()
  )?.match(/VCH-\d+/)?.[0];
  expect(number).toBeTruthy();
  expect(await deflected(agent)).toBe(before);
  await agent.goto(`/agent/zgloszenia/${number}`);
  await expect(agent.getByTestId('kb-seen')).toContainText(title);
  await expect(agent.getByTestId('kb-seen')).toContainText('otwarty');
});

test('the help centre finds an article by an inflected word, and the API answers JSON', async ({ page, request }) => {
  await page.goto('/pomoc/baza-wiedzy');
  await page.getByLabel('Szukaj w bazie wiedzy').fill('voucherów');
  await page.getByRole('button', { name: 'Szukaj' }).click();
  await expect(page.getByRole('link', { name: /Jak aktywować voucher/ })).toBeVisible();

  const response = await request.get('/api/v1/kb/search?q=zrodlo%20platnosci&lang=pl');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { results: { title: string; url: string }[] };
  expect(body.results.length).toBeGreaterThan(0);
  expect(body.results[0]?.url).toMatch(/\/pomoc\/baza-wiedzy\/[a-z0-9-]+$/);
  expect((await request.get(`/api/v1/kb/search?q=${encodeURIComponent("'&|!:*()<>".repeat(50))}`)).status()).toBe(200);
});

test('an article page has its title, description and canonical link', async ({ page }) => {
  await page.goto('/pomoc/baza-wiedzy/wlasna-domena-sklepu');
  await expect(page).toHaveTitle(/Własna domena sklepu z voucherami/);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /CNAME/);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/pomoc\/baza-wiedzy\/wlasna-domena-sklepu$/);
});
