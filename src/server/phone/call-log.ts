import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/generated/prisma/client';
import type { Plan } from '@/generated/prisma/enums';
import { isStaff, type Principal } from '@/server/auth/policy';
import { db, type Tx } from '@/server/db/client';
import { Rollback, transact } from '@/server/db/transact';
import { translator } from '@/i18n/messages';
import { err, ok, type Result } from '@/server/result';
import { createTicket } from '@/server/tickets/create';
import { addInternalNote, replyAsAgent, type AgentActionError } from '@/server/tickets/agent-actions';
import { TICKET_EVENTS } from '@/server/tickets/events';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { LIMITS, ticketFieldsSchema, toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { OPEN_STATUSES } from '@/server/tickets/status';
import { callerSearchSchema, callLogSchema, formatCallDuration, subjectFromSummary, type CallLog } from './call-log-schema';
import type { CallOutcome } from './callback-schemas';
import { formatPhone, normalizePhone } from './numbers';

/**
 * "Zarejestruj rozmowę": an agent logs a phone call in one dialog — the caller found by number, name, e-mail or
 * company (or typed in as a new caller), direction, duration, outcome and a summary — as a new PHONE ticket or as
 * a note / public reply on one of the caller's open tickets. Everything a log writes commits together: the ticket
 * or message, a `Call` row (source MANUAL, so the dashboard's figures count it; or the CTI call it was logged from)
 * and a `phone.call_logged` event in the ticket's activity log.
 */

export interface CallerMatch {
  id: string;
  name: string | null;
  email: string;
  phone: string | null;
  phoneDisplay: string | null;
  company: { name: string; plan: Plan } | null;
  /** Newest first, at most five: what "note on an existing ticket" offers. */
  openTickets: { number: number; displayNumber: string; subject: string; status: string }[];
}

const SEARCH_LIMIT = 8;

const callerSelect = {
  id: true,
  name: true,
  email: true,
  phone: true,
  company: { select: { name: true, plan: true } },
  reportedTickets: {
    where: { status: { in: [...OPEN_STATUSES] } },
    orderBy: { createdAt: 'desc' as const },
    take: 5,
    select: { number: true, subject: true, status: true },
  },
} satisfies Prisma.UserSelect;

type CallerRow = {
  id: string;
  name: string | null;
  email: string;
  phone: string | null;
  company: { name: string; plan: Plan } | null;
  reportedTickets: { number: number; subject: string; status: string }[];
};

function toMatch(row: CallerRow): CallerMatch {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    phoneDisplay: row.phone ? formatPhone(row.phone) : null,
    company: row.company,
    openTickets: row.reportedTickets.map((ticket) => ({
      number: ticket.number,
      displayNumber: formatTicketNumber(ticket.number),
      subject: ticket.subject,
      status: ticket.status,
    })),
  };
}

/**
 * Customers matching the search field: a whole number (any format, normalised to E.164) or a run of at least three
 * digits of it, or part of the name, e-mail or company name. Staff only; active customer accounts only.
 */
export async function searchCallers(principal: Principal, query: unknown): Promise<Result<CallerMatch[], { kind: 'forbidden' }>> {
  if (!isStaff(principal)) return err({ kind: 'forbidden' });
  const parsed = callerSearchSchema.safeParse({ query });
  if (!parsed.success) return ok([]);
  const text = parsed.data.query;
  const e164 = normalizePhone(text);
  const digits = text.replace(/\D/g, '');
  const contains = { contains: text, mode: 'insensitive' as const };
  const rows = await db().user.findMany({
    where: {
      role: 'CUSTOMER',
      active: true,
      OR: [
        { name: contains },
        { email: contains },
        { company: { name: contains } },
        ...(e164 ? [{ phone: e164 }] : []),
        // "601 234" finds +48601234567; a leading 0 or 0048 would not be in the stored number.
        ...(digits.length >= 3 && /^[\d\s()+-]+$/.test(text) ? [{ phone: { contains: digits.replace(/^0+/, '') } }] : []),
      ],
    },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    take: SEARCH_LIMIT,
    select: callerSelect,
  });
  return ok(rows.map(toMatch));
}

