import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '@/generated/prisma/enums';

const { db } = await import('@/server/db/client');
const { chatAvailability } = await import('@/server/chat/availability');
const { startChat, endChatByCustomer, rateChat, emailTranscript, leaveOfflineMessage, availabilityFor } =
  await import('@/server/chat/sessions');
const { setAgentChatStatus, acceptChat, declineChat, endChatByAgent, agentInbox, transferChat } = await import('@/server/chat/agents');
const { postChatMessage } = await import('@/server/chat/messages');
const { sweepChats } = await import('@/server/chat/maintenance');
const { offlineMessageSchema, startChatSchema } = await import('@/server/chat/schemas');
const { recordSlaBreaches } = await import('@/server/sla/breaches');
const { dueDatesFrom, slaTargetsFor } = await import('@/server/sla/targets');
const { businessCalendarFor, chatSupportFor } = await import('@/server/plan-settings/read');

/** Domain rules of live chat (issue 10) on real Postgres; the HTTP side across two instances is chat-instances.test.ts. */

const tag = () => randomUUID().slice(0, 8);
/** Wednesday 2026-12-02 12:00 Warsaw: inside BIZNES and PREMIUM chat hours. */
const WEDNESDAY_NOON = new Date('2026-12-02T11:00:00Z');
const SUNDAY = new Date('2026-12-06T11:00:00Z');

beforeEach(async () => {
  // Each test sets up its own agents: nobody from an earlier test may be online or hold a chat.
  await db().chatSession.updateMany({ where: { status: { not: 'ENDED' } }, data: { status: 'ENDED', endedAt: new Date() } });
  await db().user.updateMany({ where: { role: { in: ['AGENT', 'ADMIN'] } }, data: { chatStatus: 'OFFLINE' } });
});

async function customer(plan: Plan = 'BIZNES') {
  const company = await db().company.create({ data: { name: `Firma ${tag()}`, plan, externalId: `cmp-${tag()}` } });
  return db().user.create({ data: { email: `klient.${tag()}@firma.pl`, name: 'Jan Kowalski', companyId: company.id } });
}

async function onlineAgent(name: string, capacity = 3) {
  const user = await db().user.create({ data: { email: `${tag()}@vouchie.pl`, name, role: 'AGENT', chatCapacity: capacity } });
  await setAgentChatStatus(user.id, 'ONLINE');
  return user;
}

function start(userId: string, text = 'Dzień dobry, mam pytanie o vouchery.', now = WEDNESDAY_NOON) {
  return startChat(
    { kind: 'user', userId, locale: 'pl', verified: true },
    startChatSchema.parse({ firstMessage: text, clientMessageId: randomUUID() }),
    now,
  );
}

