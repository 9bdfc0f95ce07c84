import type { Principal } from '@/server/auth/policy';
import { isStaff } from '@/server/auth/policy';
import { toLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { db } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { renderEmailLayout } from '@/server/mail/outbound/templates';
import { err, ok, type Result } from '@/server/result';
import { addInternalNote, replyAsAgent } from '@/server/tickets/agent-actions';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { callOutcomeSchema, MAX_CALLBACK_ATTEMPTS, type CallOutcome } from './callback-schemas';
import { formatPhone } from './numbers';

/**
 * The Telefon list (/agent/telefon): the calls the team owes (missed calls, booked callbacks), and what an agent
 * records after each attempt. A public summary goes to the customer as an agent reply on the callback's ticket
 * (e-mailed like every reply), an internal note stays with the team; "no answer" moves the callback to the time
 * the agent picked, and after the third miss the customer is e-mailed and the ticket waits on them.
 */

const log = childLogger({ module: 'phone-callbacks' });

const RETRY_DEFAULT_MS = 2 * 60 * 60 * 1000;
/**
 * A callback this late is flagged as overdue on the Telefon list, and counts as not kept on the dashboard
 * (src/server/phone/figures.ts) unless it is done by then.
 */
export const OVERDUE_AFTER_MS = 30 * 60 * 1000;

export function isCallbackOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() - dueAt.getTime() > OVERDUE_AFTER_MS;
}

export interface CallbackRow {
  id: string;
  phone: string;
  phoneDisplay: string;
  source: string;
  /** A booked callback's topic, as the customer wrote it. */
  topic: string | null;
  dueAt: Date;
  attempts: number;
  overdue: boolean;
  contact: { name: string | null; email: string; company: string | null } | null;
  ticket: { number: string; numberValue: number; subject: string } | null;
}

export interface CallbackList {
  dueNow: CallbackRow[];
  laterToday: CallbackRow[];
  upcoming: CallbackRow[];
}

type ContactFacts = { name: string | null; email: string; company: { name: string } | null };
const contactOf = (person: ContactFacts | null) =>
  person ? { name: person.name, email: person.email, company: person.company?.name ?? null } : null;

const warsawDay = (date: Date) => date.toLocaleDateString('en-CA', { timeZone: 'Europe/Warsaw' });

/** Open callbacks: due now (overdue flagged), later today (Warsaw), upcoming. */
export async function listCallbacks(principal: Principal, now = new Date()): Promise<Result<CallbackList, { kind: 'forbidden' }>> {
  if (!isStaff(principal)) return err({ kind: 'forbidden' });
  const rows = await db().callback.findMany({
    where: { status: 'OPEN' },
    orderBy: { dueAt: 'asc' },
    take: 200,
    select: {
      id: true,
      phone: true,
      source: true,
      topic: true,
      dueAt: true,
      attempts: true,
      contact: { select: { name: true, email: true, company: { select: { name: true } } } },
      ticket: {
        select: { number: true, subject: true, reporter: { select: { name: true, email: true, company: { select: { name: true } } } } },
      },
    },
  });
  const list: CallbackList = { dueNow: [], laterToday: [], upcoming: [] };
  const today = warsawDay(now);
  for (const row of rows) {
    const view: CallbackRow = {
      id: row.id,
      phone: row.phone,
      phoneDisplay: row.phone.startsWith('+') ? formatPhone(row.phone) : row.phone,
      source: row.source,
      topic: row.topic,
      dueAt: row.dueAt,
      attempts: row.attempts,
      overdue: isCallbackOverdue(row.dueAt, now),
      // A booked callback's person is its ticket's reporter when the number matched nobody.
      contact: contactOf(row.contact ?? row.ticket?.reporter ?? null),
      ticket: row.ticket
        ? { number: formatTicketNumber(row.ticket.number), numberValue: row.ticket.number, subject: row.ticket.subject }
        : null,
    };
    if (row.dueAt <= now) list.dueNow.push(view);
    else if (warsawDay(row.dueAt) === today) list.laterToday.push(view);
    else list.upcoming.push(view);
  }
  return ok(list);
}

