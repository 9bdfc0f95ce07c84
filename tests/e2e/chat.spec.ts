import { createServer, type Server } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { mintSsoToken, type SsoClaimsInput } from '../../src/server/auth/sso';
import { freePort } from '../support/ports';
import {
  acceptNextChat,
  AGENT_NAME,
  agentOnline,
  agentSays,
  agentTranscript,
  biznesMerchant,
  IN_HOURS,
  OUTSIDE_HOURS,
  setClock,
  signInCustomer,
} from './chat-helpers';
import { dbQuery, makePng, readStack } from './helpers';

/**
 * Live chat, the customer's side (issue 10): the contact page's chat in place and the embeddable widget. The agent
 * is driven through the agent HTTP API (docs/chat.md) with a staff session, its event stream held open the way the
 * inbox holds it (that stream is what makes an agent "online").
 */

/** Pastes an image into the focused message box, as the clipboard does after a screenshot. */
async function pasteScreenshot(page: Page, png: Buffer) {
  await page.getByLabel('Wiadomość', { exact: true }).evaluate((box, data) => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    box.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }));
  }, png.toString('base64'));
}

test.describe.configure({ mode: 'serial' });

test.afterEach(async () => {
  await setClock(null);
});

test('a Biznes merchant chats with an agent in hours: messages both ways, a pasted screenshot, a reload mid-chat, the agent ends it', async ({
  page,
  playwright,
}) => {
  await setClock(IN_HOURS);
  const agent = await agentOnline(playwright);
  try {
    await signInCustomer(page, biznesMerchant());
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Czat na żywo' }) });
    await card.getByRole('button', { name: 'Rozpocznij czat' }).click();
    const chat = page.getByRole('region', { name: 'Czat na żywo' });
    await expect(chat.getByText('Konsultanci są teraz dostępni')).toBeVisible();
    await chat.getByLabel('W czym możemy pomóc?').fill('Klient nie może zrealizować vouchera VCH-TEST-1');
    await chat.getByRole('button', { name: 'Rozpocznij czat' }).click();

    await expect(chat.getByTestId('chat-queue')).toBeVisible();
    await expect(chat.getByTestId('chat-message').filter({ hasText: 'Klient nie może zrealizować vouchera' })).toBeVisible();

    const { id, ticketNumber } = await acceptNextChat(agent);
    await expect(chat.getByTestId('chat-agent-name')).toHaveText(AGENT_NAME);
    await agentSays(agent, id, 'Dzień bobry! Proszę o zrzut ekranu z komunikatem.');
    await expect(chat.getByTestId('chat-message').filter({ hasText: 'Dzień bobry! Proszę o zrzut ekranu z komunikatem.' })).toBeVisible();

    const box = chat.getByLabel('Wiadomość', { exact: true });
    await box.fill('Już wysyłam');
    await pasteScreenshot(page, makePng({ width: 4, height: 3 }));
    await expect(chat.getByText('gotowe')).toBeVisible();
    await box.press('Enter');
    await expect(chat.getByTestId('chat-message').filter({ hasText: 'Już wysyłam' })).toBeVisible();
    await expect(chat.getByRole('img', { name: /Zrzut ekranu: zrzut-ekranu-/ })).toBeVisible();
    await expect
      .poll(async () => (await agentTranscript(agent, id)).messages.find((m) => m.body === 'Już wysyłam')?.attachments[0]?.mimeType)
      .toBe('image/png');

    // A reload mid-chat: the same conversation, everything in it, nothing twice.
    await page.reload();
    const again = page.getByRole('region', { name: 'Czat na żywo' });
    await expect(again.getByTestId('chat-message').filter({ hasText: 'Dzień bobry! Proszę o zrzut ekranu z komunikatem.' })).toBeVisible();
    await expect(again.getByTestId('chat-message').filter({ hasText: 'Już wysyłam' })).toHaveCount(1);
    await expect(again.getByTestId('chat-message').filter({ hasText: 'Klient nie może zrealizować vouchera' })).toHaveCount(1);

    await agentSays(agent, id, 'Naprawione — voucher działa.');
    await expect(again.getByTestId('chat-message').filter({ hasText: 'Naprawione — voucher działa.' })).toBeVisible();
    expect((await agent.api.post(`/api/agent/chat/${id}/end`, { data: {} })).ok()).toBe(true);
    await expect(again.getByRole('heading', { name: 'Rozmowa zakończona' })).toBeVisible();
    await expect(again.getByLabel('Wiadomość', { exact: true })).toHaveCount(0);

    await again.getByRole('radio', { name: /5 gwiazdek/ }).check();
    await again.getByRole('button', { name: 'Wyślij ocenę' }).click();
    await expect(again.getByText('Dziękujemy za ocenę!')).toBeVisible();

    // The chat is a ticket: in the customer's Moje zgłoszenia with its transcript.
    await page.goto('/pomoc/zgloszenia');
    await page.getByRole('link', { name: /Wszystkie/ }).click();
    await expect(page.getByText(ticketNumber)).toBeVisible();
    const [row] = await dbQuery<{ channel: string }>(`SELECT "channel"::text AS channel FROM "Ticket" WHERE "number" = $1`, [
      Number(ticketNumber.replace(/\D/g, '')),
    ]);
    expect(row?.channel).toBe('CHAT');
  } finally {
    await agent.stop();
  }
});

