import { Prisma } from '@/generated/prisma/client';
import type { TicketStatus } from '@/generated/prisma/enums';
import { db } from '@/server/db/client';
import { publish } from '@/server/realtime/hub';
import { err, ok, type Result } from '@/server/result';
import { changeStatus } from '@/server/tickets/change-status';
import { CHAT_EVENTS, TICKET_EVENTS } from '@/server/tickets/events';
import { formatTicketNumber } from '@/server/tickets/numbering';
import type { ChatError } from './errors';
import { chatEvents } from './events';
import { seenSince } from './queue';
import type { AgentChatStatus } from './schemas';
import { offerSafely, ticketForStatus, writeEnd } from './sessions';
import { chatMessages, chatTransaction, chatView, lockChat, rollback } from './store';
import type { AgentChatContext, AgentInbox, ChatMessageView, ChatSummary, ChatView } from './views';

/**
 * The agent's side: the chat status switch, the inbox (waiting list, my chats, offers to me), accept / decline /
 * transfer, the agent's end (keeping the ticket open with a status if it needs a follow-up) and a chat with the
 * customer's context. Staff only: the routes check the session; these functions trust the agent id they get.
 */

export async function setAgentChatStatus(agentId: string, status: AgentChatStatus, now = new Date()) {
  const user = await db().user.update({
    where: { id: agentId },
    data: { chatStatus: status, chatStatusAt: now, ...(status === 'ONLINE' ? { chatSeenAt: now } : {}) },
    select: { chatStatus: true, chatCapacity: true },
  });
  await publish(db(), [chatEvents.inbox()]);
  // Someone came online: the waiting chats may have a seat now. Going away withdraws the offers in flight.
  if (status === 'ONLINE') await offerSafely(now);
  else {
    await db().chatSession.updateMany({ where: { offeredToId: agentId, status: 'WAITING' }, data: { offeredToId: null, offeredAt: null } });
    await offerSafely(now);
  }
  return { status: user.chatStatus, capacity: user.chatCapacity };
}

/** The agent's chat stream beats: "online" means heard from within the last minute or so. */
export async function agentBeat(agentId: string, now = new Date()): Promise<void> {
  await db().user.updateMany({ where: { id: agentId }, data: { chatSeenAt: now } });
}

interface SummaryRow {
  id: string;
  number: number;
  status: 'WAITING' | 'ACTIVE' | 'ENDED';
  customerName: string | null;
  company: string | null;
  plan: 'START' | 'BIZNES' | 'PREMIUM' | null;
  startedAt: Date;
  agentId: string | null;
  offeredToId: string | null;
  lastBody: string | null;
  lastType: 'CUSTOMER' | 'AGENT' | 'NOTE' | null;
  lastAt: Date | null;
  unread: number;
}

async function summaries(where: Prisma.Sql): Promise<ChatSummary[]> {
  const rows = await db().$queryRaw<SummaryRow[]>`
    SELECT c."id", t."number", c."status"::text AS "status", u."name" AS "customerName", co."name" AS "company",
           co."plan"::text AS "plan", c."startedAt", c."agentId", c."offeredToId",
           last."body" AS "lastBody", last."type"::text AS "lastType", last."createdAt" AS "lastAt",
           (SELECT count(*)::int FROM "Message" m
             WHERE m."ticketId" = c."ticketId" AND m."type" = 'CUSTOMER' AND m."seq" > c."agentLastReadSeq") AS "unread"
    FROM "ChatSession" c
    JOIN "Ticket" t ON t."id" = c."ticketId"
    JOIN "User" u ON u."id" = c."customerId"
    LEFT JOIN "Company" co ON co."id" = u."companyId"
    LEFT JOIN LATERAL (
      SELECT m."body", m."type", m."createdAt" FROM "Message" m
      WHERE m."ticketId" = c."ticketId" AND m."type" <> 'NOTE' ORDER BY m."seq" DESC LIMIT 1
    ) last ON true
    WHERE ${where}
    ORDER BY c."startedAt", c."id"
    LIMIT 200`;
  return rows.map((row) => ({
    id: row.id,
    ticketNumber: formatTicketNumber(row.number),
    status: row.status,
    customerName: row.customerName,
    company: row.company,
    plan: row.plan,
    waitingSince: row.startedAt.toISOString(),
    lastMessage:
      row.lastBody !== null && row.lastAt
        ? {
            body: row.lastBody.slice(0, 200),
            author: row.lastType === 'CUSTOMER' ? 'CUSTOMER' : 'AGENT',
            createdAt: row.lastAt.toISOString(),
          }
        : null,
    unread: row.unread,
    agentId: row.agentId,
    offeredToId: row.offeredToId,
  }));
}

export async function chatSummary(chatId: string): Promise<ChatSummary | null> {
  const [summary] = await summaries(Prisma.sql`c."id" = ${chatId}::uuid`);
  return summary ?? null;
}