export type CallbackError =
  { kind: 'forbidden' } | { kind: 'not_found' } | { kind: 'already_done' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export interface RecordedOutcome {
  outcome: CallOutcome;
  attempts: number;
  /** Still open (no answer, fewer than three misses): when to call again. */
  nextAt: Date | null;
  gaveUp: boolean;
}

/**
 * Records one attempt. The callback row is claimed with a conditional update (still OPEN, same attempt count),
 * so two agents saving the same attempt at once record it once; the second gets `already_done`.
 */
export async function recordCallOutcome(
  principal: Principal,
  input: unknown,
  now = new Date(),
): Promise<Result<RecordedOutcome, CallbackError>> {
  if (!isStaff(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  const parsed = callOutcomeSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const { callbackId, outcome, publicSummary, internalNote, retryAt } = parsed.data;
  if (retryAt && outcome === 'no_answer' && new Date(retryAt) <= now)
    return err({ kind: 'invalid', fieldErrors: { retryAt: ['phone.errors.retryAtPast'] } });

  const callback = await db().callback.findUnique({
    where: { id: callbackId },
    select: {
      id: true,
      status: true,
      attempts: true,
      phone: true,
      contact: { select: { name: true, email: true, locale: true, emailBouncedAt: true } },
      ticket: { select: { id: true, number: true, version: true } },
    },
  });
  if (!callback) return err({ kind: 'not_found' });
  if (callback.status !== 'OPEN') return err({ kind: 'already_done' });

  const attempts = callback.attempts + 1;
  const gaveUp = outcome === 'no_answer' && attempts >= MAX_CALLBACK_ATTEMPTS;
  const stillOpen = outcome === 'no_answer' && !gaveUp;
  const nextAt = stillOpen ? (retryAt ? new Date(retryAt) : new Date(now.getTime() + RETRY_DEFAULT_MS)) : null;
  const claimed = await db().callback.updateMany({
    where: { id: callback.id, status: 'OPEN', attempts: callback.attempts },
    data: stillOpen
      ? { attempts, dueAt: nextAt ?? now }
      : { attempts, status: outcome === 'wrong_number' || gaveUp ? 'CANCELLED' : 'DONE', doneAt: now },
  });
  if (claimed.count === 0) return err({ kind: 'already_done' });

  const t = translator('pl');
  const ticket = callback.ticket;
  if (ticket) {
    const noteBody = [t(`phone.outcomeNote.${outcome}`, { attempt: attempts }), internalNote].filter(Boolean).join('\n\n');
    const note = await addInternalNote({
      principal,
      number: ticket.number,
      body: noteBody,
      idempotencyKey: `callback:${callback.id}:${attempts}:note`,
    });
    if (!note.ok) log.warn({ callbackId: callback.id, attempts, error: note.error.kind }, 'call outcome saved without its note');
    const reply = gaveUp
      ? [publicSummary, t('phone.gaveUpReply', { number: formatPhone(callback.phone) })].filter(Boolean).join('\n\n')
      : publicSummary;
    if (reply) {
      const fresh = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { version: true } });
      const posted = await replyAsAgent({
        principal,
        number: ticket.number,
        body: reply,
        expectedVersion: fresh.version,
        ...(gaveUp ? { setStatus: 'WAITING_ON_CUSTOMER' as const } : {}),
        idempotencyKey: `callback:${callback.id}:${attempts}:reply`,
      });
      if (!posted.ok)
        log.warn({ callbackId: callback.id, attempts, error: posted.error.kind }, 'call outcome saved without its public summary');
    }
  } else if (gaveUp && callback.contact && !callback.contact.emailBouncedAt) {
    const contact = callback.contact;
    const locale = toLocale(contact.locale);
    const tc = translator(locale);
    const { text, html } = renderEmailLayout({
      locale,
      preheader: tc('email.callbackUnreached.preheader'),
      greeting: tc('email.missedCall.greeting'),
      blocks: [{ kind: 'paragraph', text: tc('email.callbackUnreached.intro', { number: formatPhone(callback.phone) }) }],
    });
    await db().$transaction((tx) =>
      enqueueEmail(tx, {
        template: 'phone.callbackUnreached',
        to: { email: contact.email, name: contact.name },
        subject: tc('email.callbackUnreached.subject'),
        text,
        html,
      }),
    );
  }
  return ok({ outcome, attempts, nextAt, gaveUp });
}