test('a Start merchant is not offered chat: the card says which plans have it', async ({ page }) => {
  await setClock(IN_HOURS);
  await signInCustomer(page, {
    sub: 'usr-piotr-cmp-kwiaciarnia',
    email: 'piotr@kwiaciarnia-rozana.pl',
    name: 'Piotr Zieliński',
    company: { id: 'cmp-kwiaciarnia', name: 'Kwiaciarnia Różana Sp. z o.o.', plan: 'START' },
    locale: 'pl',
  });
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Czat na żywo' }) });
  await expect(card.getByText('Dostępny w planach Biznes i Premium')).toBeVisible();
  await expect(card.getByRole('button')).toHaveCount(0);
});

test('outside chat hours the message left in the chat becomes a ticket at once, its number shown', async ({ page }) => {
  await setClock(OUTSIDE_HOURS);
  await signInCustomer(page, biznesMerchant());
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Czat na żywo' }) });
  await card.getByRole('button', { name: 'Zostaw wiadomość' }).click();
  const chat = page.getByRole('region', { name: 'Czat na żywo' });
  await expect(chat.getByText('Czat jest teraz zamknięty')).toBeVisible();
  await expect(chat.getByText(/Konsultanci czatu pracują: pon\.–pt\., 09:00–17:00/)).toBeVisible();
  await chat.getByLabel('W czym możemy pomóc?').fill('Proszę o kontakt w sprawie faktury za grudzień.');
  await chat.getByRole('button', { name: 'Wyślij wiadomość' }).click();
  const number = chat.getByTestId('chat-ticket-number');
  await expect(number).toHaveText(/^VCH-\d+$/);
  const [row] = await dbQuery<{ channel: string }>(`SELECT "channel"::text AS channel FROM "Ticket" WHERE "number" = $1`, [
    Number((await number.textContent())!.replace(/\D/g, '')),
  ]);
  expect(row).toBeTruthy();
});

/**
 * A plain HTML page on another site (http://localhost:<port>, the app being http://127.0.0.1) carrying the snippet
 * with `data-sso-url`, and that URL: a fresh panel SSO token for `merchant`, as the panel's own endpoint would mint.
 * Without a merchant, the public site's page: the bare snippet, no SSO (visitors give name and e-mail).
 */
