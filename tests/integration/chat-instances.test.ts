import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatInstance, type ChatInstance } from './chat-instances';
import { openSse, type SseConnection } from './sse-client';

/**
 * Live chat across two web instances on one Postgres (issue 10): each instance is its own process with its own
 * realtime hub (one LISTEN connection), serving the real route handlers. What one instance commits must reach
 * streams held by the other, with nothing lost or doubled, and the HTTP API's refusals must hold.
 */

const PER_CHAT_LIMIT = 5;
process.env.RATE_LIMIT_CHAT_MESSAGES_PER_CHAT = String(PER_CHAT_LIMIT);

const { db } = await import('@/server/db/client');
const { startChat } = await import('@/server/chat/sessions');
const { setAgentChatStatus } = await import('@/server/chat/agents');
const { startChatSchema } = await import('@/server/chat/schemas');
const { createDatabaseSession } = await import('@/server/auth/session');
const { signChatToken } = await import('@/server/chat/token');

const tag = () => randomUUID().slice(0, 8);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
let a: ChatInstance;
let b: ChatInstance;
const streams: SseConnection[] = [];

beforeAll(async () => {
  const env = { DATABASE_URL: process.env.DATABASE_URL, RATE_LIMIT_CHAT_MESSAGES_PER_CHAT: String(PER_CHAT_LIMIT) };
  [a, b] = await Promise.all([startChatInstance(env), startChatInstance(env)]);
}, 90_000);

afterAll(async () => {
  for (const stream of streams) stream.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

/** Noon on the latest Wednesday: inside BIZNES chat hours whatever the clock says now. */
function inHours(): Date {
  const now = new Date();
  const back = (now.getUTCDay() - 3 + 7) % 7 || 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - back, 11, 0));
}

async function agent() {
  const user = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, name: 'Marta Konsultantka', role: 'AGENT' } });
  await setAgentChatStatus(user.id, 'ONLINE');
  const session = await createDatabaseSession(user.id);
  return { ...user, headers: { cookie: `${session.name}=${session.value}`, 'sec-fetch-site': 'same-origin' } };
}

async function openChat(text = 'Dzień dobry, kasa odrzuca voucher GIFT-1234.') {
  // Seats for every chat this file opens: chat is offered only while agents have room.
  await agent();
  const company = await db().company.create({ data: { name: `Spa ${tag()}`, plan: 'BIZNES', externalId: `cmp-${tag()}` } });
  const customer = await db().user.create({ data: { email: `klient.${tag()}@spa.pl`, name: 'Katarzyna Nowak', companyId: company.id } });
  const started = await startChat(
    { kind: 'user', userId: customer.id, locale: 'pl', verified: true },
    startChatSchema.parse({ firstMessage: text, clientMessageId: randomUUID() }),
    inHours(),
  );
  if (!started.ok) throw new Error(`chat not started: ${JSON.stringify(started.error)}`);
  return { customer, chat: started.value.chat, token: started.value.token, first: started.value.message! };
}

function bearer(token: string) {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** The JSON answers these tests read: a chat, a message or an error. */
interface Answer {
  status?: string;
  message: { id: string; seq: string };
  error: { code: string; message: string };
}

async function post(base: string, path: string, headers: Record<string, string>, body: unknown = {}) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer) : null };
}

async function sse(url: string, headers: Record<string, string> = {}) {
  const stream = await openSse(url, headers);
  streams.push(stream);
  return stream;
}

const isMessage = (body: string) => (e: { event: string; data: unknown }) =>
  e.event === 'message' && (e.data as { body: string }).body === body;