async function started(userId: string, text?: string) {
  const result = await start(userId, text);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('chat availability', () => {
  it('says why chat is not offered: not in the plan, outside hours (with the next opening), no agents, all busy', async () => {
    expect(await chatAvailability('START', WEDNESDAY_NOON)).toMatchObject({ available: false, reason: 'NOT_IN_PLAN', hours: null });
    expect(await chatAvailability(null, WEDNESDAY_NOON)).toMatchObject({ available: false, reason: 'NOT_IN_PLAN' });
    expect(await chatAvailability('BIZNES', SUNDAY)).toMatchObject({
      available: false,
      reason: 'OUTSIDE_HOURS',
      nextOpenAt: '2026-12-07T08:00:00.000Z',
      hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
    });
    expect(await chatAvailability('BIZNES', WEDNESDAY_NOON)).toMatchObject({ available: false, reason: 'NO_AGENTS' });

    const anna = await onlineAgent('Anna', 1);
    expect(await chatAvailability('PREMIUM', WEDNESDAY_NOON)).toMatchObject({ available: true, reason: 'OPEN', queueLength: 0 });
    const chat = await started((await customer()).id);
    expect((await acceptChat(chat.chat.id, anna.id)).ok).toBe(true);
    expect(await chatAvailability('BIZNES', WEDNESDAY_NOON)).toMatchObject({ available: false, reason: 'ALL_BUSY' });
  });

  it('does not count an agent whose stream went quiet as online', async () => {
    const ghost = await onlineAgent('Duch');
    await db().user.update({ where: { id: ghost.id }, data: { chatSeenAt: new Date(WEDNESDAY_NOON.getTime() - 5 * 60_000) } });
    expect(await chatAvailability('BIZNES', WEDNESDAY_NOON)).toMatchObject({ available: false, reason: 'NO_AGENTS' });
  });

  it('refuses to start a chat that is not offered, and a START customer may leave a message that becomes a ticket', async () => {
    await onlineAgent('Anna');
    const start_ = await customer('START');
    expect(await start(start_.id)).toEqual({ ok: false, error: { kind: 'unavailable', reason: 'NOT_IN_PLAN' } });
    const left = await leaveOfflineMessage(
      { kind: 'user', userId: start_.id, locale: 'pl', verified: true },
      offlineMessageSchema.parse({ body: 'Proszę o kontakt w sprawie faktury.' }),
    );
    expect(left.ok).toBe(true);
    const number = Number(left.ok && left.value.ticketNumber.replace('VCH-', ''));
    const ticket = await db().ticket.findUniqueOrThrow({ where: { number }, include: { emails: true } });
    expect(ticket).toMatchObject({ reporterId: start_.id, status: 'NEW' });
    expect(ticket.emails.map((e) => e.template)).toContain('ticket.received');
  });
});

describe('starting a chat', () => {
  it('files a CHAT ticket with the first message and no e-mail, and offers it to an online agent', async () => {
    const anna = await onlineAgent('Anna');
    const jan = await customer();
    const { chat, message } = await started(jan.id, 'Kasa odrzuca kod GIFT-1234');
    expect(chat).toMatchObject({ status: 'WAITING', queuePosition: 1 });
    const session = await db().chatSession.findUniqueOrThrow({
      where: { id: chat.id },
      include: { ticket: { include: { messages: true, emails: true } } },
    });
    expect(session.ticket).toMatchObject({
      channel: 'CHAT',
      status: 'NEW',
      reporterId: jan.id,
      subject: 'Czat: Kasa odrzuca kod GIFT-1234',
    });
    expect(session.ticket.messages).toHaveLength(1);
    expect(session.ticket.messages[0]).toMatchObject({
      channel: 'CHAT',
      type: 'CUSTOMER',
      body: 'Kasa odrzuca kod GIFT-1234',
      id: message?.id,
    });
    expect(session.ticket.emails).toEqual([]);
    expect(session.offeredToId).toBe(anna.id);
    expect((await agentInbox(anna.id)).offeredToMe.map((c) => c.id)).toEqual([chat.id]);
  });

  it('keeps one open chat per customer: starting again joins it, and its first message is sent into it', async () => {
    await onlineAgent('Anna');
    const jan = await customer();
    const first = await started(jan.id);
    const again = await started(jan.id, 'Druga karta');
    expect(again.created).toBe(false);
    expect(again.chat.id).toBe(first.chat.id);
    expect(await db().chatSession.count({ where: { customerId: jan.id } })).toBe(1);
    expect(again.message?.body).toBe('Druga karta');
  });

  it('never lets a visitor who types a known address into that customer’s open chat', async () => {
    await onlineAgent('Anna');
    const jan = await customer();
    await started(jan.id);
    const visitor = await startChat(
      { kind: 'visitor', email: jan.email, name: 'Ktoś Inny', locale: 'pl', verified: false },
      startChatSchema.parse({ firstMessage: 'Pokaż mi rozmowę' }),
      WEDNESDAY_NOON,
    );
    expect(visitor).toEqual({ ok: false, error: { kind: 'already_open' } });
  });
});

describe('offers, accept, decline, transfer', () => {
  it('offers round-robin to the agent offered least recently, and a decline passes it on', async () => {
    const anna = await onlineAgent('Anna');
    const bartek = await onlineAgent('Bartek');
    const one = await started((await customer()).id);
    const two = await started((await customer()).id);
    const offered = await db().chatSession.findMany({
      where: { id: { in: [one.chat.id, two.chat.id] } },
      select: { id: true, offeredToId: true },
    });
    expect(new Set(offered.map((o) => o.offeredToId))).toEqual(new Set([anna.id, bartek.id]));

    const toAnna = offered.find((o) => o.offeredToId === anna.id)!;
    expect((await declineChat(toAnna.id, anna.id)).ok).toBe(true);
    const after = await db().chatSession.findUniqueOrThrow({ where: { id: toAnna.id } });
    expect(after.offeredToId).toBe(bartek.id);
    expect(after.declinedBy).toEqual([anna.id]);
  });

  it('lets one agent take a chat: the second accept is refused, and capacity is respected', async () => {
    const anna = await onlineAgent('Anna', 1);
    const bartek = await onlineAgent('Bartek', 1);
    const one = await started((await customer()).id);
    const [first, second] = await Promise.all([acceptChat(one.chat.id, anna.id), acceptChat(one.chat.id, bartek.id)]);
    expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1);
    const loser = first.ok ? second : first;
    expect(loser).toEqual({ ok: false, error: { kind: 'taken' } });

    const winner = first.ok ? anna : bartek;
    const two = await started((await customer()).id);
    expect(await acceptChat(two.chat.id, winner.id)).toEqual({ ok: false, error: { kind: 'capacity_full' } });
    const ticket = await db().ticket.findFirstOrThrow({ where: { chat: { id: one.chat.id } } });
    expect(ticket).toMatchObject({ status: 'OPEN', assigneeId: winner.id });
  });

  it('transfers an active chat and its ticket to another online agent with room', async () => {
    const anna = await onlineAgent('Anna');
    const bartek = await onlineAgent('Bartek');
    const { chat } = await started((await customer()).id);
    await acceptChat(chat.id, anna.id);
    const moved = await transferChat(chat.id, anna.id, bartek.id);
    expect(moved.ok && moved.value.agent?.id).toBe(bartek.id);
    expect((await db().ticket.findFirstOrThrow({ where: { chat: { id: chat.id } } })).assigneeId).toBe(bartek.id);
    expect(await transferChat(chat.id, anna.id, bartek.id)).toEqual({ ok: false, error: { kind: 'not_yours' } });
  });
});

