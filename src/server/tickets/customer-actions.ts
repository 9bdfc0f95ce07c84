import { randomUUID } from 'node:crypto';
import type { Channel } from '@/generated/prisma/enums';
import { db, pgPool, type Tx } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { executeIn, stamp } from '@/server/db/pg-sql';
import { Rollback, transact as transactWith } from '@/server/db/transact';
import { claimUploads, type AttachmentError } from '@/server/attachments';
import { customerRoleOn, type CustomerRole, type Principal } from '@/server/auth/policy';
import { err, ok, type Result } from '@/server/result';
import { changeStatus, type StatusVia } from './change-status';
import { createTicket } from './create';
import { TICKET_EVENTS } from './events';
import { notifyAgents, type AgentNotification } from './notify-agents';
import { formatTicketNumber } from './numbering';
import { replayedMessageId } from './replay';
import {
  accessFactsOf,
  lockedTicketFrom,
  lockTicketStatement,
  replyEventData,
  type LockedTicket,
  type LockedTicketRow,
} from './reply-parts';
import { replyBySql } from './reply-fast';
import { REPLY_WRITES, type CallerSql, type TicketWrites } from './write-sql';
import { LIMITS, ratingSchema, replySchema, toFieldErrors, type FieldErrors, type Reply } from './schemas';
import { canTransition, customerReplyEffect, isOpenStatus, isRatable, type TicketStatus } from './status';

/**
 * What a customer can do to their ticket from the ticket page (or the e-mailed link): reply, mark it solved,
 * reopen it, rate it. Each is one transaction that locks the ticket, asks policy.ts, checks status.ts, writes
 * the change with an activity event, bumps `version` and `lastActivityAt`, and puts the agents' notification in
 * the outbox. A ticket the principal may not act on is `not_found`, whether it exists or not.
 *
 * Ratings: the reporter may rate a solved or closed ticket and change the rating later (the last one counts,
 * each change is an event). A ticket reopened and solved again deserves a fresh opinion, and a customer who
 * clicked the wrong star should not need to write to support to fix it.
 */

export type CustomerActionError =
  | { kind: 'not_found' }
  /** Field path → message keys (`errors.*`) from the shared schema. */
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'attachments'; error: AttachmentError }
  /** The move is not allowed from the ticket's current status (e.g. reopening a closed ticket). */
  | { kind: 'invalid_transition'; status: TicketStatus }
  /** Ratings are for solved and closed tickets. */
  | { kind: 'not_ratable'; status: TicketStatus }
  /** Visible, but not for this person to do (a company admin rating a colleague's ticket). */
  | { kind: 'not_allowed' };

export type CustomerActionResult<T> = Result<T, CustomerActionError>;

/** A ticket by its number (what the portal's URLs carry) or by its id (what an e-mail's signed reply token names). */
export type TicketRef = { number: number } | { ticketId: string };

export type ReplyCommand = TicketRef & {
  principal: Principal;
  body: string;
  attachmentTokens?: string[];
  idempotencyKey?: string;
  channel?: Channel;
  /** The Message-ID of the e-mail the reply came in (channel EMAIL), kept on the message for threading. */
  emailMessageId?: string;
  /** What trimming took off the e-mail (signature, quoted history): kept on the message for staff, never shown to the customer. */
  trimmedText?: string | null;
  /** Further writes that must commit or roll back with the reply (or its follow-up ticket), e.g. the e-mail's record. */
  inSameTransaction?: (tx: Tx, outcome: ReplyOutcome) => Promise<void>;
  /**
   * Work in the reply's (or its follow-up ticket's) transaction before the message is written: an inbound mail's
   * attachments' rows, claimed next by their tokens, so the mail commits once.
   */
  beforeWrite?: (tx: Tx) => Promise<void>;
  /**
   * The same caller writes (and the files `beforeWrite` would record) as SQL, for the e-mailed reply's SQL fast path
   * (reply-fast.ts); without `pgPool()`, or for a reply it does not cover, the hooks above run on the Prisma path.
   */
  sql?: CallerSql<ReplyOutcome>;
};

export type ReplyOutcome =
  | { kind: 'replied'; ticketNumber: number; messageId: string; status: TicketStatus; reopened: boolean; replayed: boolean }
  /** The ticket (`ticketNumber`) was closed: the reply opened a new ticket that points back at it. */
  | { kind: 'followUp'; ticketNumber: number; ticket: { id: string; number: string; url: string }; replayed: boolean };