/** One caller by id (the ticket view's and the pop-up's "Zarejestruj rozmowę" start with them chosen). */
export async function callerById(principal: Principal, id: string): Promise<CallerMatch | null> {
  if (!isStaff(principal)) return null;
  const row = await db().user.findFirst({ where: { id, role: 'CUSTOMER', active: true }, select: callerSelect });
  return row ? toMatch(row) : null;
}

export type CallLogError = { kind: 'forbidden' } | { kind: 'invalid'; fieldErrors: FieldErrors } | { kind: 'conflict' };

export interface LoggedCall {
  callId: string;
  ticketNumber: number;
  displayNumber: string;
  /** A new ticket (true) or a message on an existing one. */
  createdTicket: boolean;
  /** The same submit arrived twice (double click, retry): the first log is the answer. */
  replayed: boolean;
}

const invalid = (field: string, key: string): CallLogError => ({ kind: 'invalid', fieldErrors: { [field]: [key] } });

/** Counted as answered in the figures: someone was on the line. */
const ANSWERED_OUTCOMES: readonly CallOutcome[] = ['answered', 'wrong_number'];

export async function logCall(principal: Principal, input: unknown, now = new Date()): Promise<Result<LoggedCall, CallLogError>> {
  if (!isStaff(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  const parsed = callLogSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const log = parsed.data;
  const agentId = principal.userId;
  const externalId = `manual:${agentId}:${log.idempotencyKey ?? randomUUID()}`;

  const earlier = await db().call.findUnique({ where: { externalId }, select: { id: true, ticket: { select: { number: true } } } });
  if (earlier?.ticket) {
    return ok({
      callId: earlier.id,
      ticketNumber: earlier.ticket.number,
      displayNumber: formatTicketNumber(earlier.ticket.number),
      createdTicket: false,
      replayed: true,
    });
  }

  const caller =
    log.caller.kind === 'known'
      ? await db().user.findFirst({
          where: { id: log.caller.id, role: 'CUSTOMER', active: true },
          select: { id: true, name: true, email: true, phone: true },
        })
      : null;
  if (log.caller.kind === 'known' && !caller) return err(invalid('caller', 'phone.errors.callerRequired'));
  const number = log.caller.kind === 'new' ? log.caller.phone : (caller?.phone ?? '');
  const call = { externalId, log, number, agentId, now };

  if (log.target === 'new') return logAsNewTicket(call, caller?.id ?? null);
  if (!caller || log.ticketNumber === undefined) return err(invalid('ticketNumber', 'phone.errors.ticketRequired'));
  return logOnTicket(principal, call, caller.id, log.ticketNumber);
}

interface CallToWrite {
  externalId: string;
  log: CallLog;
  /** E.164 of the other party, or '' when the known caller has no number on file. */
  number: string;
  agentId: string;
  now: Date;
}

async function logAsNewTicket(call: CallToWrite, callerId: string | null): Promise<Result<LoggedCall, CallLogError>> {
  const { log } = call;
  const t = translator('pl');
  let subject = log.topic || subjectFromSummary(log.summary);
  if (subject.length < LIMITS.subject.min) subject = t('phone.log.defaultSubject');
  const fields = ticketFieldsSchema.safeParse({ category: 'OTHER', subject, actual: log.summary });
  if (!fields.success) {
    const errors = toFieldErrors(fields.error);
    return err({
      kind: 'invalid',
      fieldErrors: Object.fromEntries(Object.entries(errors).map(([key, value]) => [key === 'subject' ? 'topic' : 'summary', value])),
    });
  }
  let callId = '';
  const created = await createTicket({
    fields: fields.data,
    reporter: log.caller.kind === 'new' ? { email: log.caller.email ?? '', name: log.caller.name } : { userId: callerId ?? '' },
    channel: 'PHONE',
    ...(log.idempotencyKey ? { idempotencyKey: `call:${log.idempotencyKey}` } : {}),
    filedAt: call.now,
    inSameTransaction: async (tx, ticket) => {
      const { reporterId } = await tx.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { reporterId: true } });
      // A new caller's number is remembered, so the CTI hook and the search find them next time.
      if (log.caller.kind === 'new')
        await tx.user.updateMany({ where: { id: reporterId, phone: null }, data: { phone: log.caller.phone } });
      callId = await writeCall(tx, call, { ticketId: ticket.id, contactId: reporterId, target: 'new' });
    },
  });
  if (!created.ok) return err(invalid('_form', 'errors.invalid'));
  if (created.value.replayed) {
    const logged = await db().call.findFirst({
      where: { ticketId: created.value.id },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    });
    callId = logged?.id ?? '';
  }
  return ok({
    callId,
    ticketNumber: created.value.number,
    displayNumber: created.value.displayNumber,
    createdTicket: true,
    replayed: created.value.replayed,
  });
}