describe('live chat on two web instances', () => {
  it('both instances hear notifications on their own listening connection', () => {
    expect([a.mode, b.mode]).toEqual(['listening', 'listening']);
  });

  it('delivers a message sent through one instance to streams held on the other, both ways, once', async () => {
    const marta = await agent();
    const { chat, token, first } = await openChat();
    const customerOnA = await sse(`${a.url}/api/chat/${chat.id}/events?token=${encodeURIComponent(token)}`);
    expect(customerOnA.status).toBe(200);
    await customerOnA.next((e) => e.event === 'message' && (e.data as { id: string }).id === first.id);
    await customerOnA.next((e) => e.event === 'chat' && (e.data as { status: string }).status === 'WAITING');

    const agentOnB = await sse(`${b.url}/api/agent/chat/events`, marta.headers);
    expect(agentOnB.status).toBe(200);
    await agentOnB.next((e) => e.event === 'inbox');

    // The agent takes the chat through B; the customer's stream on A sees it become active with the agent's name.
    const accepted = await post(b.url, `/api/agent/chat/${chat.id}/accept`, marta.headers);
    expect(accepted.status).toBe(200);
    const active = await customerOnA.next((e) => e.event === 'chat' && (e.data as { status: string }).status === 'ACTIVE');
    expect((active.data as { agent: { name: string } }).agent.name).toBe('Marta Konsultantka');

    // Customer → through A → the agent's stream on B.
    const sent = await post(a.url, `/api/chat/${chat.id}/messages`, bearer(token), {
      clientMessageId: randomUUID(),
      body: 'Czy możecie sprawdzić?',
    });
    expect(sent.status).toBe(201);
    const onB = await agentOnB.next(isMessage('Czy możecie sprawdzić?'));
    expect(onB.id).toBe(sent.body!.message.seq);
    expect(onB.data).toMatchObject({ chatId: chat.id, author: 'CUSTOMER', internal: false });

    // Agent → through B → the customer's stream on A; an internal note never reaches the customer.
    await post(b.url, `/api/agent/chat/${chat.id}/messages`, marta.headers, {
      clientMessageId: randomUUID(),
      body: 'Notatka: sprawdzić kasę',
      internal: true,
    });
    const reply = await post(b.url, `/api/agent/chat/${chat.id}/messages`, marta.headers, {
      clientMessageId: randomUUID(),
      body: 'Już sprawdzam.',
    });
    expect(reply.status).toBe(201);
    await customerOnA.next(isMessage('Już sprawdzam.'));
    await agentOnB.next(isMessage('Notatka: sprawdzić kasę'));
    expect(customerOnA.events.filter(isMessage('Notatka: sprawdzić kasę'))).toHaveLength(0);
    expect(customerOnA.events.filter(isMessage('Czy możecie sprawdzić?'))).toHaveLength(1);

    // Typing crosses instances too, to the other side only.
    await post(a.url, `/api/chat/${chat.id}/typing`, bearer(token), { typing: true });
    await agentOnB.next((e) => e.event === 'typing' && (e.data as { by: string }).by === 'CUSTOMER');
  });

  it('answers a resend with the same client message id with the first message, stored once', async () => {
    const { chat, token } = await openChat();
    const clientMessageId = randomUUID();
    const first = await post(a.url, `/api/chat/${chat.id}/messages`, bearer(token), { clientMessageId, body: 'Wysłane raz' });
    const again = await post(b.url, `/api/chat/${chat.id}/messages`, bearer(token), { clientMessageId, body: 'Wysłane raz' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body!.message.id).toBe(first.body!.message.id);
    const ticket = await db().chatSession.findUniqueOrThrow({ where: { id: chat.id }, select: { ticketId: true } });
    expect(await db().message.count({ where: { ticketId: ticket.ticketId, clientMessageId } })).toBe(1);
  });

  it('resumes after a seq: replays only later messages from Postgres, then the current state', async () => {
    const { chat, token, first } = await openChat('Pierwsza wiadomość');
    const second = await post(a.url, `/api/chat/${chat.id}/messages`, bearer(token), { clientMessageId: randomUUID(), body: 'Druga' });
    const third = await post(a.url, `/api/chat/${chat.id}/messages`, bearer(token), { clientMessageId: randomUUID(), body: 'Trzecia' });
    const resumed = await sse(`${b.url}/api/chat/${chat.id}/events?after=${first.seq}&token=${encodeURIComponent(token)}`);
    await resumed.next((e) => e.event === 'chat');
    const replayed = resumed.events.filter((e) => e.event === 'message').map((e) => (e.data as { seq: string }).seq);
    expect(replayed).toEqual([second.body!.message.seq, third.body!.message.seq]);
    // Last-Event-ID (what EventSource sends on its own reconnects) works the same.
    const viaHeader = await sse(`${b.url}/api/chat/${chat.id}/events?token=${encodeURIComponent(token)}`, {
      'last-event-id': second.body!.message.seq,
    });
    await viaHeader.next((e) => e.event === 'chat');
    expect(viaHeader.events.filter((e) => e.event === 'message').map((e) => (e.data as { body: string }).body)).toEqual(['Trzecia']);
  });

  it('refuses messages to a closed chat with 409 and a Polish sentence', async () => {
    const { chat, token } = await openChat();
    const ended = await post(a.url, `/api/chat/${chat.id}/end`, bearer(token));
    expect(ended.status).toBe(200);
    expect(ended.body!.status).toBe('ENDED');
    const refused = await post(b.url, `/api/chat/${chat.id}/messages`, bearer(token), {
      clientMessageId: randomUUID(),
      body: 'Jeszcze jedno',
    });
    expect(refused.status).toBe(409);
    expect(refused.body!.error).toMatchObject({ code: 'CHAT_ENDED' });
    expect(refused.body!.error.message).toMatch(/zakończona/);
  });

  it("refuses another chat's token, a forged one and no credentials alike: 404", async () => {
    const mine = await openChat();
    const theirs = await openChat();
    const forged = await signChatToken({ chatId: theirs.chat.id, customerId: mine.customer.id });
    for (const headers of [bearer(mine.token), bearer(forged), { 'content-type': 'application/json' }]) {
      const read = await fetch(`${a.url}/api/chat/${theirs.chat.id}`, { headers });
      expect(read.status).toBe(404);
      const send = await post(a.url, `/api/chat/${theirs.chat.id}/messages`, headers, {
        clientMessageId: randomUUID(),
        body: 'Cudza rozmowa',
      });
      expect(send.status).toBe(404);
    }
    const stream = await fetch(`${a.url}/api/chat/${theirs.chat.id}/events?token=${encodeURIComponent(mine.token)}`);
    expect(stream.status).toBe(404);
    const own = await fetch(`${a.url}/api/chat/${mine.chat.id}`, { headers: bearer(mine.token) });
    expect(own.status).toBe(200);
  });

  it('refuses a message over 5,000 characters with a clear Polish message', async () => {
    const { chat, token } = await openChat();
    const refused = await post(a.url, `/api/chat/${chat.id}/messages`, bearer(token), {
      clientMessageId: randomUUID(),
      body: 'x'.repeat(5_001),
    });
    expect(refused.status).toBe(422);
    expect(refused.body!.error.message).toBe('Wiadomość może mieć najwyżej 5000 znaków. Podziel ją na kilka krótszych.');
    const fits = await post(a.url, `/api/chat/${chat.id}/messages`, bearer(token), {
      clientMessageId: randomUUID(),
      body: 'x'.repeat(5_000),
    });
    expect(fits.status).toBe(201);
  });

  it('takes a screenshot uploaded with the chat token and shows it on the message, loadable with its link', async () => {
    const { chat, token } = await openChat();
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'zrzut.png');
    const upload = await fetch(`${b.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(upload.status).toBe(201);
    const { token: uploadToken } = (await upload.json()) as { token: string };
    const sent = await post(a.url, `/api/chat/${chat.id}/messages`, bearer(token), {
      clientMessageId: randomUUID(),
      body: 'Zrzut ekranu',
      attachmentTokens: [uploadToken],
    });
    expect(sent.status).toBe(201);
    const attachment = (sent.body!.message as unknown as { attachments: { name: string; mimeType: string; url: string }[] })
      .attachments[0]!;
    expect(attachment).toMatchObject({ name: 'zrzut.png', mimeType: 'image/png' });
    expect(attachment.url).toMatch(/^\/api\/attachments\/[0-9a-f-]+\?t=/);
  });

  it('limits messages per chat across both instances (counted in Postgres), with Retry-After', async () => {
    // The per-chat limit counts in fixed one-minute windows (rate-limit.ts): a run that straddles a window's end
    // starts counting again, so such a run is repeated with a new chat (same machine clock as the servers).
    const minute = () => Math.floor(Date.now() / 60_000);
    const sendPastLimit = async () => {
      const opened = await openChat();
      const statuses: number[] = [];
      const startedIn = minute();
      for (let i = 0; i < PER_CHAT_LIMIT + 1; i++) {
        const instance = i % 2 ? b : a;
        statuses.push(
          (
            await post(instance.url, `/api/chat/${opened.chat.id}/messages`, bearer(opened.token), {
              clientMessageId: randomUUID(),
              body: `Wiadomość ${i}`,
            })
          ).status,
        );
      }
      return { ...opened, statuses, oneWindow: minute() === startedIn };
    };
    let run = await sendPastLimit();
    if (!run.oneWindow) run = await sendPastLimit();
    const { chat, token, statuses } = run;
    expect(statuses).toEqual([...Array(PER_CHAT_LIMIT).fill(201), 429]);
    const limited = await post(a.url, `/api/chat/${chat.id}/messages`, bearer(token), { clientMessageId: randomUUID(), body: 'Za dużo' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body!.error.code).toBe('RATE_LIMITED');
  });
});
