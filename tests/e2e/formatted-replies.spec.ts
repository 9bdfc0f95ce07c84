import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { capturedEmails, waitFor } from './helpers';

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

test('an agent replies in Markdown: previewed, shown formatted and sanitised to the team, the customer and in the e-mail; the customer’s * and _ stay as typed', async ({
  page,
  browser,
}) => {
  const email = `ola.${randomUUID().slice(0, 8)}@sklep-test.pl`;
  const subject = `Kod nie działa ${randomUUID().slice(0, 6)}`;
  const customerText = 'Kod *ABC_DEF_1* nie działa, a 2*3 to 6 — proszę o pomoc.';
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Imię i nazwisko').fill('Ola Nowak');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Temat').fill(subject);
  await page.getByLabel('Co się stało?').fill(customerText);
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const numberText = page.getByTestId('ticket-number');
  await expect(numberText).toHaveText(/^VCH-\d{5,}$/);
  const number = (await numberText.textContent())!.trim();

  const agent = await (await browser.newContext()).newPage();
  await agent.request.get(AGENT_SIGN_IN);
  await agent.goto(`/agent/zgloszenia/${number}`);
  const box = agent.getByRole('textbox', { name: 'Odpowiedź publiczna' });
  await box.fill('Ważne: sprawdźcie klucz ');
  // The toolbar wraps the selection (here: nothing selected, so a placeholder) in Markdown marks.
  await agent.getByRole('toolbar', { name: 'Formatowanie' }).getByRole('button', { name: 'Kod', exact: true }).click();
  await expect(box).toHaveValue('Ważne: sprawdźcie klucz `kod`');
  const reply = [
    '**Ważne:** proszę _sprawdzić_ klucz `API_KEY`:',
    '',
    '- [panel](https://vouchie.pl/panel)',
    '- [zły link](javascript:alert(1))',
    '',
    '<script>window.__pwned = true</script>',
  ].join('\n');
  await box.fill(reply);
  await agent.getByRole('button', { name: 'Podgląd' }).click();
  const preview = agent.getByTestId('composer-preview');
  await expect(preview.locator('strong')).toHaveText('Ważne:');
  await expect(preview.locator('code')).toHaveText('API_KEY');
  await agent.getByRole('button', { name: 'Edycja' }).click();
  await expect(box).toHaveValue(reply);
  await agent.getByRole('button', { name: 'Wyślij', exact: true }).click();
  await expect(agent.getByTestId('toast')).toHaveText('Odpowiedź wysłana');

  const agentMessage = agent.locator('[data-testid="thread-message"][data-type="AGENT"]');
  await expect(agentMessage.locator('strong')).toHaveText('Ważne:');
  await expect(agentMessage.locator('em')).toHaveText('sprawdzić');
  await expect(agentMessage.getByRole('link', { name: 'panel' })).toHaveAttribute('href', 'https://vouchie.pl/panel');
  await expect(agentMessage.getByText('zły link')).toBeVisible();
  await expect(agentMessage.locator('a', { hasText: 'zły link' })).toHaveCount(0);
  await expect(agentMessage).toContainText('<script>window.__pwned = true</script>');
  await expect(agentMessage.locator('script')).toHaveCount(0);
  // The customer's message is plain text: its asterisks and underscores are not formatting.
  const customerMessage = agent.locator('[data-testid="thread-message"][data-type="CUSTOMER"]');
  await expect(customerMessage).toContainText(customerText);
  await expect(customerMessage.locator('em, strong')).toHaveCount(0);

  const mail = await waitFor(async () => (await capturedEmails()).find((m) => m.to.includes(email) && m.text.includes('Ważne: proszę')), {
    timeoutMs: 20_000,
    what: `the formatted reply e-mailed to ${email}`,
  });
  expect(mail.text).toContain('Ważne: proszę sprawdzić klucz API_KEY:');
  expect(mail.text).toContain('- panel (https://vouchie.pl/panel)');
  expect(mail.text).not.toContain('**');
  expect(mail.html).toMatch(/<strong style="[^"]*">Ważne:<\/strong>/);
  expect(mail.html).not.toMatch(/<script|href="javascript:/);

  const link = /https?:\/\/\S+\/pomoc\/zgloszenia\/VCH-\d+\?t=[\w.%-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  const customer = await (await browser.newContext()).newPage();
  const url = new URL(link!);
  await customer.goto(`${url.pathname}${url.search}`);
  await expect(customer.locator('[data-format="markdown"] strong')).toHaveText('Ważne:');
  await expect(customer.getByRole('link', { name: 'panel' })).toHaveAttribute('href', 'https://vouchie.pl/panel');
  await expect(customer.getByText(customerText)).toBeVisible();
  expect(await customer.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
});