async function logOnTicket(
  principal: Principal,
  call: CallToWrite,
  callerId: string,
  ticketNumber: number,
): Promise<Result<LoggedCall, CallLogError>> {
  const { log } = call;
  return transact<LoggedCall, CallLogError>(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; version: number; reporterId: string; status: string }[]>`
      SELECT id, version, "reporterId", status::text AS status FROM "Ticket" WHERE number = ${ticketNumber} FOR NO KEY UPDATE`;
    const ticket = rows[0];
    if (!ticket) return err(invalid('ticketNumber', 'phone.errors.ticketNotFound'));
    if (ticket.reporterId !== callerId) return err(invalid('ticketNumber', 'phone.errors.ticketNotCallers'));
    const common = {
      principal,
      number: ticketNumber,
      channel: 'PHONE' as const,
      inTransaction: tx,
      ...(log.idempotencyKey ? { idempotencyKey: `call:${log.idempotencyKey}` } : {}),
    };
    const posted =
      log.noteKind === 'public'
        ? await replyAsAgent({ ...common, body: log.summary, expectedVersion: ticket.version })
        : await addInternalNote({ ...common, body: `${callNoteLine(log)}\n\n${log.summary}` });
    if (!posted.ok) throw new Rollback<CallLogError>(postingError(posted.error));
    if (posted.value.replayed) {
      const logged = await tx.call.findFirst({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'desc' }, select: { id: true } });
      return ok({
        callId: logged?.id ?? '',
        ticketNumber,
        displayNumber: formatTicketNumber(ticketNumber),
        createdTicket: false,
        replayed: true,
      });
    }
    const callId = await writeCall(tx, call, { ticketId: ticket.id, contactId: callerId, target: 'existing' });
    return ok({
      callId,
      ticketNumber,
      displayNumber: formatTicketNumber(ticketNumber),
      createdTicket: false,
      replayed: posted.value.replayed,
    });
  });
}

function postingError(error: AgentActionError): CallLogError {
  switch (error.kind) {
    case 'invalid':
      return invalid('summary', Object.values(error.fieldErrors)[0]?.[0] ?? 'errors.invalid');
    case 'conflict':
      return { kind: 'conflict' };
    case 'invalid_transition':
      return invalid('ticketNumber', 'phone.errors.ticketClosed');
    default:
      return invalid('ticketNumber', 'phone.errors.ticketNotFound');
  }
}

/** The internal note's first line: "Rozmowa telefoniczna (przychodząca, 4:30): odebrane." */
export function callNoteLine(log: Pick<CallLog, 'direction' | 'duration' | 'outcome'>): string {
  const t = translator('pl');
  const direction = t(`phone.log.directionNote.${log.direction}`);
  const outcome = t(`phone.outcome.${log.outcome}`).toLowerCase();
  return log.duration === null
    ? t('phone.log.noteLine', { direction, outcome })
    : t('phone.log.noteLineWithDuration', { direction, duration: formatCallDuration(log.duration), outcome });
}