export async function agentInbox(agentId: string): Promise<AgentInbox> {
  const [me, waiting, mine] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: agentId }, select: { chatStatus: true, chatCapacity: true } }),
    summaries(Prisma.sql`c."status" = 'WAITING'`),
    summaries(Prisma.sql`c."status" = 'ACTIVE' AND c."agentId" = ${agentId}::uuid`),
  ]);
  return {
    me: { status: me.chatStatus, capacity: me.chatCapacity, active: mine.length },
    waiting,
    mine,
    offeredToMe: waiting.filter((chat) => chat.offeredToId === agentId),
  };
}

/** Takes a waiting chat (offered to this agent or picked from the waiting list) within the agent's capacity. */
export async function acceptChat(chatId: string, agentId: string, now = new Date()): Promise<Result<ChatView, ChatError>> {
  const outcome = await chatTransaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat) rollback({ kind: 'not_found' });
    if (chat.status === 'ACTIVE' && chat.agentId === agentId) return;
    if (chat.status === 'ACTIVE') rollback({ kind: 'taken' });
    if (chat.status === 'ENDED') rollback({ kind: 'ended' });
    // The agent's row lock serialises their accepts: two at once cannot both squeeze into the last seat.
    const [agent] = await tx.$queryRaw<{ chatCapacity: number }[]>`
      SELECT "chatCapacity" FROM "User" WHERE "id" = ${agentId}::uuid AND "active" AND "role" IN ('AGENT', 'ADMIN') FOR UPDATE`;
    if (!agent) rollback({ kind: 'not_found' });
    const active = await tx.chatSession.count({ where: { agentId, status: 'ACTIVE' } });
    if (active >= agent.chatCapacity) rollback({ kind: 'capacity_full' });

    await tx.chatSession.update({
      where: { id: chat.id },
      data: { status: 'ACTIVE', agentId, acceptedAt: now, offeredToId: null, offeredAt: null },
    });
    const ticket = await ticketForStatus(tx, chat.ticketId);
    if (ticket.status === 'NEW') {
      await changeStatus(tx, { ticket, to: 'OPEN', actor: 'agent', actorId: agentId, now, alsoSet: { assigneeId: agentId } });
    } else {
      await tx.ticket.update({ where: { id: ticket.id }, data: { assigneeId: agentId, lastActivityAt: now, version: { increment: 1 } } });
    }
    if (ticket.assigneeId !== agentId) {
      await tx.ticketEvent.create({
        data: {
          ticketId: ticket.id,
          actorId: agentId,
          type: TICKET_EVENTS.assigned,
          data: { from: ticket.assigneeId, to: agentId },
          createdAt: now,
        },
      });
    }
    await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id,
        actorId: agentId,
        type: CHAT_EVENTS.accepted,
        data: { chatId, waitSeconds: Math.round((now.getTime() - chat.startedAt.getTime()) / 1000) },
        createdAt: now,
      },
    });
    const events = [chatEvents.state(chat.id), chatEvents.inbox(), chatEvents.assigned(agentId, chat.id)];
    await publish(tx, events);
  });
  if (!outcome.ok) return outcome;
  const view = await chatView(chatId, db(), now);
  return view ? ok(view) : err({ kind: 'not_found' });
}

/** Declines the offer made to this agent; the chat goes to the next agent with room. */
export async function declineChat(chatId: string, agentId: string, now = new Date()): Promise<Result<void, ChatError>> {
  const outcome = await chatTransaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat) rollback({ kind: 'not_found' });
    if (chat.status !== 'WAITING') rollback({ kind: 'not_waiting' });
    if (chat.offeredToId !== agentId) rollback({ kind: 'not_offered' });
    await tx.chatSession.update({
      where: { id: chat.id },
      data: { offeredToId: null, offeredAt: null, declinedBy: { set: [...new Set([...chat.declinedBy, agentId])] } },
    });
    await tx.ticketEvent.create({
      data: { ticketId: chat.ticketId, actorId: agentId, type: CHAT_EVENTS.declined, data: { chatId }, createdAt: now },
    });
    await publish(tx, [chatEvents.inbox()]);
  });
  if (!outcome.ok) return outcome;
  await offerSafely(now);
  return ok(undefined);
}

