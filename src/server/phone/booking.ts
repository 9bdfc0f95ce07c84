import type { Plan, Role } from '@/generated/prisma/enums';
import { canViewTicket } from '@/server/auth/policy';
import { db, type Tx } from '@/server/db/client';
import { Rollback } from '@/server/db/transact';
import { env } from '@/server/env';
import { absoluteUrl, PORTAL_PATHS } from '@/server/links';
import { childLogger } from '@/server/logger';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { renderEmailLayout, type EmailBlock } from '@/server/mail/outbound/templates';
import { businessCalendarFor, getPlanSupport } from '@/server/plan-settings/read';
import { err, ok, type Result } from '@/server/result';
import { createTicket } from '@/server/tickets/create';
import { TICKET_EVENTS } from '@/server/tickets/events';
import { formatTicketNumber, parseTicketNumber } from '@/server/tickets/numbering';
import { LIMITS, toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { toLocale, type Locale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { bookCallbackSchema, moveCallbackSchema } from './booking-schema';
import { signCallbackLink, verifyCallbackLink } from './callback-link';
import { callbackIcs, icsAttachment } from './ics';
import { callbackPhone, formatPhone } from './numbers';
import { callbackSlots, SLOT_MS, type Slot } from './slots';

/**
 * "Zamów rozmowę zwrotną": a signed-in customer whose plan has the phone books a 30-minute slot in the plan's phone
 * hours (slots.ts). Booking files a ticket (channel PHONE) and a Callback (source "booked") in one transaction and
 * e-mails a confirmation with a calendar invitation and a signed link to move or cancel the slot; the worker sends
 * a reminder before the call. Each slot takes at most the plan's `callbackSlotCapacity` booked callbacks: the
 * check and the insert run under a transaction-scoped advisory lock per slot, so two customers racing for its last
 * place are serialised and exactly one gets it.
 */

const log = childLogger({ module: 'phone-booking' });

/** Advisory-lock namespace of callback slots (the first key of pg_advisory_xact_lock(int, int)). */
const SLOT_LOCK_NAMESPACE = 11_0301;
/** How many free slots a refused booking offers instead. */
const ALTERNATIVES = 3;
/** The reminder goes this long before the slot (once; the worker checks every minute). */
export const REMINDER_BEFORE_MS = 60 * 60_000;
/** Callbacks still taking a place in their slot: cancelled ones free it. */
const HOLDING = ['OPEN', 'DONE'] as const;

export interface BookingCustomer {
  userId: string;
}

export interface SlotView {
  start: string;
  end: string;
  day: string;
  full: boolean;
}

export interface BookingOptions {
  slots: SlotView[];
  /** The number remembered from the last booking (User.phone), shown as people write it. */
  phone: string | null;
  tickets: { number: string; subject: string }[];
}

export type BookingError =
  | { kind: 'no_phone' }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  /** The slot filled up (or is no longer bookable): the next free ones, ISO starts. */
  | { kind: 'slot_full'; alternatives: string[] };

export interface BookedCallback {
  callbackId: string;
  ticketNumber: string;
  ticketUrl: string;
  slotStart: Date;
  slotEnd: Date;
  phone: string;
}

interface CustomerFacts {
  id: string;
  email: string;
  name: string | null;
  locale: string;
  phone: string | null;
  companyId: string | null;
  isCompanyAdmin: boolean;
  role: Role;
  plan: Plan | null;
}

/** What booking, moving and the e-mails need of the customer: the same fields wherever the customer is read. */
const customerSelect = {
  id: true,
  email: true,
  name: true,
  locale: true,
  phone: true,
  companyId: true,
  isCompanyAdmin: true,
  role: true,
  company: { select: { plan: true } },
} as const;

async function customerFacts(userId: string): Promise<CustomerFacts | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: customerSelect,
  });
  if (!user) return null;
  const { company, ...rest } = user;
  return { ...rest, plan: company?.plan ?? null };
}

async function planHasPhone(plan: Plan | null): Promise<boolean> {
  return (await getPlanSupport(plan)).channels.includes('PHONE');
}

/** How many callbacks hold each slot start (ms) among `starts`. */
async function takenCounts(client: Tx, starts: Date[]): Promise<Map<number, number>> {
  if (!starts.length) return new Map();
  const rows = await client.callback.groupBy({
    by: ['slotStart'],
    where: { source: 'booked', status: { in: [...HOLDING] }, slotStart: { in: starts } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.slotStart!.getTime(), r._count._all]));
}