describe('ending, rating, transcript', () => {
  it('the agent may end a chat and keep the ticket waiting on the customer; the first reply stops the SLA clock', async () => {
    const anna = await onlineAgent('Anna');
    const { chat } = await started((await customer()).id);
    await acceptChat(chat.id, anna.id);
    const sent = await postChatMessage({
      chatId: chat.id,
      side: { kind: 'agent', agentId: anna.id },
      input: { clientMessageId: randomUUID(), body: 'Sprawdzę i odpiszę e-mailem.', attachmentTokens: [], internal: false },
    });
    expect(sent.ok).toBe(true);
    const ended = await endChatByAgent(chat.id, anna.id, 'WAITING_ON_CUSTOMER');
    expect(ended.ok && ended.value).toMatchObject({ status: 'ENDED', endedBy: 'AGENT' });
    const ticket = await db().ticket.findFirstOrThrow({ where: { chat: { id: chat.id } } });
    expect(ticket.status).toBe('WAITING_ON_CUSTOMER');
    expect(ticket.firstRespondedAt).not.toBeNull();
  });

  it('customer end solves an answered chat; rating is for ended chats and counts for the solved ticket', async () => {
    const anna = await onlineAgent('Anna');
    const jan = await customer();
    const { chat } = await started(jan.id);
    expect(await rateChat(chat.id, jan.id, { score: 5 })).toEqual({ ok: false, error: { kind: 'not_ended' } });
    await acceptChat(chat.id, anna.id);
    await endChatByCustomer(chat.id, jan.id);
    expect((await rateChat(chat.id, jan.id, { score: 4, comment: 'Szybko' })).ok).toBe(true);
    const session = await db().chatSession.findUniqueOrThrow({ where: { id: chat.id }, include: { ticket: true } });
    expect(session).toMatchObject({ rating: 4, ratingComment: 'Szybko' });
    expect(session.ticket).toMatchObject({ status: 'RESOLVED', rating: 4 });
  });

  it('e-mails the transcript to a known customer with the text, and to a visitor only the link', async () => {
    await onlineAgent('Anna');
    const jan = await customer();
    const { chat } = await started(jan.id, 'Treść z czatu 123');
    expect((await emailTranscript(chat.id, jan.id)).ok).toBe(true);
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { template: 'chat.transcript', toEmail: jan.email } });
    expect(mail.text).toContain('Treść z czatu 123');

    const visitorEmail = `gosc.${tag()}@example.pl`;
    const visitor = await startChat(
      { kind: 'visitor', email: visitorEmail, name: 'Gość', locale: 'pl', verified: false },
      startChatSchema.parse({ firstMessage: 'Klik http://phish.example' }),
      WEDNESDAY_NOON,
    );
    // A visitor without an account chats under the admins' visitor rules (chat on in BIZNES hours by default).
    if (!visitor.ok) throw new Error(JSON.stringify(visitor.error));
    const guest = await db().user.findUniqueOrThrow({ where: { email: visitorEmail } });
    expect((await emailTranscript(visitor.value.chat.id, guest.id)).ok).toBe(true);
    const visitorMail = await db().outboundEmail.findFirstOrThrow({ where: { template: 'chat.transcript', toEmail: visitorEmail } });
    expect(visitorMail.text).not.toContain('phish.example');
  });
});

