import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@/generated/prisma/client';
import type { Role, TicketStatus } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { translator } from '@/i18n/messages';
import { updateTicket } from '@/server/tickets/agent-actions';
import { markSolved, reopen, replyAsCustomer } from '@/server/tickets/customer-actions';
import { autoCloseResolvedTickets } from '@/server/tickets/maintenance';
import { businessMsBetween } from '@/server/calendar';
import { businessCalendarFor } from '@/server/plan-settings';

/**
 * Every status move each actor may make, through the functions they use, checked against the rules written out
 * here on their own: the resolved/closed stamps, the SLA clocks (paused while waiting on the customer), the
 * activity event and the reporter's status e-mail (for moves someone else made, when they concern the reporter).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const tag = () => randomUUID().slice(0, 8);
const OPEN: readonly TicketStatus[] = ['NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD'];

type Person = Awaited<ReturnType<typeof person>>;

async function person(name: string, role: Role = 'CUSTOMER') {
  const user = await db().user.create({ data: { email: `${name.toLowerCase()}.${tag()}@example.pl`, name, role, locale: 'pl' } });
  const principal: Principal = { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false };
  return { ...user, principal };
}

const PAUSED_FOR = 2 * HOUR;

/** A ticket in `status` as its lifecycle leaves it: stamped when solved or closed, its clocks paused while waiting. */
async function ticketIn(reporter: Person, status: TicketStatus, lastActivityAt = new Date()): Promise<Ticket> {
  const now = Date.now();
  return db().ticket.create({
    data: {
      subject: `Voucher GIFT-${tag()}`,
      category: 'OTHER',
      reporterId: reporter.id,
      status,
      firstResponseDueAt: new Date(now + 8 * HOUR),
      resolutionDueAt: new Date(now + 72 * HOUR),
      slaPausedAt: status === 'WAITING_ON_CUSTOMER' ? new Date(now - PAUSED_FOR) : null,
      resolvedAt: status === 'RESOLVED' || status === 'CLOSED' ? new Date(now - DAY) : null,
      closedAt: status === 'CLOSED' ? new Date(now - DAY) : null,
      lastActivityAt,
    },
  });
}

const NOTICE: Partial<Record<TicketStatus, 'waiting' | 'resolved' | 'closed'>> = {
  WAITING_ON_CUSTOMER: 'waiting',
  RESOLVED: 'resolved',
  CLOSED: 'closed',
};

/** The notice the reporter should get when someone else moves their ticket, or null. */
function expectedNotice(from: TicketStatus, to: TicketStatus): 'waiting' | 'resolved' | 'closed' | 'reopened' | null {
  if (OPEN.includes(to) && (from === 'RESOLVED' || from === 'CLOSED')) return 'reopened';
  return NOTICE[to] ?? null;
}

interface Expectation {
  before: Ticket;
  to: TicketStatus;
  actorId: string | null;
  eventType: string;
  via?: string;
  /** Whether the reporter should get a status e-mail for this move. */
  mailed: boolean;
  start: number;
}