async function slotViews(plan: Plan | null, now: Date, client: Tx = db()): Promise<{ slots: Slot[]; views: SlotView[] }> {
  const [calendar, support] = await Promise.all([businessCalendarFor(plan, 'PHONE'), getPlanSupport(plan)]);
  const slots = callbackSlots(calendar, now);
  const taken = await takenCounts(
    client,
    slots.map((s) => s.start),
  );
  const views = slots.map((slot) => ({
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    day: slot.day,
    full: (taken.get(slot.start.getTime()) ?? 0) >= support.callbackSlotCapacity,
  }));
  return { slots, views };
}

/** What the booking form needs: the slots (full ones marked), the remembered number, the customer's open tickets. */
export async function callbackBookingOptions(customer: BookingCustomer, now = new Date()): Promise<Result<BookingOptions, BookingError>> {
  const facts = await customerFacts(customer.userId);
  if (!facts || !(await planHasPhone(facts.plan))) return err({ kind: 'no_phone' });
  const [{ views }, tickets] = await Promise.all([
    slotViews(facts.plan, now),
    db().ticket.findMany({
      where: { reporterId: facts.id, status: { notIn: ['CLOSED', 'RESOLVED'] }, mergedIntoId: null },
      orderBy: { lastActivityAt: 'desc' },
      take: 20,
      select: { number: true, subject: true },
    }),
  ]);
  return ok({
    slots: views,
    phone: facts.phone ? formatPhone(facts.phone) : null,
    tickets: tickets.map((t) => ({ number: formatTicketNumber(t.number), subject: t.subject })),
  });
}

function alternativesAfter(views: SlotView[], wanted: Date): string[] {
  const free = views.filter((v) => !v.full);
  const after = free.filter((v) => new Date(v.start) > wanted);
  return (after.length ? after : free).slice(0, ALTERNATIVES).map((v) => v.start);
}

