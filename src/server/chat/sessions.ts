import { toLocale, type Locale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { redeemSsoIdentity, verifySsoToken } from '@/server/auth/sso';
import type { Viewer } from '@/server/auth/viewer';
import { db, type Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { truncate } from '@/server/mail/outbound/templates';
import { businessCalendarFor, chatSupportFor } from '@/server/plan-settings/read';
import { VISITOR_AUDIENCE, type ChatAudience } from '@/server/plans';
import { publish } from '@/server/realtime/hub';
import { chatFirstResponseDueAt } from '@/server/sla/chat-target';
import { dueDatesFrom, slaTargetsForCompany } from '@/server/sla/targets';
import { err, ok, type Result } from '@/server/result';
import { changeStatus } from '@/server/tickets/change-status';
import { createTicket, ticketUrl, type ReporterRef, type TicketFields } from '@/server/tickets/create';
import { CHAT_EVENTS } from '@/server/tickets/events';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { isRatable } from '@/server/tickets/status';
import { chatAvailability, type Availability } from './availability';
import { CHAT_EMAIL_TEMPLATES, renderChatClosedIntoTicket, renderChatTranscript } from './emails';
import type { ChatError } from './errors';
import { chatEvents } from './events';
import { postChatMessage } from './messages';
import { offerWaitingChats } from './queue';
import type { StartChatInput } from './schemas';
import { chatMessages, chatTransaction, chatView, lockChat, rollback, type LockedChat } from './store';
import { signChatToken, type ChatGrant } from './token';
import type { ChatMessageView, ChatView } from './views';
import type { z } from 'zod';
import type { offlineMessageSchema, startChatSchema } from './schemas';

/**
 * Starting, ending, rating and e-mailing a live chat (issue 10). Every chat is a ticket (channel CHAT) from its
 * first message: `createTicket` files it (without the usual e-mails, see `announce`), and the ChatSession row
 * is written in the same transaction. One open chat per customer: starting again returns the open one.
 */

const log = childLogger({ module: 'chat' });

/** Who is chatting: a known user (portal session or the panel's SSO token), or a visitor's name and e-mail. */
export type ChatIdentity =
  | { kind: 'user'; userId: string; locale: Locale; verified: true }
  | { kind: 'visitor'; email: string; name: string; locale: Locale; verified: false };

export interface IdentityInput {
  viewer: Viewer;
  ssoToken?: string;
  name?: string;
  email?: string;
  locale?: Locale;
}

/** A staff member's session does not make them a chat customer (they chat from the inbox). */
function customerViewer(viewer: Viewer) {
  return viewer.kind === 'user' && viewer.user.role === 'CUSTOMER' ? viewer : null;
}

/**
 * Resolves who starts the chat. The SSO token is redeemed (its `jti` spent, company and user brought up to date)
 * exactly as on /sso/vouchie: the panel's signed word is the only way to be "known" from the widget.
 */
export async function resolveChatIdentity(input: IdentityInput): Promise<Result<ChatIdentity, ChatError>> {
  const viewer = customerViewer(input.viewer);
  if (viewer) return ok({ kind: 'user', userId: viewer.user.id, locale: toLocale(viewer.user.locale), verified: true });
  if (input.ssoToken) {
    const verified = await verifySsoToken(input.ssoToken, env().VOUCHIE_SSO_SECRET);
    if (!verified.ok) return err({ kind: 'sso', failure: verified.error });
    const redeemed = await redeemSsoIdentity(verified.value);
    if (!redeemed.ok) return err({ kind: 'sso', failure: redeemed.error });
    return ok({ kind: 'user', userId: redeemed.value.userId, locale: verified.value.locale, verified: true });
  }
  if (input.name && input.email) {
    return ok({ kind: 'visitor', name: input.name, email: input.email.toLowerCase(), locale: input.locale ?? 'pl', verified: false });
  }
  return err({ kind: 'identity_required' });
}

/**
 * Whose chat rules apply, and the account the chat is filed on. A known user (session, SSO) gets their company's
 * plan (null: no company, START's rules). A visitor whose typed address belongs to a known customer (a user with a
 * company) gets that customer's plan, and the chat is filed on that account like a guest's e-mail ticket (the
 * visitor never sees the account's other tickets or chats: the chat is reachable only with its own token, and
 * GET /api/chat/availability hands such a token nothing else). Any other visitor gets the admins' visitor rules
 * (VISITOR_SUPPORT, "Odwiedzający strony (bez konta)").
 */
async function audienceOf(who: { userId: string } | { email: string }): Promise<{ audience: ChatAudience; userId: string | null }> {
  const user = await db().user.findUnique({
    where: 'userId' in who ? { id: who.userId } : { email: who.email },
    select: { id: true, company: { select: { plan: true } } },
  });
  const plan = user?.company?.plan ?? null;
  if ('email' in who && !plan) return { audience: VISITOR_AUDIENCE, userId: user?.id ?? null };
  return { audience: plan, userId: user?.id ?? null };
}

/**
 * GET /api/chat/availability for the portal session, a chat token, a not-yet-redeemed SSO token (read only, its
 * `jti` is not spent here) or a visitor (the admins' visitor rules until the typed e-mail says otherwise).
 * `openChat` is the caller's open chat to rejoin: for a signed-in customer or a verified chat's token, their open
 * chat; for a visitor's chat token, only that very chat while it is open (a visitor who typed a customer's address
 * must not be handed that customer's later chats).
 */
export async function availabilityFor(input: {
  viewer: Viewer;
  tokenGrant?: ChatGrant | null;
  ssoToken?: string | null;
  now?: Date;
}): Promise<Availability & { openChat: { id: string; token: string } | null }> {
  const now = input.now ?? new Date();
  const viewer = customerViewer(input.viewer);
  let audience: ChatAudience = VISITOR_AUDIENCE;
  let open: { id: string; customerId: string } | null = null;
  if (viewer) {
    audience = (await audienceOf({ userId: viewer.user.id })).audience;
    open = await openChatOf(viewer.user.id);
  } else if (input.tokenGrant) {
    const grant = input.tokenGrant;
    const chat = await db().chatSession.findUnique({
      where: { id: grant.chatId },
      select: { id: true, customerId: true, verified: true, status: true, customer: { select: { email: true } } },
    });
    if (chat && chat.customerId === grant.customerId) {
      if (chat.verified) {
        audience = (await audienceOf({ userId: chat.customerId })).audience;
        open = await openChatOf(chat.customerId);
      } else {
        audience = (await audienceOf({ email: chat.customer.email })).audience;
        open = chat.status === 'ENDED' ? null : { id: chat.id, customerId: chat.customerId };
      }
    }
  } else if (input.ssoToken) {
    const verified = await verifySsoToken(input.ssoToken, env().VOUCHIE_SSO_SECRET, now);
    if (verified.ok) audience = verified.value.company.plan;
  }
  const availability = await chatAvailability(audience, now);
  return {
    ...availability,
    openChat: open ? { id: open.id, token: await signChatToken({ chatId: open.id, customerId: open.customerId }) } : null,
  };
}

async function openChatOf(customerId: string): Promise<{ id: string; customerId: string } | null> {
  return db().chatSession.findFirst({
    where: { customerId, status: { in: ['WAITING', 'ACTIVE'] } },
    select: { id: true, customerId: true },
  });
}

export interface StartedChat {
  chat: ChatView;
  token: string;
  /** False when an open chat was joined instead (HTTP 200 rather than 201). */
  created: boolean;
  /** The first message as stored (null when an open chat was joined without one). */
  message: ChatMessageView | null;
}

class ChatAlreadyOpen extends Error {
  constructor(readonly chatId: string) {
    super('chat already open');
  }
}

type StartInput = z.output<typeof startChatSchema>;

function subjectFor(locale: Locale, text: string): string {
  return translator(locale)('chatApi.ticketSubject', { text: truncate(text.replace(/\s+/g, ' '), 80) });
}

function fieldsFor(locale: Locale, body: string, input: { pageUrl?: string; userAgent?: string }): TicketFields {
  return {
    category: 'OTHER',
    subject: subjectFor(locale, body),
    actual: body,
    attempted: undefined,
    expected: undefined,
    errorMessage: undefined,
    occurredAt: undefined,
    reproSteps: [],
    identifiers: [],
    priority: 'NORMAL',
    environment:
      input.pageUrl || input.userAgent
        ? {
            pageUrl: input.pageUrl,
            userAgent: input.userAgent,
            browser: undefined,
            os: undefined,
            screen: undefined,
            timeZone: undefined,
            language: undefined,
            appVersion: undefined,
          }
        : undefined,
  };
}

/**
 * Starts a chat, or joins the customer's open one. The first message is what starts it; when the caller joins an
 * open chat with a first message (a second tab), that message is sent into it (idempotent by its client id).
 */
export async function startChat(identity: ChatIdentity, input: StartInput, now = new Date()): Promise<Result<StartedChat, ChatError>> {
  const known = await audienceOf(identity.kind === 'user' ? { userId: identity.userId } : { email: identity.email });
  if (known.userId) {
    const open = await db().chatSession.findFirst({
      where: { customerId: known.userId, status: { in: ['WAITING', 'ACTIVE'] } },
      select: { id: true },
    });
    if (open) {
      if (!identity.verified) return err({ kind: 'already_open' });
      return joinOpenChat(open.id, known.userId, input, now);
    }
  }
  const availability = await chatAvailability(known.audience, now);
  if (!availability.available) return err({ kind: 'unavailable', reason: availability.reason });
  if (!input.firstMessage) return err({ kind: 'first_message_required' });
  // Chats answer in seconds, not business hours: the first response is due this long after the start (the worker
  // records a breach as for any ticket; the agent's first chat message is the first response).
  const firstResponseDueAt = chatFirstResponseDueAt(now, (await chatSupportFor(known.audience)).firstResponseSeconds);

  const reporter: ReporterRef =
    identity.kind === 'user' ? { userId: identity.userId } : { email: identity.email, name: identity.name, locale: identity.locale };
  const locale = input.locale ?? identity.locale;
  let started: { chatId: string; customerId: string; ticketId: string } | null = null;
  try {
    const created = await createTicket({
      fields: fieldsFor(locale, input.firstMessage, input),
      reporter,
      channel: 'CHAT',
      announce: false,
      reporterVerified: identity.verified,
      attachmentTokens: input.attachmentTokens,
      idempotencyKey: input.clientMessageId ? `chat-start:${input.clientMessageId}` : undefined,
      inSameTransaction: async (tx, ticket) => {
        const { reporterId } = await tx.ticket.update({
          where: { id: ticket.id },
          data: { firstResponseDueAt },
          select: { reporterId: true },
        });
        const open = await tx.chatSession.findFirst({
          where: { customerId: reporterId, status: { in: ['WAITING', 'ACTIVE'] } },
          select: { id: true },
        });
        if (open) throw new ChatAlreadyOpen(open.id);
        const chat = await tx.chatSession.create({
          data: {
            ticketId: ticket.id,
            firstResponseDueAt,
            customerId: reporterId,
            verified: identity.verified,
            locale,
            pageUrl: input.pageUrl ?? null,
            userAgent: input.userAgent ?? null,
            startedAt: now,
            customerLastSeenAt: now,
          },
          select: { id: true },
        });
        started = { chatId: chat.id, customerId: reporterId, ticketId: ticket.id };
        if (input.clientMessageId) {
          await tx.message.updateMany({ where: { ticketId: ticket.id }, data: { clientMessageId: input.clientMessageId } });
        }
        await tx.ticketEvent.create({
          data: {
            ticketId: ticket.id,
            actorId: reporterId,
            type: CHAT_EVENTS.started,
            data: { chatId: chat.id, pageUrl: input.pageUrl ?? null },
            createdAt: now,
          },
        });
        await publish(tx, [chatEvents.inbox()]);
      },
    });
    if (!created.ok) {
      return created.error.kind === 'attachments'
        ? err({ kind: 'attachments', error: created.error.error })
        : err({ kind: 'invalid', fieldErrors: {} });
    }
    if (created.value.replayed) {
      // The same start sent twice (a retry after a lost answer): answer with the chat it made.
      const chat = await db().chatSession.findUnique({ where: { ticketId: created.value.id }, select: { id: true, customerId: true } });
      if (!chat) return err({ kind: 'not_found' });
      started = { chatId: chat.id, customerId: chat.customerId, ticketId: created.value.id };
    }
  } catch (error) {
    if (!(error instanceof ChatAlreadyOpen)) throw error;
    if (!identity.verified) return err({ kind: 'already_open' });
    return joinOpenChat(error.chatId, known.userId ?? '', input, now);
  }
  const chat: { chatId: string; customerId: string; ticketId: string } | null = started;
  if (!chat) throw new Error('chat start wrote no chat');
  await offerSafely(now);
  const view = await chatView(chat.chatId);
  if (!view) return err({ kind: 'not_found' });
  const [message] = await chatMessages(db(), { id: chat.chatId, ticketId: chat.ticketId }, { includeInternal: false });
  return ok({
    chat: view,
    token: await signChatToken({ chatId: chat.chatId, customerId: chat.customerId }),
    created: true,
    message: message ?? null,
  });
}

async function joinOpenChat(chatId: string, customerId: string, input: StartInput, now: Date): Promise<Result<StartedChat, ChatError>> {
  const owner = customerId || (await db().chatSession.findUnique({ where: { id: chatId }, select: { customerId: true } }))?.customerId;
  if (!owner) return err({ kind: 'not_found' });
  let message: ChatMessageView | null = null;
  if (input.firstMessage && input.clientMessageId) {
    const sent = await postChatMessage({
      chatId,
      side: { kind: 'customer', customerId: owner },
      input: {
        clientMessageId: input.clientMessageId,
        body: input.firstMessage,
        attachmentTokens: input.attachmentTokens,
        internal: false,
      },
      now,
    });
    if (!sent.ok && sent.error.kind !== 'ended') return sent;
    if (sent.ok) message = sent.value.message;
  }
  const view = await chatView(chatId);
  if (!view) return err({ kind: 'not_found' });
  return ok({ chat: view, token: await signChatToken({ chatId, customerId: owner }), created: false, message });
}

/** Offers never fail the call that triggered them: the worker's sweep offers again within seconds. */
export async function offerSafely(now = new Date()): Promise<void> {
  try {
    await offerWaitingChats(now);
  } catch (error) {
    log.error({ err: error }, 'offering waiting chats failed');
  }
}

interface TicketForStatus {
  id: string;
  number: number;
  subject: string;
  status: 'NEW' | 'OPEN' | 'WAITING_ON_CUSTOMER' | 'ON_HOLD' | 'RESOLVED' | 'CLOSED';
  slaPausedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  assigneeId: string | null;
  reporter: { email: string; name: string | null; locale: string | null };
}

export async function ticketForStatus(tx: Tx, ticketId: string): Promise<TicketForStatus> {
  return tx.ticket.findUniqueOrThrow({
    where: { id: ticketId },
    select: {
      id: true,
      number: true,
      subject: true,
      status: true,
      slaPausedAt: true,
      firstResponseDueAt: true,
      resolutionDueAt: true,
      assigneeId: true,
      reporter: { select: { email: true, name: true, locale: true } },
    },
  });
}

/** Marks the chat ended and tells everyone; the caller decides what happens to the ticket. */
export async function writeEnd(
  tx: Tx,
  chat: LockedChat,
  by: 'CUSTOMER' | 'AGENT' | 'SYSTEM',
  reason: string,
  actorId: string | null,
  now: Date,
): Promise<void> {
  await tx.chatSession.update({
    where: { id: chat.id },
    data: { status: 'ENDED', endedAt: now, endedBy: by, endReason: reason, offeredToId: null, offeredAt: null },
  });
  await tx.ticketEvent.create({
    data: { ticketId: chat.ticketId, actorId, type: CHAT_EVENTS.ended, data: { chatId: chat.id, by, reason }, createdAt: now },
  });
  const events = [chatEvents.state(chat.id), chatEvents.inbox()];
  if (chat.agentId) events.push(chatEvents.unassigned(chat.agentId, chat.id));
  await publish(tx, events);
}

/** The "we will answer by e-mail" mail for a chat that ended without an answer in the chat. */
export async function enqueueClosedIntoTicket(tx: Tx, chat: LockedChat, reason: 'unanswered' | 'abandoned'): Promise<void> {
  const ticket = await ticketForStatus(tx, chat.ticketId);
  const locale = toLocale(chat.locale);
  const mail = renderChatClosedIntoTicket({
    locale,
    recipientName: ticket.reporter.name,
    ticketNumber: formatTicketNumber(ticket.number),
    ticketSubject: ticket.subject,
    ticketUrl: ticketUrl(ticket.id, ticket.number, ticket.reporter.email),
    verified: chat.verified,
    reason,
  });
  await enqueueEmail(tx, {
    template: CHAT_EMAIL_TEMPLATES.closedIntoTicket,
    ticketId: ticket.id,
    to: { email: ticket.reporter.email, name: ticket.reporter.name },
    ...mail,
  });
}

/**
 * A chat closed before anyone answered it becomes a ticket answered by e-mail (the customer was told so): its
 * first response is now due under the plan's ticket SLA from the close, in support hours, instead of the chat's
 * seconds, which had passed or were about to. A breach of the chat's target recorded on the ticket is lifted: it
 * stays in the activity log, and the chat figures read the chat's own due date (ChatSession.firstResponseDueAt).
 */
export async function handOverToTicketSla(tx: Tx, ticketId: string, now: Date): Promise<void> {
  const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { companyId: true, firstRespondedAt: true } });
  if (ticket.firstRespondedAt) return;
  const targets = await slaTargetsForCompany(ticket.companyId, tx);
  const calendar = await businessCalendarFor(targets.plan, 'SUPPORT', tx);
  const { firstResponseDueAt } = dueDatesFrom(targets, now, calendar);
  await tx.ticket.update({
    where: { id: ticketId },
    data: { firstResponseDueAt, firstResponseBreachedAt: null, version: { increment: 1 } },
  });
}