/**
 * The Call row and the activity event. Logged from the pop-up, the CTI call itself gets the ticket, outcome and
 * duration (the first log of it wins), so the figures count one call, not two.
 */
async function writeCall(
  tx: Tx,
  call: CallToWrite,
  on: { ticketId: string; contactId: string; target: 'new' | 'existing' },
): Promise<string> {
  const { log, now } = call;
  const durationSeconds = log.duration;
  let callId: string | null = null;
  if (log.ctiCallId) {
    const cti = await tx.call.findUnique({ where: { id: log.ctiCallId }, select: { id: true } });
    if (cti) {
      await tx.call.updateMany({
        where: { id: cti.id, ticketId: null },
        data: { ticketId: on.ticketId, outcome: log.outcome, durationSeconds, contactId: on.contactId },
      });
      callId = cti.id;
    }
  }
  if (!callId) {
    const inbound = log.direction === 'INBOUND';
    const startedAt = new Date(now.getTime() - (durationSeconds ?? 0) * 1000);
    const created = await tx.call.create({
      data: {
        externalId: call.externalId,
        source: 'MANUAL',
        direction: log.direction,
        fromNumber: inbound ? call.number : '',
        toNumber: inbound ? '' : call.number,
        contactId: on.contactId,
        agentId: call.agentId,
        state: 'ENDED',
        startedAt,
        answeredAt: ANSWERED_OUTCOMES.includes(log.outcome) ? startedAt : null,
        endedAt: now,
        // A voicemail the caller left is a call nobody took.
        missed: inbound && log.outcome === 'voicemail',
        outcome: log.outcome,
        durationSeconds,
        ticketId: on.ticketId,
        createdAt: now,
      },
      select: { id: true },
    });
    callId = created.id;
  }
  await tx.ticketEvent.create({
    data: {
      ticketId: on.ticketId,
      actorId: call.agentId,
      type: TICKET_EVENTS.callLogged,
      createdAt: now,
      data: { callId, direction: log.direction, outcome: log.outcome, durationSeconds, target: on.target, noteKind: log.noteKind },
    },
  });
  return callId;
}

export interface CallLogPreset {
  caller: CallerMatch | null;
  /** A number the CTI call came from that matched nobody: the new caller's number. */
  number: string | null;
  ctiCallId: string | null;
  /** Opened from a ticket: that ticket, if it is one of the caller's open ones. */
  ticketNumber: number | null;
}

/**
 * What the dialog starts with when it is opened from the incoming-call pop-up (the CTI call: its matched caller, or
 * its number for a new one) or from the ticket view (the reporter, and that ticket for a note). Null when neither
 * leads anywhere the principal may see.
 */
export async function callLogPreset(
  principal: Principal,
  from: { callId?: string | null; ticketNumber?: number | null },
): Promise<CallLogPreset | null> {
  if (!isStaff(principal)) return null;
  if (from.callId && /^[0-9a-f-]{36}$/i.test(from.callId)) {
    const call = await db().call.findUnique({
      where: { id: from.callId },
      select: { id: true, direction: true, fromNumber: true, toNumber: true, contactId: true },
    });
    if (!call) return null;
    const caller = call.contactId ? await callerById(principal, call.contactId) : null;
    const number = call.direction === 'INBOUND' ? call.fromNumber : call.toNumber;
    return { caller, number: caller || !number.startsWith('+') ? null : number, ctiCallId: call.id, ticketNumber: null };
  }
  if (from.ticketNumber) {
    const ticket = await db().ticket.findUnique({ where: { number: from.ticketNumber }, select: { number: true, reporterId: true } });
    if (!ticket) return null;
    const caller = await callerById(principal, ticket.reporterId);
    if (!caller) return null;
    const open = caller.openTickets.some((t) => t.number === ticket.number);
    return { caller, number: null, ctiCallId: null, ticketNumber: open ? ticket.number : null };
  }
  return null;
}