export interface StatusChange {
  status: TicketStatus;
  /** False when the ticket already was there (a second click): nothing was written. */
  changed: boolean;
}

export interface RatingOutcome {
  rating: number;
  comment: string | null;
  changed: boolean;
}

const transact = <T>(work: (tx: Tx) => Promise<CustomerActionResult<T>>) => transactWith<T, CustomerActionError>(work);

interface Acting {
  ticket: LockedTicket;
  role: CustomerRole;
  actor: { id: string; name: string | null; email: string };
  companyName: string | null;
}

/**
 * Locks the ticket row for the rest of the transaction (one customer action at a time per ticket; FOR NO KEY
 * UPDATE still lets others insert rows that reference it) and says who acts, or null when they may not.
 */
async function actOn(tx: Tx, ref: TicketRef, principal: Principal): Promise<Acting | null> {
  // One statement reads the ticket with its reporter and company and locks the ticket row (not the others):
  // every e-mail reply and portal action starts here.
  const lock = lockTicketStatement(ref);
  const [row] = await tx.$queryRawUnsafe<LockedTicketRow[]>(lock.text, ...lock.values);
  if (!row) return null;
  const ticket = lockedTicketFrom(row);
  const role = customerRoleOn(principal, accessFactsOf(ticket));
  if (!role) return null;
  // A ticket link speaks for the reporter it was sent to (policy checked that it names them); so does the
  // reporter signed in. Only a colleague (a company admin, someone copied on the ticket) needs a look-up.
  const select = { id: true, name: true, email: true } as const;
  const actor =
    role === 'reporter'
      ? { id: ticket.reporterId, name: ticket.reporter.name, email: ticket.reporter.email }
      : principal.kind === 'user'
        ? await tx.user.findUniqueOrThrow({ where: { id: principal.userId }, select })
        : principal.kind === 'ticketLink'
          ? await tx.user.findUniqueOrThrow({ where: { email: principal.grant.email }, select })
          : null;
  if (!actor) return null;
  return { ticket, role, actor, companyName: ticket.company?.name ?? null };
}

function customerOf({ actor, companyName }: Acting): AgentNotification['customer'] {
  return { name: actor.name, email: actor.email, company: companyName };
}

function notifiedTicket(ticket: LockedTicket, status: TicketStatus): AgentNotification['ticket'] {
  return { id: ticket.id, number: ticket.number, subject: ticket.subject, status, assigneeId: ticket.assigneeId };
}

/** The customer's status move (changeStatus), recorded as an event of `type`; the ticket row is locked, so it cannot be stale. */
async function moveStatus(tx: Tx, acting: Acting, to: TicketStatus, type: string, now: Date, via?: StatusVia) {
  const moved = await changeStatus(tx, {
    ticket: acting.ticket,
    to,
    actor: 'customer',
    actorId: acting.actor.id,
    now,
    via,
    eventType: type,
  });
  if (!moved.ok) throw new Rollback<CustomerActionError>({ kind: 'invalid_transition', status: acting.ticket.status });
}

/**
 * Adds the customer's reply to the thread with its attachments. On a solved ticket the reply reopens it, on one
 * waiting for the customer it goes back to the team; on a closed ticket it starts a follow-up ticket instead.
 */
export async function replyAsCustomer(command: ReplyCommand): Promise<CustomerActionResult<ReplyOutcome>> {
  const parsed = replySchema.safeParse({
    body: command.body,
    attachmentTokens: command.attachmentTokens,
    idempotencyKey: command.idempotencyKey,
  });
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const input = parsed.data;
  const channel = command.channel ?? 'WEB';

  // An e-mailed reply goes through SQL when it can (replyBySql says null otherwise, having written nothing).
  const pool = command.sql && command.emailMessageId ? pgPool() : null;
  const bySql = pool ? await replyBySql(pool, command, input, channel) : null;
  if (bySql) return ok(bySql);
  const outcome = await writeReply(command, input, channel).catch((error: unknown) => replayOfEmail(error, command));
  if (!outcome.ok) return outcome;
  if (outcome.value.kind === 'closed') return startFollowUp(outcome.value.acting, input, channel, command);
  return ok(outcome.value);
}

type WrittenReply = ReplyOutcome | { kind: 'closed'; acting: Acting };