/**
 * The customer ends the chat. Answered by an agent: the ticket is solved (the customer's own move, no e-mail;
 * they may reopen it from Moje zgłoszenia). Never answered: the ticket stays open for the team, and the customer
 * is told they will get the answer by e-mail. Ending an ended chat is a no-op.
 */
export async function endChatByCustomer(chatId: string, customerId: string, now = new Date()): Promise<Result<ChatView, ChatError>> {
  const outcome = await chatTransaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat || chat.customerId !== customerId) rollback({ kind: 'not_found' });
    if (chat.status === 'ENDED') return false;
    await writeEnd(tx, chat, 'CUSTOMER', 'customer', customerId, now);
    if (chat.status === 'ACTIVE') {
      const ticket = await ticketForStatus(tx, chat.ticketId);
      if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED') {
        await changeStatus(tx, { ticket, to: 'RESOLVED', actor: 'customer', actorId: customerId, now, via: 'button' });
      }
    } else {
      await handOverToTicketSla(tx, chat.ticketId, now);
      await enqueueClosedIntoTicket(tx, chat, 'unanswered');
    }
    return chat.status === 'ACTIVE';
  });
  if (!outcome.ok) return outcome;
  if (outcome.value) await offerSafely(now);
  const view = await chatView(chatId);
  return view ? ok(view) : err({ kind: 'not_found' });
}