async function expectMove({ before, to, actorId, eventType, via, mailed, start }: Expectation) {
  const end = Date.now();
  const after = await db().ticket.findUniqueOrThrow({ where: { id: before.id } });
  const within = (date: Date | null) => {
    expect(date).not.toBeNull();
    expect(date!.getTime()).toBeGreaterThanOrEqual(start);
    expect(date!.getTime()).toBeLessThanOrEqual(end);
  };
  const from = before.status;
  expect(after.status).toBe(to);
  expect(after.version).toBe(before.version + 1);
  within(after.lastActivityAt);

  // The stamps: solved when it moves to Rozwiązane, closed when it moves to Zamknięte, neither once it is worked on again.
  if (to === 'RESOLVED') within(after.resolvedAt);
  else if (OPEN.includes(to)) expect(after.resolvedAt).toBeNull();
  else expect(after.resolvedAt).toEqual(before.resolvedAt);
  if (to === 'CLOSED') within(after.closedAt);
  else expect(after.closedAt).toBeNull();

  // The clocks: paused on entering Czeka na klienta; on leaving it each due date gets back, from the move, the
  // business time (the plan's support hours) it had left when the pause began.
  if (to === 'WAITING_ON_CUSTOMER') {
    within(after.slaPausedAt);
    expect(after.firstResponseDueAt).toEqual(before.firstResponseDueAt);
    expect(after.resolutionDueAt).toEqual(before.resolutionDueAt);
  } else if (from === 'WAITING_ON_CUSTOMER') {
    expect(after.slaPausedAt).toBeNull();
    const calendar = await businessCalendarFor(null);
    for (const due of ['firstResponseDueAt', 'resolutionDueAt'] as const) {
      expect(businessMsBetween(calendar, after.lastActivityAt, after[due]!)).toBe(
        businessMsBetween(calendar, before.slaPausedAt!, before[due]!),
      );
    }
  } else {
    expect(after.slaPausedAt).toBeNull();
    expect(after.firstResponseDueAt).toEqual(before.firstResponseDueAt);
    expect(after.resolutionDueAt).toEqual(before.resolutionDueAt);
  }

  const events = await db().ticketEvent.findMany({ where: { ticketId: before.id, data: { path: ['to'], equals: to } } });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ type: eventType, actorId, data: { from, to, ...(via ? { via } : {}) } });

  const mails = await db().outboundEmail.findMany({ where: { ticketId: before.id, template: 'ticket.status_changed' } });
  const notice = expectedNotice(from, to);
  if (mailed && notice) {
    expect(mails).toHaveLength(1);
    const t = translator('pl');
    expect(mails[0]?.text).toContain(t(`email.statusChanged.${notice}`, { status: t(`ticket.customerStatus.${to}`) }));
  } else {
    expect(mails).toHaveLength(0);
  }
}

let anna: Person;
let ewa: Person;

beforeAll(async () => {
  anna = await person('Anna');
  ewa = await person('Ewa', 'AGENT');
});

const AGENT_MOVES: [TicketStatus, TicketStatus][] = [
  ['NEW', 'OPEN'],
  ['NEW', 'WAITING_ON_CUSTOMER'],
  ['NEW', 'ON_HOLD'],
  ['NEW', 'RESOLVED'],
  ['OPEN', 'WAITING_ON_CUSTOMER'],
  ['OPEN', 'ON_HOLD'],
  ['OPEN', 'RESOLVED'],
  ['WAITING_ON_CUSTOMER', 'OPEN'],
  ['WAITING_ON_CUSTOMER', 'ON_HOLD'],
  ['WAITING_ON_CUSTOMER', 'RESOLVED'],
  ['ON_HOLD', 'OPEN'],
  ['ON_HOLD', 'WAITING_ON_CUSTOMER'],
  ['ON_HOLD', 'RESOLVED'],
  ['RESOLVED', 'OPEN'],
  ['RESOLVED', 'CLOSED'],
];

describe('an agent moves a ticket', () => {
  it.each(AGENT_MOVES)('from %s to %s', async (from, to) => {
    const before = await ticketIn(anna, from);
    const start = Date.now();
    const result = await updateTicket({
      principal: ewa.principal,
      number: before.number,
      expectedVersion: before.version,
      changes: { status: to },
    });
    expect(result).toEqual({ ok: true, value: { version: before.version + 1, changed: ['status'] } });
    await expectMove({ before, to, actorId: ewa.id, eventType: 'ticket.status_changed', mailed: true, start });
  });

  it.each([
    ['OPEN', 'CLOSED'],
    ['OPEN', 'NEW'],
    ['CLOSED', 'OPEN'],
    ['RESOLVED', 'WAITING_ON_CUSTOMER'],
  ] as const)('is refused from %s to %s, writing nothing', async (from, to) => {
    const before = await ticketIn(anna, from);
    const result = await updateTicket({
      principal: ewa.principal,
      number: before.number,
      expectedVersion: before.version,
      changes: { status: to },
    });
    expect(result).toEqual({ ok: false, error: { kind: 'invalid_transition', from, to } });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
    expect(await db().outboundEmail.count({ where: { ticketId: before.id } })).toBe(0);
  });
});