/** The reply's own transaction; a closed ticket is only reported back (its follow-up is created after it). */
function writeReply(command: ReplyCommand, input: Reply, channel: Channel): Promise<CustomerActionResult<WrittenReply>> {
  return transact<WrittenReply>(async (tx) => {
    const acting = await actOn(tx, command, command.principal);
    if (!acting) return err({ kind: 'not_found' });
    const { ticket, actor } = acting;

    const replayKey = input.idempotencyKey ? `${actor.id}:${input.idempotencyKey}` : null;
    // A reply by e-mail needs no look-up: its Message-ID is unique on the message, so a second delivery fails the
    // insert below and is answered from the first one (see replayOfEmail).
    if (replayKey && !command.emailMessageId) {
      const messageId = await replayedMessageId(tx, ticket.id, TICKET_EVENTS.customerReplied, replayKey);
      if (messageId)
        return ok({ kind: 'replied', ticketNumber: ticket.number, messageId, status: ticket.status, reopened: false, replayed: true });
    }

    const effect = customerReplyEffect(ticket.status);
    // A closed ticket stays untouched; the follow-up is created after this lock is released.
    if (effect.kind === 'followUp') return ok({ kind: 'closed', acting });

    const to = effect.kind === 'move' && canTransition(ticket.status, effect.to, 'customer') ? effect.to : ticket.status;
    const reopened = ticket.status === 'RESOLVED' && to === 'OPEN';
    await command.beforeWrite?.(tx);
    const now = new Date();
    const eventData = (messageId: string, attachments: number) => replyEventData(messageId, attachments, replayKey);
    let messageId: string;
    let attachmentCount = 0;
    if (input.attachmentTokens.length === 0 && to === ticket.status) {
      messageId = await writePlainReply(tx, {
        ticketId: ticket.id,
        authorId: actor.id,
        channel,
        body: input.body,
        emailMessageId: command.emailMessageId ?? null,
        trimmedText: command.trimmedText ?? null,
        now,
        eventData,
      });
    } else {
      const message = await tx.message.create({
        data: {
          ticketId: ticket.id,
          type: 'CUSTOMER',
          authorId: actor.id,
          channel,
          body: input.body,
          emailMessageId: command.emailMessageId ?? null,
          trimmedText: command.trimmedText ?? null,
          createdAt: now,
        },
        select: { id: true },
      });
      messageId = message.id;
      const claimed = await claimUploads(tx, { tokens: input.attachmentTokens, ticketId: ticket.id, messageId });
      if (!claimed.ok) throw new Rollback<CustomerActionError>({ kind: 'attachments', error: claimed.error });
      attachmentCount = claimed.value.length;

      await tx.ticketEvent.create({
        data: {
          ticketId: ticket.id,
          actorId: actor.id,
          type: TICKET_EVENTS.customerReplied,
          data: eventData(messageId, attachmentCount),
          createdAt: now,
        },
      });

      if (to !== ticket.status) {
        await moveStatus(tx, acting, to, reopened ? TICKET_EVENTS.reopened : TICKET_EVENTS.statusChanged, now, 'reply');
      } else {
        await tx.ticket.update({ where: { id: ticket.id }, data: { lastActivityAt: now, version: { increment: 1 } } });
      }
    }

    await notifyAgents(tx, {
      kind: reopened ? 'reopened' : 'customerReplied',
      ticket: notifiedTicket(ticket, to),
      customer: customerOf(acting),
      message: input.body,
      attachmentCount,
    });
    const replied: ReplyOutcome = {
      kind: 'replied',
      ticketNumber: ticket.number,
      messageId,
      status: to,
      reopened,
      replayed: false,
    };
    await command.inSameTransaction?.(tx, replied);
    return ok(replied);
  });
}

/**
 * The usual reply (no files, no status move) as one statement: the message, its activity event and the ticket's
 * activity time and version, where Prisma took three queries and three round trips: the statement the SQL fast
 * paths share (REPLY_WRITES in write-sql.ts). The ids are generated here, as Prisma does for these tables; the
 * message's search trigger runs after the statement, as before. A second
 * delivery of an e-mail still fails on the unique Message-ID (see replayOfEmail).
 */