/**
 * The customer's 1–5 rating of an ended chat (chat CSAT), the last one counting. When the ticket is solved or
 * closed, it is the ticket's rating too, so the dashboard's CSAT counts chats as it counts tickets.
 */
export async function rateChat(
  chatId: string,
  customerId: string,
  input: { score: number; comment?: string },
  now = new Date(),
): Promise<Result<void, ChatError>> {
  return chatTransaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat || chat.customerId !== customerId) rollback({ kind: 'not_found' });
    if (chat.status !== 'ENDED') rollback({ kind: 'not_ended' });
    const comment = input.comment ?? null;
    await tx.chatSession.update({ where: { id: chat.id }, data: { rating: input.score, ratingComment: comment, ratedAt: now } });
    const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: chat.ticketId }, select: { status: true, reporterId: true } });
    if (isRatable(ticket.status) && ticket.reporterId === customerId) {
      await tx.ticket.update({
        where: { id: chat.ticketId },
        data: { rating: input.score, ratingComment: comment, ratedAt: now, version: { increment: 1 } },
      });
    }
    await tx.ticketEvent.create({
      data: {
        ticketId: chat.ticketId,
        actorId: customerId,
        type: CHAT_EVENTS.rated,
        data: { chatId, rating: input.score, ...(comment ? { comment } : {}) },
        createdAt: now,
      },
    });
    await publish(tx, [chatEvents.state(chat.id)]);
  });
}