/** Hands an active chat to another online agent with a free seat; the ticket follows. */
export async function transferChat(
  chatId: string,
  fromAgentId: string,
  toAgentId: string,
  now = new Date(),
): Promise<Result<ChatView, ChatError>> {
  const outcome = await chatTransaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat) rollback({ kind: 'not_found' });
    if (chat.status !== 'ACTIVE') rollback(chat.status === 'ENDED' ? { kind: 'ended' } : { kind: 'not_yours' });
    if (chat.agentId !== fromAgentId) rollback({ kind: 'not_yours' });
    if (toAgentId === fromAgentId) return;
    const [target] = await tx.$queryRaw<{ chatCapacity: number }[]>`
      SELECT "chatCapacity" FROM "User"
      WHERE "id" = ${toAgentId}::uuid AND "active" AND "role" IN ('AGENT', 'ADMIN') AND "chatStatus" = 'ONLINE' AND "chatSeenAt" > ${seenSince(now)}
      FOR UPDATE`;
    if (!target) rollback({ kind: 'agent_unavailable' });
    const active = await tx.chatSession.count({ where: { agentId: toAgentId, status: 'ACTIVE' } });
    if (active >= target.chatCapacity) rollback({ kind: 'agent_unavailable' });
    await tx.chatSession.update({ where: { id: chat.id }, data: { agentId: toAgentId } });
    await tx.ticket.update({
      where: { id: chat.ticketId },
      data: { assigneeId: toAgentId, lastActivityAt: now, version: { increment: 1 } },
    });
    await tx.ticketEvent.createMany({
      data: [
        {
          ticketId: chat.ticketId,
          actorId: fromAgentId,
          type: TICKET_EVENTS.assigned,
          data: { from: fromAgentId, to: toAgentId },
          createdAt: now,
        },
        {
          ticketId: chat.ticketId,
          actorId: fromAgentId,
          type: CHAT_EVENTS.transferred,
          data: { chatId, from: fromAgentId, to: toAgentId },
          createdAt: now,
        },
      ],
    });
    await publish(tx, [
      chatEvents.state(chat.id),
      chatEvents.inbox(),
      chatEvents.unassigned(fromAgentId, chat.id),
      chatEvents.assigned(toAgentId, chat.id),
    ]);
  });
  if (!outcome.ok) return outcome;
  await offerSafely(now);
  const view = await chatView(chatId, db(), now);
  return view ? ok(view) : err({ kind: 'not_found' });
}

/**
 * The agent ends the chat and leaves the ticket in `status` (default Rozwiązane: the customer gets the usual
 * "solved" e-mail with the rating link; Czeka na klienta to follow up by e-mail). Any staff member may end a
 * waiting chat (spam, a duplicate); an active one only its agent.
 */
export async function endChatByAgent(
  chatId: string,
  agentId: string,
  status: TicketStatus = 'RESOLVED',
  now = new Date(),
): Promise<Result<ChatView, ChatError>> {
  const outcome = await chatTransaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat) rollback({ kind: 'not_found' });
    if (chat.status === 'ENDED') return;
    if (chat.status === 'ACTIVE' && chat.agentId !== agentId) rollback({ kind: 'not_yours' });
    await writeEnd(tx, chat, 'AGENT', 'agent', agentId, now);
    const ticket = await ticketForStatus(tx, chat.ticketId);
    if (ticket.status !== status) {
      const moved = await changeStatus(tx, { ticket, to: status, actor: 'agent', actorId: agentId, now, via: 'button' });
      if (!moved.ok) rollback({ kind: 'invalid', fieldErrors: { status: ['errors.invalid'] } });
    }
  });
  if (!outcome.ok) return outcome;
  await offerSafely(now);
  const view = await chatView(chatId, db(), now);
  return view ? ok(view) : err({ kind: 'not_found' });
}

export interface AgentChatDetail {
  chat: ChatView;
  messages: ChatMessageView[];
  context: AgentChatContext;
}

/** A chat for the agent's screen: the whole transcript with internal notes, and who the customer is. */
export async function agentChatDetail(chatId: string): Promise<AgentChatDetail | null> {
  const session = await db().chatSession.findUnique({
    where: { id: chatId },
    select: {
      id: true,
      ticketId: true,
      customerId: true,
      pageUrl: true,
      userAgent: true,
      customer: { select: { name: true, email: true, company: { select: { name: true, plan: true } } } },
    },
  });
  if (!session) return null;
  const [chat, messages, recent] = await Promise.all([
    chatView(chatId),
    chatMessages(db(), { id: session.id, ticketId: session.ticketId }, { includeInternal: true }),
    db().ticket.findMany({
      where: { reporterId: session.customerId, id: { not: session.ticketId } },
      orderBy: { createdAt: 'desc' },
      take: 5,
      select: { number: true, subject: true, status: true, createdAt: true },
    }),
  ]);
  if (!chat) return null;
  return {
    chat,
    messages,
    context: {
      customer: {
        name: session.customer.name,
        email: session.customer.email,
        company: session.customer.company?.name ?? null,
        plan: session.customer.company?.plan ?? null,
      },
      pageUrl: session.pageUrl,
      userAgent: session.userAgent,
      recentTickets: recent.map((t) => ({
        number: formatTicketNumber(t.number),
        subject: t.subject,
        status: t.status,
        createdAt: t.createdAt.toISOString(),
      })),
    },
  };
}
