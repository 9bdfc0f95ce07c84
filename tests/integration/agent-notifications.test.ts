import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { createTicket } from '@/server/tickets/create';
import { markSolved, replyAsCustomer } from '@/server/tickets/customer-actions';
import { notifyAgents } from '@/server/tickets/notify-agents';
import { ticketFieldsSchema } from '@/server/tickets/schemas';

/**
 * Each agent's two switches decide which notifications they get: "new tickets" (new tickets and anything on an
 * unassigned ticket) and "replies on my tickets" (anything a customer does on a ticket assigned to them). The
 * database is shared with other test files, so every assertion looks only at the agents this file made.
 */

const tag = () => randomUUID().slice(0, 8);

async function agent(name: string, settings: { notifyNewTickets?: boolean; notifyAssignedReplies?: boolean; active?: boolean } = {}) {
  return db().user.create({ data: { email: `${name}.${tag()}@vouchie.pl`, name, role: 'AGENT', ...settings } });
}

async function customer(): Promise<{ id: string; principal: Principal }> {
  const user = await db().user.create({ data: { email: `klient.${tag()}@firma.pl`, name: 'Anna Klientka' } });
  return { id: user.id, principal: { kind: 'user', userId: user.id, role: 'CUSTOMER', companyId: null, isCompanyAdmin: false } };
}

async function fileTicket(reporterId: string) {
  const fields = ticketFieldsSchema.parse({ category: 'TECHNICAL_ERROR', subject: `Kod nie działa ${tag()}`, actual: 'Kasa odrzuca kod.' });
  const created = await createTicket({ fields, reporter: { userId: reporterId }, channel: 'WEB' });
  if (!created.ok) throw new Error('ticket not created');
  return created.value;
}

/** The templates each of `people` was mailed about the ticket, in order. */
async function mailedAbout(ticketId: string, people: { email: string }[]) {
  const rows = await db().outboundEmail.findMany({
    where: { ticketId, toEmail: { in: people.map((p) => p.email) } },
    orderBy: { createdAt: 'asc' },
  });
  return Object.fromEntries(people.map((p) => [p.email, rows.filter((r) => r.toEmail === p.email).map((r) => r.template)]));
}

describe('new tickets', () => {
  it('are announced to every active agent with "new tickets" on, and to nobody with it off', async () => {
    const [on, off, gone] = await Promise.all([
      agent('ewa'),
      agent('piotr', { notifyNewTickets: false }),
      agent('stary', { active: false }),
    ]);
    const reporter = await customer();
    const ticket = await fileTicket(reporter.id);
    expect(await mailedAbout(ticket.id, [on, off, gone])).toEqual({ [on.email]: ['agent.new_ticket'], [off.email]: [], [gone.email]: [] });
    const [announcement] = await db().outboundEmail.findMany({ where: { ticketId: ticket.id, toEmail: on.email } });
    expect(announcement?.subject.startsWith(`[${ticket.displayNumber}] Nowe zgłoszenie: Kod nie działa`)).toBe(true);
    expect(announcement?.text).toContain('Kasa odrzuca kod.');
  });
});

describe('a new ticket born assigned (a category’s default assignee)', () => {
  it('also reaches its assignee through "replies on my tickets", even with "new tickets" off', async () => {
    const [owner, ownerMuted, on] = await Promise.all([
      agent('wlasciciel', { notifyNewTickets: false }),
      agent('wyciszony', { notifyNewTickets: false, notifyAssignedReplies: false }),
      agent('dyzurny'),
    ]);
    const reporter = await customer();
    for (const assignee of [owner, ownerMuted]) {
      const ticket = await db().ticket.create({
        data: { subject: `Przypisane ${tag()}`, category: 'BILLING', reporterId: reporter.id, assigneeId: assignee.id },
      });
      await db().$transaction((tx) =>
        notifyAgents(tx, {
          kind: 'newTicket',
          ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject, status: 'NEW', assigneeId: assignee.id },
          customer: { name: 'Anna', email: 'anna@firma.pl' },
        }),
      );
      const mailed = await mailedAbout(ticket.id, [assignee, on]);
      expect(mailed[on.email]).toEqual(['agent.new_ticket']);
      expect(mailed[assignee.email]).toEqual(assignee === owner ? ['agent.new_ticket'] : []);
    }
  });
});