describe('the worker sweep', () => {
  it('closes a chat nobody took in time into an open ticket, e-mails the customer and tells the agents', async () => {
    const jan = await customer();
    const anna = await onlineAgent('Anna');
    const { chat } = await started(jan.id);
    await setAgentChatStatus(anna.id, 'AWAY');
    await db().chatSession.update({
      where: { id: chat.id },
      data: { startedAt: new Date(Date.now() - 11 * 60_000), customerLastSeenAt: new Date() },
    });
    const sweep = await sweepChats(new Date());
    expect(sweep.unanswered).toBe(1);
    const session = await db().chatSession.findUniqueOrThrow({
      where: { id: chat.id },
      include: { ticket: { include: { emails: true } } },
    });
    expect(session).toMatchObject({ status: 'ENDED', endedBy: 'SYSTEM', endReason: 'unanswered' });
    expect(session.ticket.status).toBe('NEW');
    const templates = session.ticket.emails.map((e) => e.template);
    expect(templates).toContain('chat.closed_into_ticket');
    expect(templates).toContain('agent.new_ticket');
    expect((await sweepChats(new Date())).unanswered).toBe(0);
  });

  it('hands a chat closed unanswered the ticket SLA: due in support hours from the close, the chat’s breach lifted', async () => {
    const jan = await customer('BIZNES');
    const anna = await onlineAgent('Anna');
    const { chat } = await started(jan.id);
    await setAgentChatStatus(anna.id, 'AWAY');
    const { ticketId, firstResponseDueAt: chatDue } = await db().chatSession.findUniqueOrThrow({ where: { id: chat.id } });
    const seconds = (await chatSupportFor('BIZNES')).firstResponseSeconds;
    expect(chatDue).toEqual(new Date(WEDNESDAY_NOON.getTime() + seconds * 1000));
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticketId } })).firstResponseDueAt).toEqual(chatDue);
    // The chat's seconds passed while nobody took it: the worker records the breach on the ticket.
    await recordSlaBreaches(new Date(WEDNESDAY_NOON.getTime() + 5 * 60_000));
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticketId } })).firstResponseBreachedAt).not.toBeNull();

    const closeAt = new Date(WEDNESDAY_NOON.getTime() + 11 * 60_000);
    await db().chatSession.update({ where: { id: chat.id }, data: { customerLastSeenAt: closeAt } });
    expect((await sweepChats(closeAt)).unanswered).toBe(1);

    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: ticketId } });
    const targets = await slaTargetsFor('BIZNES');
    // Wednesday 12:11 Warsaw, inside BIZNES hours: the ticket target counts from the close in business time.
    expect(ticket.firstResponseDueAt).toEqual(
      dueDatesFrom(targets, closeAt, await businessCalendarFor('BIZNES', 'SUPPORT')).firstResponseDueAt,
    );
    expect(ticket.firstResponseDueAt!.getTime()).toBeGreaterThan(closeAt.getTime() + 60 * 60_000);
    expect(ticket.firstResponseBreachedAt).toBeNull();
    expect((await db().chatSession.findUniqueOrThrow({ where: { id: chat.id } })).firstResponseDueAt).toEqual(chatDue);
    // The breach stays in the activity log; the open-ticket counters no longer count the ticket as breached.
    expect(await db().ticketEvent.count({ where: { ticketId, type: 'sla.first_response_breached' } })).toBe(1);
    const breachedOpen = await db().$queryRaw<{ n: number }[]>`
      SELECT coalesce(sum(count), 0)::int AS n FROM "TicketOpenCount" WHERE breached`;
    expect(breachedOpen[0]!.n).toBe(
      await db().ticket.count({
        where: {
          OR: [{ firstResponseBreachedAt: { not: null } }, { resolutionBreachedAt: { not: null } }],
          status: { notIn: ['RESOLVED', 'CLOSED'] },
        },
      }),
    );
  });

  it('a customer ending a chat nobody answered hands its ticket the ticket SLA as well; an answered chat keeps its own', async () => {
    const anna = await onlineAgent('Anna');
    const jan = await customer('BIZNES');
    const { chat } = await started(jan.id);
    const { ticketId } = await db().chatSession.findUniqueOrThrow({ where: { id: chat.id } });
    const endAt = new Date(WEDNESDAY_NOON.getTime() + 3 * 60_000);
    expect((await endChatByCustomer(chat.id, jan.id, endAt)).ok).toBe(true);
    const handed = await db().ticket.findUniqueOrThrow({ where: { id: ticketId } });
    expect(handed.firstResponseDueAt!.getTime()).toBeGreaterThan(endAt.getTime() + 60 * 60_000);

    const ewa = await customer('BIZNES');
    const answered = await started(ewa.id);
    const answeredTicketId = (await db().chatSession.findUniqueOrThrow({ where: { id: answered.chat.id } })).ticketId;
    await acceptChat(answered.chat.id, anna.id, new Date(WEDNESDAY_NOON.getTime() + 10_000));
    const dueBefore = (await db().ticket.findUniqueOrThrow({ where: { id: answeredTicketId } })).firstResponseDueAt;
    const reply = await postChatMessage({
      chatId: answered.chat.id,
      side: { kind: 'agent', agentId: anna.id },
      input: { clientMessageId: randomUUID(), body: 'Dzień dobry, już sprawdzam.', attachmentTokens: [], internal: false },
      now: new Date(WEDNESDAY_NOON.getTime() + 20_000),
    });
    expect(reply.ok).toBe(true);
    expect((await endChatByCustomer(answered.chat.id, ewa.id, new Date(WEDNESDAY_NOON.getTime() + 60_000))).ok).toBe(true);
    expect((await db().ticket.findUniqueOrThrow({ where: { id: answeredTicketId } })).firstResponseDueAt).toEqual(dueBefore);
  });

  it('closes an active chat whose customer was gone past the abandon time, and re-offers a lapsed offer', async () => {
    const anna = await onlineAgent('Anna');
    const jan = await customer();
    const { chat } = await started(jan.id);
    await acceptChat(chat.id, anna.id);
    await db().chatSession.update({ where: { id: chat.id }, data: { customerLastSeenAt: new Date(Date.now() - 16 * 60_000) } });
    expect((await sweepChats(new Date())).abandoned).toBe(1);
    expect((await db().chatSession.findUniqueOrThrow({ where: { id: chat.id } })).endReason).toBe('abandoned');

    const other = await started((await customer()).id);
    await db().chatSession.update({
      where: { id: other.chat.id },
      data: { offeredAt: new Date(Date.now() - 60_000), customerLastSeenAt: new Date(), startedAt: new Date() },
    });
    expect((await sweepChats(new Date())).offered).toBe(1);
  });

  it('the availability answer hands a known customer their open chat with a fresh token', async () => {
    await onlineAgent('Anna');
    const jan = await customer();
    const { chat } = await started(jan.id);
    const answer = await availabilityFor({ viewer: { kind: 'guest' }, tokenGrant: { chatId: chat.id, customerId: jan.id } });
    expect(answer.openChat?.id).toBe(chat.id);
    expect(answer.openChat?.token).toMatch(/^ey/);
  });
});