/** The transcript by e-mail to the chat's customer, through the outbox (caps apply as to any ticket mail). */
export async function emailTranscript(chatId: string, customerId: string, now = new Date()): Promise<Result<void, ChatError>> {
  return chatTransaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat || chat.customerId !== customerId) rollback({ kind: 'not_found' });
    const ticket = await ticketForStatus(tx, chat.ticketId);
    const messages = await tx.message.findMany({
      where: { ticketId: chat.ticketId, type: { not: 'NOTE' } },
      orderBy: { seq: 'asc' },
      select: { type: true, body: true, createdAt: true, author: { select: { name: true } }, attachments: { select: { fileName: true } } },
    });
    const mail = renderChatTranscript({
      locale: toLocale(chat.locale),
      recipientName: ticket.reporter.name,
      ticketNumber: formatTicketNumber(ticket.number),
      ticketSubject: ticket.subject,
      ticketUrl: ticketUrl(ticket.id, ticket.number, ticket.reporter.email),
      verified: chat.verified,
      lines: messages.map((m) => ({
        author: m.type === 'CUSTOMER' ? 'CUSTOMER' : 'AGENT',
        authorName: m.author?.name ?? null,
        body: m.body,
        createdAt: m.createdAt,
        attachments: m.attachments.map((a) => a.fileName),
      })),
    });
    await enqueueEmail(tx, {
      template: CHAT_EMAIL_TEMPLATES.transcript,
      ticketId: ticket.id,
      to: { email: ticket.reporter.email, name: ticket.reporter.name },
      ...mail,
    });
    await tx.ticketEvent.create({
      data: { ticketId: chat.ticketId, actorId: customerId, type: CHAT_EVENTS.transcriptSent, data: { chatId }, createdAt: now },
    });
  });
}