describe('customer activity on an assigned ticket', () => {
  it('goes to the assignee alone when "replies on my tickets" is on', async () => {
    const [assignee, colleague] = await Promise.all([agent('ola'), agent('jan')]);
    const reporter = await customer();
    const ticket = await fileTicket(reporter.id);
    await db().ticket.update({ where: { id: ticket.id }, data: { assigneeId: assignee.id } });

    expect((await replyAsCustomer({ principal: reporter.principal, number: ticket.number, body: 'Dalej nie działa.' })).ok).toBe(true);
    expect((await markSolved({ principal: reporter.principal, number: ticket.number })).ok).toBe(true);

    expect(await mailedAbout(ticket.id, [assignee, colleague])).toEqual({
      [assignee.email]: ['agent.new_ticket', 'agent.notification', 'agent.notification'],
      [colleague.email]: ['agent.new_ticket'],
    });
  });

  it('mails nobody when the assignee switched "replies on my tickets" off', async () => {
    const [assignee, colleague] = await Promise.all([agent('kasia', { notifyAssignedReplies: false }), agent('marek')]);
    const reporter = await customer();
    const ticket = await fileTicket(reporter.id);
    await db().ticket.update({ where: { id: ticket.id }, data: { assigneeId: assignee.id } });
    const before = await db().outboundEmail.count({ where: { ticketId: ticket.id } });

    expect((await replyAsCustomer({ principal: reporter.principal, number: ticket.number, body: 'Halo?' })).ok).toBe(true);

    expect(await db().outboundEmail.count({ where: { ticketId: ticket.id } })).toBe(before);
    expect(await mailedAbout(ticket.id, [assignee, colleague])).toEqual({
      [assignee.email]: ['agent.new_ticket'],
      [colleague.email]: ['agent.new_ticket'],
    });
  });

  it('falls back to the "new tickets" agents when the assignee has been deactivated', async () => {
    const [assignee, on, off] = await Promise.all([agent('byly'), agent('nowy'), agent('cichy', { notifyNewTickets: false })]);
    const reporter = await customer();
    const ticket = await fileTicket(reporter.id);
    await db().ticket.update({ where: { id: ticket.id }, data: { assigneeId: assignee.id } });
    await db().user.update({ where: { id: assignee.id }, data: { active: false } });

    expect((await replyAsCustomer({ principal: reporter.principal, number: ticket.number, body: 'Czy ktoś tu jest?' })).ok).toBe(true);

    const mailed = await mailedAbout(ticket.id, [assignee, on, off]);
    expect(mailed[assignee.email]).toEqual(['agent.new_ticket']);
    expect(mailed[on.email]).toEqual(['agent.new_ticket', 'agent.notification']);
    expect(mailed[off.email]).toEqual([]);
  });
});

describe('customer activity on an unassigned ticket', () => {
  it('goes to the agents with "new tickets" on, whatever their "replies" switch says', async () => {
    const [on, off, onWithoutReplies] = await Promise.all([
      agent('ala'),
      agent('bartek', { notifyNewTickets: false }),
      agent('celina', { notifyAssignedReplies: false }),
    ]);
    const reporter = await customer();
    const ticket = await fileTicket(reporter.id);

    expect((await replyAsCustomer({ principal: reporter.principal, number: ticket.number, body: 'Dodaję zrzut.' })).ok).toBe(true);

    expect(await mailedAbout(ticket.id, [on, off, onWithoutReplies])).toEqual({
      [on.email]: ['agent.new_ticket', 'agent.notification'],
      [off.email]: [],
      [onWithoutReplies.email]: ['agent.new_ticket', 'agent.notification'],
    });
  });
});