describe('the customer moves their ticket', () => {
  it.each(OPEN)('marks it solved from %s', async (from) => {
    const before = await ticketIn(anna, from);
    const start = Date.now();
    expect(await markSolved({ principal: anna.principal, number: before.number })).toEqual({
      ok: true,
      value: { status: 'RESOLVED', changed: true },
    });
    await expectMove({ before, to: 'RESOLVED', actorId: anna.id, eventType: 'ticket.solved_by_customer', mailed: false, start });
  });

  it('reopens a solved ticket with the button', async () => {
    const before = await ticketIn(anna, 'RESOLVED');
    const start = Date.now();
    expect(await reopen({ principal: anna.principal, number: before.number })).toEqual({
      ok: true,
      value: { status: 'OPEN', changed: true },
    });
    await expectMove({ before, to: 'OPEN', actorId: anna.id, eventType: 'ticket.reopened', via: 'button', mailed: false, start });
  });

  it('reopens a solved ticket by replying', async () => {
    const before = await ticketIn(anna, 'RESOLVED');
    const start = Date.now();
    const result = await replyAsCustomer({ principal: anna.principal, number: before.number, body: 'Jednak nadal nie działa.' });
    expect(result).toMatchObject({ ok: true, value: { kind: 'replied', status: 'OPEN', reopened: true } });
    await expectMove({ before, to: 'OPEN', actorId: anna.id, eventType: 'ticket.reopened', via: 'reply', mailed: false, start });
  });

  it('hands a ticket waiting on them back to the team by replying', async () => {
    const before = await ticketIn(anna, 'WAITING_ON_CUSTOMER');
    const start = Date.now();
    const result = await replyAsCustomer({ principal: anna.principal, number: before.number, body: 'Numer zamówienia to 12345.' });
    expect(result).toMatchObject({ ok: true, value: { kind: 'replied', status: 'OPEN', reopened: false } });
    await expectMove({ before, to: 'OPEN', actorId: anna.id, eventType: 'ticket.status_changed', via: 'reply', mailed: false, start });
  });

  it('clears both the resolved and the closed stamp when reopening, as an agent does', async () => {
    // A solved ticket that still carries a closed stamp (data from before the lifecycle kept them in step): the
    // customer's reopen used to clear only the resolved one.
    const stamp = new Date(Date.now() - HOUR);
    const ticket = await db().ticket.create({
      data: { subject: `Voucher ${tag()}`, category: 'OTHER', reporterId: anna.id, status: 'RESOLVED', resolvedAt: stamp, closedAt: stamp },
    });

    expect(await reopen({ principal: anna.principal, number: ticket.number })).toMatchObject({
      ok: true,
      value: { status: 'OPEN', changed: true },
    });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({
      status: 'OPEN',
      resolvedAt: null,
      closedAt: null,
    });
  });

  it('cannot reopen a closed ticket', async () => {
    const before = await ticketIn(anna, 'CLOSED');
    expect(await reopen({ principal: anna.principal, number: before.number })).toEqual({
      ok: false,
      error: { kind: 'invalid_transition', status: 'CLOSED' },
    });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
  });
});

describe('the system moves a ticket', () => {
  it('auto-closes a ticket solved long ago, telling the reporter', async () => {
    const now = new Date();
    const before = await ticketIn(anna, 'RESOLVED', new Date(now.getTime() - 30 * DAY));
    const start = now.getTime();
    expect(await autoCloseResolvedTickets(now)).toBeGreaterThanOrEqual(1);
    await expectMove({ before, to: 'CLOSED', actorId: null, eventType: 'ticket.status_changed', via: 'auto_close', mailed: true, start });
  });

  it('closes each ticket once when two workers run the job at the same time', async () => {
    const now = new Date();
    const before = await ticketIn(anna, 'RESOLVED', new Date(now.getTime() - 30 * DAY));
    await Promise.all([autoCloseResolvedTickets(now), autoCloseResolvedTickets(now)]);
    expect(await db().ticket.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({
      status: 'CLOSED',
      version: before.version + 1,
    });
    expect(await db().ticketEvent.count({ where: { ticketId: before.id } })).toBe(1);
    expect(await db().outboundEmail.count({ where: { ticketId: before.id } })).toBe(1);
  });
});