type OfflineInput = z.output<typeof offlineMessageSchema>;

/**
 * A message left when chat is not offered: a ticket at once (the usual confirmation e-mail, the agents told as
 * for any new ticket), with its number for the widget to show.
 */
export async function leaveOfflineMessage(
  identity: ChatIdentity,
  input: OfflineInput,
): Promise<Result<{ ticketNumber: string }, ChatError>> {
  const locale = input.locale ?? identity.locale;
  const fields = fieldsFor(locale, input.body, input);
  const created = await createTicket({
    fields: {
      ...fields,
      subject: input.subject ?? translator(locale)('chatApi.offlineSubject', { text: truncate(input.body.replace(/\s+/g, ' '), 80) }),
    },
    reporter:
      identity.kind === 'user' ? { userId: identity.userId } : { email: identity.email, name: identity.name, locale: identity.locale },
    channel: 'WEB',
    reporterVerified: identity.verified,
    attachmentTokens: input.attachmentTokens,
    idempotencyKey: input.idempotencyKey ? `chat-offline:${input.idempotencyKey}` : undefined,
  });
  if (!created.ok) {
    return created.error.kind === 'attachments'
      ? err({ kind: 'attachments', error: created.error.error })
      : err({ kind: 'invalid', fieldErrors: {} });
  }
  return ok({ ticketNumber: created.value.displayNumber });
}

export type { StartChatInput };