/** Takes the slot's lock and checks there is still a place; throws Rollback with alternatives when not. */
async function claimPlace(tx: Tx, slotStart: Date, capacity: number): Promise<void> {
  const key = Math.floor(slotStart.getTime() / SLOT_MS);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SLOT_LOCK_NAMESPACE}::int, ${key}::int)`;
  const taken = await tx.callback.count({ where: { source: 'booked', status: { in: [...HOLDING] }, slotStart } });
  if (taken >= capacity) throw new Rollback<BookingError>({ kind: 'slot_full', alternatives: [] });
}

function isSlotFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'slot_full';
}

/** The customer's own ticket (by what policy.ts lets them see), for "the call is about …". */
async function relatedTicket(facts: CustomerFacts, shown: string | undefined): Promise<Result<{ number: number } | null, BookingError>> {
  if (!shown) return ok(null);
  const number = parseTicketNumber(shown);
  const refused = err<BookingError>({ kind: 'invalid', fieldErrors: { ticketNumber: ['callbackBooking.errors.ticket'] } });
  if (number === null) return refused;
  const ticket = await db().ticket.findUnique({
    where: { number },
    select: { id: true, number: true, reporterId: true, companyId: true, reporter: { select: { email: true } } },
  });
  const principal = {
    kind: 'user' as const,
    userId: facts.id,
    role: facts.role,
    companyId: facts.companyId,
    isCompanyAdmin: facts.isCompanyAdmin,
  };
  if (!ticket || !canViewTicket(principal, { ...ticket, reporterEmail: ticket.reporter.email })) return refused;
  return ok({ number: ticket.number });
}

export async function bookCallback(
  customer: BookingCustomer,
  input: unknown,
  now = new Date(),
): Promise<Result<BookedCallback, BookingError>> {
  const facts = await customerFacts(customer.userId);
  if (!facts || !(await planHasPhone(facts.plan))) return err({ kind: 'no_phone' });
  const parsed = bookCallbackSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const { topic, ticketNumber } = parsed.data;
  const phone = callbackPhone(parsed.data.phone);
  if (!phone.ok) return err({ kind: 'invalid', fieldErrors: { phone: [`callbackBooking.errors.phone_${phone.error}`] } });
  const related = await relatedTicket(facts, ticketNumber);
  if (!related.ok) return related;

  const support = await getPlanSupport(facts.plan);
  const wanted = new Date(parsed.data.slot);
  const { slots, views } = await slotViews(facts.plan, now);
  const slot = slots.find((s) => s.start.getTime() === wanted.getTime());
  // Seen full already: refused without filing (and rolling back) a ticket. The lock below decides the close calls.
  const seenFull = views.some((v) => v.full && v.start === wanted.toISOString());
  if (!slot || seenFull) return err({ kind: 'slot_full', alternatives: alternativesAfter(views, wanted) });

  const locale = toLocale(facts.locale);
  const t = translator(locale);
  const when = slotLabel(slot.start, slot.end, locale);
  const relatedText = related.value ? `\n${t('callbackBooking.ticket.related', { number: formatTicketNumber(related.value.number) })}` : '';
  const subject = truncate(t('callbackBooking.ticket.subject', { topic }), LIMITS.subject.max);
  const body = `${t('callbackBooking.ticket.body', { when, phone: formatPhone(phone.e164), topic })}${relatedText}`;

  const holder: { booked?: BookedCallback } = {};
  const created = await createTicket({
    reporter: { userId: facts.id },
    channel: 'PHONE',
    fields: {
      category: 'OTHER',
      subject,
      actual: body,
      attempted: undefined,
      expected: undefined,
      errorMessage: undefined,
      occurredAt: undefined,
      priority: 'NORMAL',
      reproSteps: [],
      identifiers: [],
    },
    filedAt: now,
    // The callback's own e-mail (with the invitation) is the confirmation; agents see the booking in Telefon.
    announce: false,
    inSameTransaction: async (tx, ticket) => {
      await claimPlace(tx, slot.start, support.callbackSlotCapacity);
      const callback = await tx.callback.create({
        data: {
          phone: phone.e164,
          contactId: facts.id,
          ticketId: ticket.id,
          source: 'booked',
          topic,
          slotStart: slot.start,
          dueAt: slot.start,
        },
        select: { id: true },
      });
      await tx.user.update({ where: { id: facts.id }, data: { phone: phone.e164 } });
      await tx.ticketEvent.create({
        data: {
          ticketId: ticket.id,
          actorId: facts.id,
          type: TICKET_EVENTS.callbackBooked,
          createdAt: now,
          data: { callbackId: callback.id, slotStart: slot.start.toISOString(), phone: phone.e164 },
        },
      });
      await enqueueCallbackEmail(tx, 'booked', {
        callbackId: callback.id,
        customer: { ...facts, phone: phone.e164 },
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        ticketUrl: ticket.url,
        topic,
        slotStart: slot.start,
        slotEnd: slot.end,
        sequence: 0,
      });
      holder.booked = {
        callbackId: callback.id,
        ticketNumber: ticket.displayNumber,
        ticketUrl: ticket.url,
        slotStart: slot.start,
        slotEnd: slot.end,
        phone: phone.e164,
      };
    },
  });
  if (!created.ok) {
    if (isSlotFull(created.error)) {
      const fresh = await slotViews(facts.plan, now);
      return err({ kind: 'slot_full', alternatives: alternativesAfter(fresh.views, wanted) });
    }
    throw new Error(`booking a callback failed: ${created.error.kind}`);
  }
  const booked = holder.booked;
  if (!booked) throw new Error('callback booking committed without its callback');
  log.info({ callbackId: booked.callbackId }, 'callback booked');
  return ok(booked);
}

// ---------------------------------------------------------------------------------------------------------------
// The signed move-or-cancel page.

export interface ManagedCallback {
  id: string;
  status: 'OPEN' | 'DONE' | 'CANCELLED';
  slotStart: Date;
  slotEnd: Date;
  topic: string | null;
  phone: string;
  ticketNumber: string | null;
  /** Whether it can still be moved or cancelled (open and not yet due). */
  changeable: boolean;
  slots: SlotView[];
}

export type ManageError = { kind: 'not_found' } | { kind: 'not_changeable' } | BookingError;

const manageSelect = {
  id: true,
  status: true,
  source: true,
  slotStart: true,
  topic: true,
  phone: true,
  icsSequence: true,
  ticket: { select: { id: true, number: true } },
  contact: { select: customerSelect },
} as const;

async function callbackForToken(token: string | null | undefined, now: Date) {
  const grant = verifyCallbackLink(token, now);
  if (!grant) return null;
  const row = await db().callback.findUnique({ where: { id: grant.callbackId }, select: manageSelect });
  if (!row || row.source !== 'booked' || !row.slotStart || !row.contact || row.contact.email !== grant.email) return null;
  return { ...row, slotStart: row.slotStart, contact: row.contact };
}

/** The callback a move-or-cancel link names, with the slots it could move to; null for a bad or expired link. */
export async function managedCallback(token: string | null | undefined, now = new Date()): Promise<ManagedCallback | null> {
  const row = await callbackForToken(token, now);
  if (!row) return null;
  const changeable = row.status === 'OPEN' && row.slotStart > now;
  const { views } = changeable ? await slotViews(row.contact.company?.plan ?? null, now) : { views: [] };
  return {
    id: row.id,
    status: row.status,
    slotStart: row.slotStart,
    slotEnd: new Date(row.slotStart.getTime() + SLOT_MS),
    topic: row.topic,
    phone: formatPhone(row.phone),
    ticketNumber: row.ticket ? formatTicketNumber(row.ticket.number) : null,
    changeable,
    slots: views.filter((v) => v.start !== row.slotStart.toISOString()),
  };
}

/** A ticket's booked callback as its portal page shows it. */
export interface TicketCallback {
  status: 'OPEN' | 'DONE' | 'CANCELLED';
  slotStart: Date;
  slotEnd: Date;
  phone: string;
  /** The move-or-cancel page (the e-mail's signed link), for the callback's own contact while it can change. */
  manageHref: string | null;
}

/**
 * The callback booked on a ticket (the latest, if it was booked again), for the ticket's portal page: its reader
 * sees when the team will call without digging out the e-mail. Only the person who booked it (matched by
 * address: the signed-in user or the ticket link's recipient) gets the move-or-cancel link, as in the e-mail.
 * The caller has already checked that the reader may see the ticket.
 */
export async function bookedCallbackForTicket(
  ticketId: string,
  readerEmail: string | null,
  now = new Date(),
): Promise<TicketCallback | null> {
  const row = await db().callback.findFirst({
    where: { ticketId, source: 'booked', slotStart: { not: null } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, status: true, slotStart: true, phone: true, contact: { select: { email: true } } },
  });
  if (!row?.slotStart) return null;
  const contactEmail = row.contact?.email ?? null;
  const own = contactEmail !== null && readerEmail !== null && contactEmail.toLowerCase() === readerEmail.toLowerCase();
  const changeable = row.status === 'OPEN' && row.slotStart > now;
  return {
    status: row.status,
    slotStart: row.slotStart,
    slotEnd: new Date(row.slotStart.getTime() + SLOT_MS),
    phone: formatPhone(row.phone),
    manageHref:
      own && changeable && contactEmail
        ? `${PORTAL_PATHS.callback}?t=${encodeURIComponent(signCallbackLink(row.id, contactEmail, row.slotStart))}`
        : null,
  };
}

/** Moves a booked callback to another slot (capacity checked again) and sends the updated invitation. */
export async function moveCallback(
  token: string | null | undefined,
  input: unknown,
  now = new Date(),
): Promise<Result<{ slotStart: Date; slotEnd: Date }, ManageError>> {
  const row = await callbackForToken(token, now);
  if (!row) return err({ kind: 'not_found' });
  if (row.status !== 'OPEN' || row.slotStart <= now) return err({ kind: 'not_changeable' });
  const parsed = moveCallbackSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const plan = row.contact.company?.plan ?? null;
  const support = await getPlanSupport(plan);
  const wanted = new Date(parsed.data.slot);
  const { slots, views } = await slotViews(plan, now);
  const slot = slots.find((s) => s.start.getTime() === wanted.getTime());
  if (!slot || slot.start.getTime() === row.slotStart.getTime())
    return err({ kind: 'slot_full', alternatives: alternativesAfter(views, wanted) });
  try {
    await db().$transaction(async (tx) => {
      await claimPlace(tx, slot.start, support.callbackSlotCapacity);
      const sequence = row.icsSequence + 1;
      // Still open and still where this page saw it: a second tab's move or an agent's outcome wins.
      const moved = await tx.callback.updateMany({
        where: { id: row.id, status: 'OPEN', slotStart: row.slotStart },
        data: { slotStart: slot.start, dueAt: slot.start, icsSequence: sequence, reminderSentAt: null },
      });
      if (moved.count === 0) throw new Rollback<ManageError>({ kind: 'not_changeable' });
      if (row.ticket) {
        await tx.ticketEvent.create({
          data: {
            ticketId: row.ticket.id,
            actorId: row.contact.id,
            type: TICKET_EVENTS.callbackMoved,
            createdAt: now,
            data: { callbackId: row.id, from: row.slotStart.toISOString(), to: slot.start.toISOString() },
          },
        });
      }
      await enqueueCallbackEmail(tx, 'moved', factsOf(row, slot.start, sequence, slot.end));
    });
  } catch (error) {
    if (error instanceof Rollback) {
      const reason = error.reason as ManageError;
      if (reason.kind === 'slot_full') {
        const fresh = await slotViews(plan, now);
        return err({ kind: 'slot_full', alternatives: alternativesAfter(fresh.views, wanted) });
      }
      return err(reason);
    }
    throw error;
  }
  return ok({ slotStart: slot.start, slotEnd: slot.end });
}

/** Cancels a booked callback: closed, noted on its ticket, and a METHOD:CANCEL invitation sent. */
export async function cancelCallback(
  token: string | null | undefined,
  now = new Date(),
): Promise<Result<{ cancelled: true }, ManageError>> {
  const row = await callbackForToken(token, now);
  if (!row) return err({ kind: 'not_found' });
  if (row.status !== 'OPEN' || row.slotStart <= now) return err({ kind: 'not_changeable' });
  try {
    await db().$transaction(async (tx) => {
      const sequence = row.icsSequence + 1;
      const cancelled = await tx.callback.updateMany({
        where: { id: row.id, status: 'OPEN' },
        data: { status: 'CANCELLED', doneAt: now, icsSequence: sequence },
      });
      if (cancelled.count === 0) throw new Rollback<ManageError>({ kind: 'not_changeable' });
      if (row.ticket) {
        await tx.ticketEvent.create({
          data: {
            ticketId: row.ticket.id,
            actorId: row.contact.id,
            type: TICKET_EVENTS.callbackCancelled,
            createdAt: now,
            data: { callbackId: row.id, slotStart: row.slotStart.toISOString() },
          },
        });
      }
      await enqueueCallbackEmail(tx, 'cancelled', factsOf(row, row.slotStart, sequence));
    });
  } catch (error) {
    if (error instanceof Rollback) return err(error.reason as ManageError);
    throw error;
  }
  return ok({ cancelled: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Reminders (a periodic job of the worker).

/**
 * Sends the reminder of every open booked callback whose slot starts within REMINDER_BEFORE_MS (and has not
 * started). Each is claimed with a conditional update (`reminderSentAt` still empty) in the transaction that writes
 * the e-mail, so two workers never send one twice. A move clears the stamp: the new slot gets its own reminder.
 */
export async function sendCallbackReminders(now = new Date()): Promise<number> {
  const due = await db().callback.findMany({
    where: {
      source: 'booked',
      status: 'OPEN',
      reminderSentAt: null,
      slotStart: { gt: now, lte: new Date(now.getTime() + REMINDER_BEFORE_MS) },
    },
    select: manageSelect,
    take: 200,
  });
  let sent = 0;
  for (const row of due) {
    if (!row.contact || !row.slotStart) continue;
    const contact = row.contact;
    const slotStart = row.slotStart;
    const claimed = await db().$transaction(async (tx) => {
      const claim = await tx.callback.updateMany({
        where: { id: row.id, status: 'OPEN', reminderSentAt: null, slotStart },
        data: { reminderSentAt: now },
      });
      if (claim.count === 0) return false;
      await enqueueCallbackEmail(tx, 'reminder', factsOf({ ...row, contact }, slotStart, row.icsSequence));
      return true;
    });
    if (claimed) sent++;
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------------------------
// E-mails.

type CallbackEmailKind = 'booked' | 'moved' | 'cancelled' | 'reminder';

interface CallbackEmailFacts {
  callbackId: string;
  customer: { email: string; name: string | null; locale: string; phone: string | null };
  ticketId: string | null;
  ticketNumber: number | null;
  ticketUrl: string | null;
  topic: string | null;
  slotStart: Date;
  slotEnd: Date;
  sequence: number;
}

/** The e-mail facts of a booked callback (on a ticket or not) in the slot starting at `slotStart` (half an hour unless `slotEnd`). */
function factsOf(
  row: { id: string; topic: string | null; ticket: { id: string; number: number } | null; contact: CallbackEmailFacts['customer'] },
  slotStart: Date,
  sequence: number,
  slotEnd = new Date(slotStart.getTime() + SLOT_MS),
): CallbackEmailFacts {
  return {
    callbackId: row.id,
    customer: row.contact,
    ticketId: row.ticket?.id ?? null,
    ticketNumber: row.ticket?.number ?? null,
    ticketUrl: null,
    topic: row.topic,
    slotStart,
    slotEnd,
    sequence,
  };
}

/** "poniedziałek, 8 grudnia 2026, 10:00–10:30" in the reader's language, Warsaw time. */
export function slotLabel(start: Date, end: Date, locale: Locale): string {
  const tag = locale === 'pl' ? 'pl-PL' : 'en-GB';
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeZone: 'Europe/Warsaw' }).format(start);
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Warsaw' });
  return `${day}, ${time.format(start)}–${time.format(end)}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function callbackManageUrl(callbackId: string, email: string, slotStart: Date): string {
  return absoluteUrl(env().APP_URL, `${PORTAL_PATHS.callback}?t=${encodeURIComponent(signCallbackLink(callbackId, email, slotStart))}`);
}