async function hostPage(port: number, appUrl: string, merchant: SsoClaimsInput | null): Promise<Server> {
  const snippet = merchant
    ? `<script src="${appUrl}/widget.js" data-sso-url="/sso-token" data-user-id="${merchant.sub}" async></script>`
    : `<script src="${appUrl}/widget.js" async></script>`;
  const html = `<!doctype html><html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${merchant ? 'Panel Vouchie' : 'Vouchie — vouchery dla firm'}</title>
<style>body{font:16px system-ui;margin:0;padding:24px}main{max-width:40rem}</style></head>
<body><main><h1>${merchant ? 'Panel Vouchie' : 'Vouchie'}</h1><p id="content">Treść strony.</p></main>
${snippet}</body></html>`;
  const server = createServer((request, response) => {
    if (request.url === '/sso-token' && merchant) {
      void mintSsoToken(merchant, readStack().ssoSecret).then((token) => {
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        response.end(token);
      });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

async function closeServer(server: Server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

test('the widget in the panel on another site: a launcher that moves nothing, the merchant known by SSO chats with an agent', async ({
  page,
  playwright,
}) => {
  const stack = readStack();
  await setClock(IN_HOURS);
  const server = await hostPage(stack.widgetHostPort, stack.appUrl, biznesMerchant());
  const agent = await agentOnline(playwright);
  try {
    await page.goto(`http://localhost:${stack.widgetHostPort}/`);
    const before = await page.locator('#content').boundingBox();
    const launcher = page.getByRole('button', { name: 'Otwórz czat z pomocą Vouchie' });
    await expect(launcher).toBeVisible();
    expect(await page.locator('#content').boundingBox()).toEqual(before);
    expect(await page.evaluate(() => Object.keys(window).filter((key) => key.startsWith('Vouchie')))).toEqual(['VouchieChat']);

    await launcher.click();
    const frame = page.frameLocator('iframe[title="Czat z pomocą Vouchie"]');
    // Known by the panel's token: no name or e-mail to type.
    await expect(frame.getByText('Konsultanci są teraz dostępni')).toBeVisible();
    await expect(frame.getByLabel('Adres e-mail')).toHaveCount(0);
    await frame.getByLabel('W czym możemy pomóc?').fill('Czy voucher można przedłużyć?');
    await frame.getByRole('button', { name: 'Rozpocznij czat' }).click();
    const { id } = await acceptNextChat(agent);
    await agentSays(agent, id, 'Tak, w panelu w zakładce Vouchery.');
    await expect(frame.getByTestId('chat-message').filter({ hasText: 'Tak, w panelu w zakładce Vouchery.' })).toBeVisible();
    await frame.getByLabel('Wiadomość', { exact: true }).fill('Dziękuję!');
    await frame.getByLabel('Wiadomość', { exact: true }).press('Enter');
    await expect.poll(async () => (await agentTranscript(agent, id)).messages.some((m) => m.body === 'Dziękuję!')).toBe(true);

    await frame.getByRole('button', { name: 'Zamknij czat' }).click();
    await expect(page.locator('iframe[title="Czat z pomocą Vouchie"]')).toBeHidden();
    await expect(launcher).toBeFocused();
    expect(await page.locator('#content').boundingBox()).toEqual(before);
  } finally {
    await agent.stop();
    await closeServer(server);
  }
});

test('the widget on a site not in CHAT_WIDGET_ORIGINS: the browser refuses the iframe', async ({ page }) => {
  const stack = readStack();
  const other = await freePort();
  const server = await hostPage(other, stack.appUrl, biznesMerchant());
  try {
    const refused = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
    await page.goto(`http://localhost:${other}/`);
    await page.getByRole('button', { name: 'Otwórz czat z pomocą Vouchie' }).click();
    await refused;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeTruthy();
    await expect(page.frameLocator('iframe[title="Czat z pomocą Vouchie"]').getByText('Czat na żywo')).toHaveCount(0);
    const response = await page.request.get(`${stack.appUrl}/czat/widget`);
    expect(response.headers()['content-security-policy']).toContain(`frame-ancestors 'self' http://localhost:${stack.widgetHostPort}`);
    expect(response.headers()['x-frame-options']).toBeUndefined();
  } finally {
    await closeServer(server);
  }
});

test('the widget on the public site: a visitor gives name and e-mail, an agent answers, the chat is a ticket in the queue', async ({
  page,
  playwright,
}) => {
  const stack = readStack();
  await setClock(IN_HOURS);
  const server = await hostPage(stack.widgetHostPort, stack.appUrl, null);
  const agent = await agentOnline(playwright);
  const email = `ola.${randomUUID().slice(0, 8)}@example.pl`;
  try {
    // The visitors' default (another spec may have just changed and reset it; other instances follow within 30 s).
    await expect
      .poll(async () => ((await (await fetch(`${stack.appUrl}/api/chat/availability`)).json()) as { reason: string }).reason, {
        timeout: 45_000,
      })
      .toBe('OPEN');
    await page.goto(`http://localhost:${stack.widgetHostPort}/`);
    await page.getByRole('button', { name: 'Otwórz czat z pomocą Vouchie' }).click();
    const frame = page.frameLocator('iframe[title="Czat z pomocą Vouchie"]');
    // No account: chat is offered by the admins' visitor rules (default: in BIZNES hours), name and e-mail first.
    await expect(frame.getByText('Konsultanci są teraz dostępni')).toBeVisible();
    await expect(frame.getByLabel('Imię i nazwisko')).toBeVisible();
    await frame.getByLabel('Imię i nazwisko').fill('Ola Nowak');
    await frame.getByLabel('Adres e-mail').fill('ola@');
    await frame.getByLabel('W czym możemy pomóc?').fill('Czy mogę kupić voucher dla firmy?');
    await frame.getByRole('button', { name: 'Rozpocznij czat' }).click();
    // The shared schema's message, in Polish, next to the field.
    await expect(frame.getByText('Podaj poprawny adres e-mail, np. jan@firma.pl.')).toBeVisible();
    await expect(frame.getByLabel('Adres e-mail')).toBeFocused();

    const violations = (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations;
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    await frame.getByLabel('Adres e-mail').fill(email);
    await frame.getByRole('button', { name: 'Rozpocznij czat' }).click();
    await expect(frame.getByTestId('chat-message').filter({ hasText: 'Czy mogę kupić voucher dla firmy?' })).toBeVisible();

    const { id, ticketNumber } = await acceptNextChat(agent);
    await expect(frame.getByTestId('chat-agent-name')).toHaveText(AGENT_NAME);
    await agentSays(agent, id, 'Tak — napiszę, jak to zrobić.');
    await expect(frame.getByTestId('chat-message').filter({ hasText: 'Tak — napiszę, jak to zrobić.' })).toBeVisible();
    await frame.getByLabel('Wiadomość', { exact: true }).fill('Dziękuję, czekam.');
    await frame.getByLabel('Wiadomość', { exact: true }).press('Enter');
    await expect.poll(async () => (await agentTranscript(agent, id)).messages.some((m) => m.body === 'Dziękuję, czekam.')).toBe(true);

    const conversation = (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations;
    expect(conversation.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // Usable at 375 px: the chat fills the screen, nothing in it scrolls sideways, the message box is on screen.
    await page.setViewportSize({ width: 375, height: 740 });
    await expect(frame.getByLabel('Wiadomość', { exact: true })).toBeInViewport();
    const frameHandle = page.frames().find((f) => f.url().includes('/czat/widget'));
    expect(frameHandle).toBeTruthy();
    expect(await frameHandle!.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.screenshot({ path: test.info().outputPath('visitor-chat-375.png') });

    // Filed like a guest's ticket under the typed address, unverified, with the chat's first response in seconds.
    const [row] = await dbQuery<{ channel: string; email: string; verified: boolean; target: number }>(
      `SELECT t."channel"::text AS channel, u."email", c."verified",
              extract(epoch FROM t."firstResponseDueAt" - c."startedAt")::int AS target
       FROM "Ticket" t JOIN "User" u ON u."id" = t."reporterId" JOIN "ChatSession" c ON c."ticketId" = t."id"
       WHERE t."number" = $1`,
      [Number(ticketNumber.replace(/\D/g, ''))],
    );
    expect(row).toEqual({ channel: 'CHAT', email, verified: false, target: 120 });
    // And it is in the agents' queue.
    await expect
      .poll(async () =>
        (await (await agent.api.get(`/agent?view=all&q=${encodeURIComponent(ticketNumber)}`)).text()).includes(ticketNumber),
      )
      .toBe(true);
  } finally {
    await agent.stop();
    await closeServer(server);
  }
});