async function writePlainReply(
  tx: Tx,
  reply: {
    ticketId: string;
    authorId: string;
    channel: Channel;
    body: string;
    emailMessageId: string | null;
    trimmedText: string | null;
    now: Date;
    eventData: (messageId: string, attachments: number) => Record<string, unknown>;
  },
): Promise<string> {
  const messageId = randomUUID();
  const writes: TicketWrites = {
    ticketId: reply.ticketId,
    now: stamp(reply.now),
    authorId: reply.authorId,
    channel: reply.channel,
    messageId,
    body: reply.body,
    emailMessageId: reply.emailMessageId,
    trimmedText: reply.trimmedText,
    eventId: randomUUID(),
    eventType: TICKET_EVENTS.customerReplied,
    eventData: reply.eventData(messageId, 0),
  };
  await executeIn(tx, { text: REPLY_WRITES.text, values: [JSON.stringify(writes)] });
  return messageId;
}

/**
 * An e-mail delivered a second time (same Message-ID) fails writeReply's insert on the unique Message-ID: the
 * answer is the message the first delivery wrote, on this same ticket. Any other error is the caller's.
 */
async function replayOfEmail(error: unknown, command: ReplyCommand): Promise<CustomerActionResult<WrittenReply>> {
  const emailMessageId = command.emailMessageId;
  if (!emailMessageId || !isUniqueViolation(error)) throw error;
  const earlier = await db().message.findUnique({
    where: { emailMessageId },
    select: { id: true, ticketId: true, ticket: { select: { number: true, status: true } } },
  });
  const sameTicket = earlier && ('number' in command ? earlier.ticket.number === command.number : earlier.ticketId === command.ticketId);
  if (!earlier || !sameTicket) throw error;
  return ok({
    kind: 'replied',
    ticketNumber: earlier.ticket.number,
    messageId: earlier.id,
    status: earlier.ticket.status,
    reopened: false,
    replayed: true,
  });
}

const RE_PREFIX = /^re:\s*/i;

