import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { mintSsoToken } from '../../src/server/auth/sso';
import { readStack, waitFor, type E2eStack } from './helpers';

/**
 * The agent's side of live chat (issue 10), two browser contexts: a Biznes merchant driven through the customer
 * chat API (as the widget does), and an agent in /agent/czat. The chat arrives, the agent accepts it, they talk
 * (a canned response and an internal note among it), the agent ends it keeping the ticket "Czeka na klienta",
 * and the ticket is in the queue with its chat channel.
 */

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';
/** Monday 7 December 2026, 11:00 in Warsaw: inside Biznes chat hours (Mon–Fri 9–17). */
const IN_HOURS = '2026-12-07T10:00:00Z';

/** Chat hours read this stack's test clock (TEST_CLOCK_FILE, src/server/clock.ts); empty = the real clock. */
async function setChatClock(instant: string | null) {
  const { clockFile } = readStack() as E2eStack & { clockFile?: string };
  if (!clockFile) throw new Error('the e2e stack has no chat-hours clock (TEST_CLOCK_FILE)');
  await writeFile(clockFile, instant ?? '');
}

interface ChatMessage {
  author: string;
  body: string;
  internal: boolean;
}

async function customerTranscript(customer: APIRequestContext, chatId: string, token: string) {
  const response = await customer.get(`/api/chat/${chatId}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as { chat: { status: string }; messages: ChatMessage[] };
}

test.afterEach(async () => {
  await setChatClock(null);
});

test('an agent takes a chat, answers it (a canned response too) and ends it with the ticket waiting on the customer', async ({
  browser,
  playwright,
}, testInfo) => {
  // One conversation end to end: many steps, each a round trip through the stack.
  test.setTimeout(180_000);
  await setChatClock(IN_HOURS);
  const tag = randomUUID().slice(0, 6);
  const merchant = {
    sub: `usr-czat-${tag}`,
    email: `czat.${tag}@winnica-przyklad.pl`,
    name: `Marta Czatowa ${tag}`,
    company: { id: `cmp-winnica-${tag}`, name: `Winnica Przykład ${tag}`, plan: 'BIZNES' as const },
    locale: 'pl' as const,
  };
  const shots = (name: string) => testInfo.outputPath(`${name}.png`);

  // The agent opens the inbox and goes online: the inbox's stream keeps them offered chats.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await agent.request.get(AGENT_SIGN_IN);
  await agent.goto('/agent/czat');
  await expect(agent.getByTestId('chat-list')).toBeVisible();
  await agent.getByTestId('chat-status').getByText('Online', { exact: true }).click();
  await expect(agent.getByRole('radio', { name: 'Online' })).toBeChecked();
  await expect(agent.getByTestId('chat-not-online')).toHaveCount(0);

  // The merchant starts a chat from the panel (the widget's call), with the page they were on.
  const customer = await playwright.request.newContext({ baseURL: readStack().appUrl });
  const started = await customer.post('/api/chat/sessions', {
    data: {
      ssoToken: await mintSsoToken(merchant, readStack().ssoSecret),
      firstMessage: 'Dzień dobry, voucher GIFT-4411 pokazuje się jako wykorzystany, a klient go nie użył.',
      clientMessageId: randomUUID(),
      pageUrl: 'https://panel.vouchie.pl/vouchery/GIFT-4411',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { chat, token } = (await started.json()) as { chat: { id: string; ticketNumber: string }; token: string };

  // It reaches the inbox live: offered to this agent (round-robin) or waiting to be taken.
  const incoming = agent.getByTestId('chat-offer').or(agent.getByTestId('chat-waiting')).filter({ hasText: merchant.name });
  await expect(incoming).toBeVisible();
  await agent.screenshot({ path: shots('inbox-offer'), fullPage: true });
  await incoming.getByRole('button', { name: /^(Przyjmij|Weź)/ }).click();
  await expect(agent).toHaveURL(new RegExp(`czat=${chat.id}`));
  const conversation = agent.getByTestId('chat-conversation');
  await expect(conversation).toHaveAttribute('data-status', 'ACTIVE');
  const messages = agent.getByTestId('chat-messages');
  await expect(messages).toContainText('GIFT-4411 pokazuje się jako wykorzystany');
  // The customer's context: company, plan, the panel page, the browser.
  const context = testInfo.project.name === 'phone' ? agent.getByTestId('chat-context').first() : agent.getByTestId('chat-context').last();
  if (testInfo.project.name === 'phone') await agent.getByText('O kliencie', { exact: true }).click();
  await expect(context).toContainText(merchant.company.name);
  await expect(context).toContainText('Biznes');
  await expect(context).toContainText('panel.vouchie.pl/vouchery/GIFT-4411');
  await expect(context).toContainText('Chrome 131');

  // The customer writes: it shows live, and is announced.
  const customerSays = await customer.post(`/api/chat/${chat.id}/messages`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { clientMessageId: randomUUID(), body: 'Klient jest teraz przy recepcji.' },
  });
  expect(customerSays.status(), await customerSays.text()).toBe(201);
  await expect(messages).toContainText('Klient jest teraz przy recepcji.');
  await expect(agent.getByTestId('chat-announcer')).toContainText('Klient jest teraz przy recepcji.');

  // The agent answers with Enter; the customer has it.
  const composer = agent.getByRole('textbox', { name: 'Wiadomość do klienta' });
  await composer.fill('Sprawdzam historię tego vouchera, chwileczkę.');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  await waitFor(
    async () =>
      (await customerTranscript(customer, chat.id, token)).messages.some(
        (m) => m.author === 'AGENT' && m.body.includes('Sprawdzam historię'),
      ),
    { what: "the agent's reply in the customer's transcript" },
  );

  // A canned response from the ticket composer's picker, rendered for this chat's ticket, sent as is.
  await agent.getByTestId('chat-composer').getByRole('button', { name: 'Gotowe odpowiedzi' }).click();
  const picker = agent.getByTestId('canned-picker');
  await expect(picker.getByRole('option').first()).toBeVisible();
  await picker.getByRole('combobox').press('Enter');
  await expect(picker).toHaveCount(0);
  const canned = (await composer.inputValue()).trim();
  expect(canned.length).toBeGreaterThan(0);
  expect(canned).not.toContain('{{');
  await agent.getByTestId('chat-send').click();
  await expect(composer).toHaveValue('');
  await waitFor(
    async () => (await customerTranscript(customer, chat.id, token)).messages.some((m) => m.author === 'AGENT' && m.body === canned),
    { what: 'the canned response in the customer transcript' },
  );

  // An internal note stays with the team.
  await agent.getByTestId('chat-internal').check();
  await agent.getByRole('textbox', { name: 'Notatka wewnętrzna' }).fill('Voucher oznaczony ręcznie 3.12 — sprawdzić log kasy.');
  await agent.getByTestId('chat-send').click();
  await expect(agent.locator('[data-testid="chat-message"][data-internal="true"]')).toContainText('sprawdzić log kasy');
  expect((await customerTranscript(customer, chat.id, token)).messages.some((m) => m.body.includes('log kasy'))).toBe(false);

  // A reload resumes the same conversation with nothing lost and nothing twice.
  await agent.reload();
  await expect(messages).toContainText('Klient jest teraz przy recepcji.');
  await expect(messages.getByText('Sprawdzam historię tego vouchera, chwileczkę.')).toHaveCount(1);
  // The note was stored (not only shown while sending), and the view opens at the newest message.
  const note = agent.locator('[data-testid="chat-message"][data-internal="true"]');
  await expect(note).toContainText('sprawdzić log kasy');
  // Scrolled to the newest message inside the conversation's own scroll area (on a phone the page around it may
  // still need scrolling to reach that area).
  await expect
    .poll(() =>
      note.evaluate((el) => {
        const area = el.closest('[aria-label]')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return box.top >= area.top - 1 && box.bottom <= area.bottom + 1;
      }),
    )
    .toBe(true);
  await agent.screenshot({ path: shots('conversation'), fullPage: true });

  // The ticket page shows the chat channel and a link back to the live chat.
  const ticketPage = await agentContext.newPage();
  await ticketPage.goto(`/agent/zgloszenia/${chat.ticketNumber}`);
  await expect(ticketPage.getByTestId('ticket-channel-chat')).toHaveText('Czat na żywo');
  await expect(ticketPage.getByTestId('ticket-live-chat')).toHaveAttribute('href', `/agent/czat?czat=${chat.id}`);
  await ticketPage.close();

  // Going offline with a chat open asks first; cancelling keeps the agent online. (On a phone the status sits
  // on the list, one tap back from the conversation.)
  const isPhone = testInfo.project.name === 'phone';
  if (isPhone) await agent.getByRole('button', { name: 'Wróć do listy' }).click();
  await agent.getByTestId('chat-status').getByText('Offline', { exact: true }).click();
  const offline = agent.getByTestId('chat-offline-dialog');
  await expect(offline.getByRole('heading', { name: 'Przejść w tryb offline?' })).toBeVisible();
  await expect(offline).toContainText('nadal otwart');
  await offline.getByRole('button', { name: 'Anuluj' }).click();
  await expect(offline.getByRole('heading')).toHaveCount(0);
  await expect(agent.getByRole('radio', { name: 'Online' })).toBeChecked();
  if (isPhone) await agent.getByTestId('chat-mine').filter({ hasText: merchant.name }).click();

  // End the chat, keeping the ticket open for an e-mail follow-up.
  await agent.getByTestId('chat-end').click();
  const dialog = agent.getByTestId('chat-end-dialog');
  await dialog.getByRole('radio', { name: 'Czeka na klienta' }).check();
  await agent.screenshot({ path: shots('end-dialog') });
  await dialog.getByRole('button', { name: 'Zakończ czat' }).click();
  await expect(agent.getByTestId('toast')).toContainText('Czat zakończony. Zgłoszenie: Czeka na klienta.');
  await expect(conversation).toHaveAttribute('data-status', 'ENDED');
  await expect(agent.getByTestId('chat-readonly')).toBeVisible();
  expect((await customerTranscript(customer, chat.id, token)).chat.status).toBe('ENDED');

  // The ticket is in the queue, waiting on the customer, with the whole transcript as its thread.
  await agent.goto(`/agent?q=${encodeURIComponent(chat.ticketNumber)}`);
  const row = agent.getByTestId('queue-ticket').filter({ hasText: chat.ticketNumber }).filter({ visible: true });
  await expect(row).toContainText('Czeka na klienta');
  await agent.goto(`/agent/zgloszenia/${chat.ticketNumber}`);
  await expect(agent.getByTestId('agent-thread')).toContainText('Klient jest teraz przy recepcji.');
  await expect(agent.getByTestId('ticket-live-chat')).toHaveCount(0);
  // The activity log tells the chat in words, the agent who took it by name (not "chat.accepted", "nikt → nikt").
  const activity = agent.getByTestId('activity-log');
  await expect(activity).toContainText('rozpoczęcie czatu');
  await expect(activity).toContainText(/przyjęcie czatu po \d+ s oczekiwania|przyjęcie czatu po \d+ min \d+ s oczekiwania/);
  await expect(activity).toContainText('zakończenie czatu');
  await expect(activity).toContainText(/przypisanie: nikt → \S+/);
  await expect(activity).not.toContainText('chat.');
  await expect(activity).not.toContainText('nikt → nikt');

  // "Zaraz wracam" needs no confirmation; the status is kept by the server across a reload.
  await agent.goto('/agent/czat');
  await agent.getByTestId('chat-status').getByText('Zaraz wracam', { exact: true }).click();
  await expect(agent.getByRole('radio', { name: 'Zaraz wracam' })).toBeChecked();
  await agent.reload();
  await expect(agent.getByRole('radio', { name: 'Zaraz wracam' })).toBeChecked();
  await expect(agent.getByTestId('chat-not-online')).toContainText('Zaraz wracam');
  // Offline again for the tests after this one (the staff API takes writes from our own origin only).
  const reset = await agent.request.put('/api/agent/chat/status', {
    data: { status: 'OFFLINE' },
    headers: { Origin: readStack().appUrl },
  });
  expect(reset.ok(), await reset.text()).toBe(true);
  await customer.dispose();
  await agentContext.close();
});
