import type { Prisma, PrismaClient } from '@/generated/prisma/client';
import type { Plan } from '@/generated/prisma/enums';
import { toLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { db, type Tx } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { renderEmailLayout } from '@/server/mail/outbound/templates';
import { isChannelOpen, nextChannelOpening } from '@/server/plan-settings/read';
import { publish } from '@/server/realtime/hub';
import { OPEN_STATUSES } from '@/server/tickets/status';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { ctiEventSchema, type CtiEventInput } from './cti-schema';
import { formatPhone, normalizePhone } from './numbers';

/**
 * The CTI hook (docs/phone.md): a PBX posts `newCall`, `answer` and `hangup` for each call. Each (call id, event)
 * is applied once: the event row's unique key makes a replay a no-op, and the call row is locked while an event is
 * applied, so concurrent deliveries of one call are serialised. Events that arrive after the call ended (a late
 * `answer`) are recorded but change nothing; `answer`/`hangup` for a call id never announced are refused.
 *
 * An inbound call that ends without `answer` is a missed call: a callback task (Telefon list) due when phone hours
 * next open, and an e-mail to the caller, if known, that the team will call back.
 */

export const AGENT_CALLS_TOPIC = 'agent-calls';

const log = childLogger({ module: 'cti' });

export type CtiOutcome =
  | { status: 'applied'; callId: string; missed: boolean }
  | { status: 'replayed'; callId: string }
  | { status: 'ignored'; callId: string; reason: 'call_ended' | 'already_answered' }
  | { status: 'unknown_call' }
  | { status: 'invalid'; issues: string[] };

const CONTACT_SELECT = {
  id: true,
  name: true,
  email: true,
  locale: true,
  emailBouncedAt: true,
  company: { select: { id: true, name: true, plan: true } },
} as const;

/** The customer whose stored number is this one (oldest account first when several share it), or null. */
export async function findContactByPhone(client: Tx | PrismaClient, e164: string) {
  return client.user.findFirst({
    where: { phone: e164, role: 'CUSTOMER', active: true },
    orderBy: { createdAt: 'asc' },
    select: CONTACT_SELECT,
  });
}

export async function applyCtiEvent(input: unknown, now = new Date()): Promise<CtiOutcome> {
  const parsed = ctiEventSchema.safeParse(input);
  if (!parsed.success)
    return { status: 'invalid', issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`) };
  const event = parsed.data;
  const outcome = await db().$transaction(async (tx) => (event.event === 'newCall' ? newCall(tx, event, now) : laterEvent(tx, event, now)));
  if (outcome.status !== 'invalid') log.info({ event: event.event, externalId: event.callId, status: outcome.status }, 'CTI event');
  return outcome;
}

async function recordEvent(tx: Tx, callId: string, event: CtiEventInput, now: Date): Promise<boolean> {
  const written = await tx.ctiEvent.createMany({
    data: [{ callId, event: event.event, receivedAt: now, payload: event as unknown as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
  return written.count === 1;
}

async function lockCall(tx: Tx, externalId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Call" WHERE "externalId" = ${externalId} FOR UPDATE`;
  const id = rows[0]?.id;
  return id ? tx.call.findUniqueOrThrow({ where: { id } }) : null;
}

async function newCall(tx: Tx, event: CtiEventInput, now: Date): Promise<CtiOutcome> {
  const direction = event.direction === 'out' ? 'OUTBOUND' : 'INBOUND';
  const from = normalizePhone(event.from) ?? event.from ?? '';
  const to = normalizePhone(event.to) ?? event.to ?? '';
  const contactNumber = direction === 'INBOUND' ? from : to;
  const contact = contactNumber.startsWith('+') ? await findContactByPhone(tx, contactNumber) : null;
  const agent = event.user
    ? await tx.user.findFirst({ where: { email: event.user.toLowerCase(), role: { in: ['AGENT', 'ADMIN'] } }, select: { id: true } })
    : null;

  // ON CONFLICT DO NOTHING: a replayed or concurrent newCall finds the row the first one wrote.
  await tx.call.createMany({
    data: [
      {
        externalId: event.callId,
        direction,
        fromNumber: from,
        toNumber: to,
        contactId: contact?.id ?? null,
        agentId: agent?.id ?? null,
        startedAt: now,
      },
    ],
    skipDuplicates: true,
  });
  const call = await lockCall(tx, event.callId);
  if (!call) throw new Error('call row vanished');
  if (!(await recordEvent(tx, call.id, event, now))) return { status: 'replayed', callId: call.id };
  if (call.state === 'ENDED') return { status: 'ignored', callId: call.id, reason: 'call_ended' };
  if (direction === 'INBOUND') await publish(tx, [{ topic: AGENT_CALLS_TOPIC, kind: 'newCall', data: { callId: call.id } }]);
  return { status: 'applied', callId: call.id, missed: false };
}

async function laterEvent(tx: Tx, event: CtiEventInput, now: Date): Promise<CtiOutcome> {
  const call = await lockCall(tx, event.callId);
  if (!call) return { status: 'unknown_call' };
  if (!(await recordEvent(tx, call.id, event, now))) return { status: 'replayed', callId: call.id };
  if (call.state === 'ENDED') return { status: 'ignored', callId: call.id, reason: 'call_ended' };

  if (event.event === 'answer') {
    const agent = event.user
      ? await tx.user.findFirst({ where: { email: event.user.toLowerCase(), role: { in: ['AGENT', 'ADMIN'] } }, select: { id: true } })
      : null;
    await tx.call.update({ where: { id: call.id }, data: { state: 'ANSWERED', answeredAt: now, agentId: agent?.id ?? call.agentId } });
    await publish(tx, [{ topic: AGENT_CALLS_TOPIC, kind: 'answer', data: { callId: call.id } }]);
    return { status: 'applied', callId: call.id, missed: false };
  }

  const missed = call.state === 'RINGING' && call.direction === 'INBOUND';
  await tx.call.update({ where: { id: call.id }, data: { state: 'ENDED', endedAt: now, cause: event.cause ?? null, missed } });
  if (missed) await createMissedCallback(tx, call.id, call.fromNumber, call.contactId, now);
  await publish(tx, [{ topic: AGENT_CALLS_TOPIC, kind: 'hangup', data: { callId: call.id, missed } }]);
  return { status: 'applied', callId: call.id, missed };
}

/** When a missed call should be returned: now if the phone line of the caller's plan is open, else when it opens. */
async function callbackDue(plan: Plan | null, now: Date): Promise<Date> {
  if (await isChannelOpen(plan, 'PHONE', now)) return now;
  return (await nextChannelOpening(plan, 'PHONE', now)) ?? now;
}

async function createMissedCallback(tx: Tx, callId: string, number: string, contactId: string | null, now: Date): Promise<void> {
  const contact = contactId ? await tx.user.findUnique({ where: { id: contactId }, select: CONTACT_SELECT }) : null;
  const dueAt = await callbackDue(contact?.company?.plan ?? null, now);
  await tx.callback.create({ data: { phone: number, contactId, callId, source: 'missed', dueAt, createdAt: now } });
  if (!contact || contact.emailBouncedAt || !number.startsWith('+')) return;

  const locale = toLocale(contact.locale);
  const t = translator(locale);
  const { text, html } = renderEmailLayout({
    locale,
    preheader: t('email.missedCall.preheader'),
    greeting: contact.name ? t('email.missedCall.greetingNamed', { name: contact.name }) : t('email.missedCall.greeting'),
    blocks: [
      { kind: 'paragraph', text: t('email.missedCall.intro') },
      { kind: 'highlight', label: t('email.missedCall.numberLabel'), value: formatPhone(number) },
      { kind: 'muted', text: t('email.missedCall.outro') },
    ],
  });
  await enqueueEmail(tx, {
    template: 'phone.missedCall',
    to: { email: contact.email, name: contact.name },
    subject: t('email.missedCall.subject'),
    text,
    html,
  });
}

export interface CallerCard {
  callId: string;
  number: string;
  numberDisplay: string;
  caller: { id: string; name: string | null; email: string } | null;
  company: { name: string; plan: Plan } | null;
  openTickets: { id: string; number: string; subject: string; status: string }[];
}

/** What the incoming-call pop-up shows: the caller matched by number, their company and plan, their open tickets. */
export async function callerCard(callId: string): Promise<CallerCard | null> {
  const call = await db().call.findUnique({
    where: { id: callId },
    select: { id: true, direction: true, fromNumber: true, toNumber: true, contact: { select: CONTACT_SELECT } },
  });
  if (!call) return null;
  const number = call.direction === 'INBOUND' ? call.fromNumber : call.toNumber;
  const tickets = call.contact
    ? await db().ticket.findMany({
        where: { reporterId: call.contact.id, status: { in: [...OPEN_STATUSES] } },
        orderBy: { createdAt: 'desc' },
        take: 5,
        select: { id: true, number: true, subject: true, status: true },
      })
    : [];
  return {
    callId: call.id,
    number,
    numberDisplay: number.startsWith('+') ? formatPhone(number) : number,
    caller: call.contact ? { id: call.contact.id, name: call.contact.name, email: call.contact.email } : null,
    company: call.contact?.company ? { name: call.contact.company.name, plan: call.contact.company.plan } : null,
    openTickets: tickets.map((ticket) => ({
      id: ticket.id,
      number: formatTicketNumber(ticket.number),
      subject: ticket.subject,
      status: ticket.status,
    })),
  };
}

/** GET /api/v1/cti/lookup: the name and company a PBX shows on the agent's phone display. */
export async function lookupCaller(
  rawNumber: string | null,
): Promise<{ number: string; name: string | null; company: string | null } | null> {
  const number = normalizePhone(rawNumber);
  if (!number) return null;
  const contact = await findContactByPhone(db(), number);
  return { number, name: contact?.name ?? null, company: contact?.company?.name ?? null };
}