/** "Re: <old subject>", within the subject limit and without piling up "Re: Re:". */
export function followUpSubject(subject: string): string {
  const base = `Re: ${subject.replace(RE_PREFIX, '')}`;
  const chars = Array.from(base);
  return chars.length <= LIMITS.subject.max
    ? base
    : `${chars
        .slice(0, LIMITS.subject.max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * A reply to a closed ticket becomes the first message of a new ticket for the same reporter, company and
 * category, linked to the old one (`followUpOfId`), with the old ticket's identifiers. The old ticket records
 * the link; the agent who handled it (or every agent) hears about it. All in createTicket's transaction.
 */
async function startFollowUp(
  acting: Acting,
  input: Reply,
  channel: Channel,
  command: ReplyCommand,
): Promise<CustomerActionResult<ReplyOutcome>> {
  const { ticket: old, actor } = acting;
  const subject = followUpSubject(old.subject);
  const identifiers = await db().ticketIdentifier.findMany({
    where: { ticketId: old.id },
    orderBy: { id: 'asc' },
    select: { kind: true, value: true },
  });
  const created = await createTicket({
    fields: {
      category: old.category,
      subject,
      attempted: undefined,
      actual: input.body,
      expected: undefined,
      reproSteps: [],
      errorMessage: undefined,
      occurredAt: undefined,
      identifiers,
      priority: old.priority,
    },
    reporter: { userId: old.reporterId },
    channel,
    attachmentTokens: input.attachmentTokens,
    idempotencyKey: input.idempotencyKey ? `follow-up:${old.id}:${actor.id}:${input.idempotencyKey}` : undefined,
    followUpOfId: old.id,
    firstMessageAuthorId: actor.id,
    emailMessageId: command.emailMessageId,
    trimmedText: command.trimmedText,
    beforeWrite: command.beforeWrite,
    inSameTransaction: async (tx, ticket) => {
      await tx.ticketEvent.create({
        data: {
          ticketId: old.id,
          actorId: actor.id,
          type: TICKET_EVENTS.followUpCreated,
          data: { followUpId: ticket.id, followUpNumber: ticket.number },
        },
      });
      await notifyAgents(tx, {
        kind: 'followUp',
        ticket: { id: ticket.id, number: ticket.number, subject, status: 'NEW', assigneeId: old.assigneeId },
        customer: customerOf(acting),
        message: input.body,
        attachmentCount: input.attachmentTokens.length,
        previousTicketNumber: formatTicketNumber(old.number),
      });
      await command.inSameTransaction?.(tx, {
        kind: 'followUp',
        ticketNumber: old.number,
        ticket: { id: ticket.id, number: ticket.displayNumber, url: ticket.url },
        replayed: false,
      });
    },
  });
  // A follow-up is never refused for its category (createTicket skips that check for follow-ups).
  if (!created.ok)
    return created.error.kind === 'attachments' ? err({ kind: 'attachments', error: created.error.error }) : err({ kind: 'not_found' });
  const { id, displayNumber, url, replayed } = created.value;
  return ok({ kind: 'followUp', ticketNumber: old.number, ticket: { id, number: displayNumber, url }, replayed });
}

/** "Oznacz jako rozwiązane" moves an open ticket to RESOLVED; an already solved one is left as it is. */
export async function markSolved({
  principal,
  number,
}: {
  principal: Principal;
  number: number;
}): Promise<CustomerActionResult<StatusChange>> {
  return transact<StatusChange>(async (tx) => {
    const acting = await actOn(tx, { number }, principal);
    if (!acting) return err({ kind: 'not_found' });
    const { status } = acting.ticket;
    if (status === 'RESOLVED') return ok({ status, changed: false });
    if (!canTransition(status, 'RESOLVED', 'customer')) return err({ kind: 'invalid_transition', status });
    await moveStatus(tx, acting, 'RESOLVED', TICKET_EVENTS.solvedByCustomer, new Date());
    await notifyAgents(tx, { kind: 'solvedByCustomer', ticket: notifiedTicket(acting.ticket, 'RESOLVED'), customer: customerOf(acting) });
    return ok({ status: 'RESOLVED', changed: true });
  });
}

/** "Otwórz ponownie": RESOLVED → OPEN. Still open: nothing to do. Closed: refused (a reply starts a follow-up). */
export async function reopen({ principal, number }: { principal: Principal; number: number }): Promise<CustomerActionResult<StatusChange>> {
  return transact<StatusChange>(async (tx) => {
    const acting = await actOn(tx, { number }, principal);
    if (!acting) return err({ kind: 'not_found' });
    const { status } = acting.ticket;
    if (isOpenStatus(status)) return ok({ status, changed: false });
    if (!canTransition(status, 'OPEN', 'customer')) return err({ kind: 'invalid_transition', status });
    await moveStatus(tx, acting, 'OPEN', TICKET_EVENTS.reopened, new Date(), 'button');
    await notifyAgents(tx, { kind: 'reopened', ticket: notifiedTicket(acting.ticket, 'OPEN'), customer: customerOf(acting) });
    return ok({ status: 'OPEN', changed: true });
  });
}

/** The reporter's 1–5 star rating (and optional comment) of a solved or closed ticket; a later one replaces it. */
export async function rateTicket({
  principal,
  number,
  rating,
  comment,
}: {
  principal: Principal;
  number: number;
  rating: number;
  comment?: string;
}): Promise<CustomerActionResult<RatingOutcome>> {
  const parsed = ratingSchema.safeParse({ rating, comment });
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const input = { rating: parsed.data.rating, comment: parsed.data.comment ?? null };

  return transact<RatingOutcome>(async (tx) => {
    const acting = await actOn(tx, { number }, principal);
    if (!acting) return err({ kind: 'not_found' });
    const { ticket } = acting;
    if (acting.role !== 'reporter') return err({ kind: 'not_allowed' });
    if (!isRatable(ticket.status)) return err({ kind: 'not_ratable', status: ticket.status });
    if (ticket.rating === input.rating && ticket.ratingComment === input.comment) return ok({ ...input, changed: false });

    const now = new Date();
    await tx.ticket.update({
      where: { id: ticket.id },
      data: { rating: input.rating, ratingComment: input.comment, ratedAt: now, lastActivityAt: now, version: { increment: 1 } },
    });
    await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id,
        actorId: acting.actor.id,
        type: TICKET_EVENTS.rated,
        data: { rating: input.rating, previous: ticket.rating, ...(input.comment ? { comment: input.comment } : {}) },
        createdAt: now,
      },
    });
    await notifyAgents(tx, {
      kind: 'rated',
      ticket: notifiedTicket(ticket, ticket.status),
      customer: customerOf(acting),
      rating: input.rating,
      ratingComment: input.comment,
    });
    return ok({ ...input, changed: true });
  });
}
