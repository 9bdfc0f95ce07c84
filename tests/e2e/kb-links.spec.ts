import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { capturedEmails, dbQuery, waitFor } from './helpers';

/**
 * The composer's canned picker links to the knowledge base: the agent finds a published article by its title, inserts
 * it from the keyboard as a Markdown link, sends the reply; the customer gets the link in the e-mail and a working link
 * in the portal.
 */
const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

test('an agent inserts a link to a knowledge-base article into a reply; the customer follows it from the portal and gets it by e-mail', async ({
  page,
  browser,
}) => {
  const marker = randomUUID().slice(0, 8);
  const title = `Jak przedłużyć ważność vouchera ${marker}`;
  const slug = `przedluzenie-vouchera-${marker}`;
  await dbQuery(
    `INSERT INTO "KbArticle" (id, "groupId", locale, slug, title, summary, body, "bodyHtml", section, tags, categories, status, version,
       "publishedAt", "createdAt", "updatedAt")
     VALUES (gen_random_uuid(), gen_random_uuid(), 'pl', $1, $2, 'Przedłużenie ważności w panelu.', 'Ważność przedłużysz w panelu.',
       '<p>Ważność przedłużysz w panelu.</p>', 'vouchery', '{}', '{}', 'PUBLISHED', 1, now(), now(), now())`,
    [slug, title],
  );
  // A draft with the same words is never offered.
  await dbQuery(
    `INSERT INTO "KbArticle" (id, "groupId", locale, slug, title, summary, body, "bodyHtml", section, tags, categories, status, version,
       "createdAt", "updatedAt")
     VALUES (gen_random_uuid(), gen_random_uuid(), 'pl', $1, $2, '', 'Szkic.', '<p>Szkic.</p>', 'vouchery', '{}', '{}', 'DRAFT', 1, now(), now())`,
    [`szkic-${marker}`, `Szkic o ważności vouchera ${marker}`],
  );

  const email = `ola.${marker}@sklep-test.pl`;
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Imię i nazwisko').fill('Ola Nowak');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Temat').fill(`Voucher wygasł ${marker}`);
  await page.getByLabel('Co się stało?').fill('Klient ma voucher, który wygasł wczoraj. Czy można go przedłużyć?');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const numberText = page.getByTestId('ticket-number');
  await expect(numberText).toHaveText(/^VCH-\d{5,}$/);
  const number = (await numberText.textContent())!.trim();

  const agent = await (await browser.newContext()).newPage();
  await agent.request.get(AGENT_SIGN_IN);
  await agent.goto(`/agent/zgloszenia/${number}`);
  const box = agent.getByRole('textbox', { name: 'Odpowiedź publiczna' });
  await box.fill('Dzień dobry, tu jest instrukcja: ');
  await agent.getByRole('button', { name: 'Gotowe odpowiedzi' }).click();
  const picker = agent.getByTestId('canned-picker');
  const search = picker.getByRole('combobox', { name: 'Szukaj odpowiedzi lub artykułu' });
  await expect(search).toBeFocused();
  // No accents typed: the title search folds them.
  await search.fill(`waznosc ${marker}`);
  const articles = picker.getByRole('group', { name: 'Artykuły bazy wiedzy' });
  await expect(articles.getByRole('option')).toHaveCount(1);
  const option = articles.getByRole('option', { name: new RegExp(title) });
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  await search.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await search.press('Enter');
  await expect(picker).toHaveCount(0);
  await expect(agent.getByTestId('toast')).toContainText(`Wstawiono link do „${title}”`);
  const value = await box.inputValue();
  const link = /\[([^\]]+)\]\((https?:\/\/[^)]+)\)$/.exec(value);
  expect(link?.[1]).toBe(title);
  const url = new URL(link![2]!);
  expect(url.pathname).toBe(`/pomoc/baza-wiedzy/${slug}`);
  await expect(box).toBeFocused();

  await agent.getByRole('button', { name: 'Wyślij', exact: true }).click();
  await expect(agent.getByTestId('toast')).toHaveText('Odpowiedź wysłana');
  await expect(agent.locator('[data-testid="thread-message"][data-type="AGENT"]').getByRole('link', { name: title })).toHaveAttribute(
    'href',
    url.href,
  );

  const mail = await waitFor(
    async () => (await capturedEmails()).find((m) => m.to.includes(email) && m.text.includes('tu jest instrukcja')),
    {
      timeoutMs: 20_000,
      what: `the reply with the article link e-mailed to ${email}`,
    },
  );
  expect(mail.text).toContain(url.href);
  expect(mail.html).toContain(`href="${url.href}"`);

  const portalLink = /https?:\/\/\S+\/pomoc\/zgloszenia\/VCH-\d+\?t=[\w.%-]+/.exec(mail.text)?.[0];
  expect(portalLink).toBeTruthy();
  const customer = await (await browser.newContext()).newPage();
  const portal = new URL(portalLink!);
  await customer.goto(`${portal.pathname}${portal.search}`);
  const articleLink = customer.locator('[data-format="markdown"]').getByRole('link', { name: title });
  await expect(articleLink).toHaveAttribute('href', url.href);
  // Links in replies open in a new tab (src/server/markdown/marked.ts).
  const [article] = await Promise.all([customer.context().waitForEvent('page'), articleLink.click()]);
  await expect(article).toHaveURL(url.href);
  await expect(article.getByRole('heading', { level: 1 })).toHaveText(title);
});