async function enqueueCallbackEmail(tx: Tx, kind: CallbackEmailKind, facts: CallbackEmailFacts): Promise<void> {
  const config = env();
  const locale = toLocale(facts.customer.locale);
  const t = translator(locale);
  const when = slotLabel(facts.slotStart, facts.slotEnd, locale);
  const manageUrl = callbackManageUrl(facts.callbackId, facts.customer.email, facts.slotStart);
  const number = facts.ticketNumber ? formatTicketNumber(facts.ticketNumber) : null;
  const phone = facts.customer.phone ? formatPhone(facts.customer.phone) : '';
  const rows = [
    ...(number ? [{ label: t('email.callback.ticketLabel'), value: number }] : []),
    { label: t('email.callback.whenLabel'), value: `${when} (${t('email.callback.zone')})` },
    ...(phone && kind !== 'cancelled' ? [{ label: t('email.callback.phoneLabel'), value: phone }] : []),
    ...(facts.topic ? [{ label: t('email.callback.topicLabel'), value: facts.topic }] : []),
  ];
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: t(`email.callback.${kind}.intro`) },
    { kind: 'details', rows },
    ...(kind === 'cancelled'
      ? []
      : [{ kind: 'button' as const, label: t('email.callback.manage'), url: manageUrl, fallbackHint: t('email.callback.fallbackHint') }]),
    ...(facts.ticketUrl ? [{ kind: 'muted' as const, text: t('email.callback.ticketLink', { url: facts.ticketUrl }) }] : []),
  ];
  const { text, html } = renderEmailLayout({
    locale,
    preheader: t(`email.callback.${kind}.preheader`, { when }),
    greeting: facts.customer.name ? t('email.callback.greetingNamed', { name: facts.customer.name }) : t('email.callback.greeting'),
    blocks,
  });
  // The reminder carries no invitation: the calendar already has the entry, and a re-sent REQUEST would re-ask.
  const method = kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const attachments =
    kind === 'reminder'
      ? []
      : [
          icsAttachment(
            callbackIcs({
              callbackId: facts.callbackId,
              method,
              sequence: facts.sequence,
              start: facts.slotStart,
              end: facts.slotEnd,
              title: t('email.callback.eventTitle', { number: number ?? '' }).trim(),
              description: t('email.callback.eventDescription', { phone, topic: facts.topic ?? '' }),
              url: manageUrl,
              organizer: { name: t('email.callback.organizer'), email: config.SUPPORT_EMAIL },
              attendee: { name: facts.customer.name, email: facts.customer.email },
              domain: config.SUPPORT_EMAIL.slice(config.SUPPORT_EMAIL.lastIndexOf('@') + 1),
            }),
            method,
          ),
        ];
  await enqueueEmail(tx, {
    template: `phone.callback${kind[0]!.toUpperCase()}${kind.slice(1)}`,
    ticketId: facts.ticketId,
    to: { email: facts.customer.email, name: facts.customer.name },
    subject: t(`email.callback.${kind}.subject`, { when, number: number ?? '' }),
    text,
    html,
    attachments,
  });
}
