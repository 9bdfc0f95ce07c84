import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { addInternalNote } from '@/server/tickets/agent-actions';
import { createTicket } from '@/server/tickets/create';
import { markSolved, rateTicket, reopen, replyAsCustomer } from '@/server/tickets/customer-actions';
import { ticketFieldsSchema } from '@/server/tickets/schemas';
import { sendStaffDigests } from '@/server/tickets/staff-digest';

/**
 * Staff get what their settings say and nothing else. This file has a database of its own: the three agents
 * below are the whole team, as in the demo (two agents and an admin, every switch at its default).
 */

const tag = () => randomUUID().slice(0, 8);

async function staffMember(name: string, role: 'AGENT' | 'ADMIN' = 'AGENT', settings: { notifyDigest?: boolean } = {}) {
  return db().user.create({ data: { email: `${name.toLowerCase()}.${tag()}@vouchie.pl`, name, role, ...settings } });
}

function principalOf(user: { id: string; role: 'AGENT' | 'ADMIN' | 'CUSTOMER' }): Principal {
  return { kind: 'user', userId: user.id, role: user.role, companyId: null, isCompanyAdmin: false };
}

async function customer() {
  const user = await db().user.create({ data: { email: `klient.${tag()}@firma.pl`, name: 'Anna Klientka' } });
  return { ...user, principal: principalOf({ id: user.id, role: 'CUSTOMER' }) };
}

async function fileTicket(reporterId: string) {
  const fields = ticketFieldsSchema.parse({ category: 'TECHNICAL_ERROR', subject: `Kod nie działa ${tag()}`, actual: 'Kasa odrzuca kod.' });
  const created = await createTicket({ fields, reporter: { userId: reporterId }, channel: 'WEB' });
  if (!created.ok) throw new Error('ticket not created');
  return created.value;
}

async function staffMails(ticketId: string) {
  const staff = await db().user.findMany({ where: { role: { in: ['AGENT', 'ADMIN'] } }, select: { email: true } });
  return db().outboundEmail.findMany({
    where: { ticketId, toEmail: { in: staff.map((s) => s.email) } },
    orderBy: { createdAt: 'asc' },
    select: { toEmail: true, template: true, subject: true },
  });
}

describe('one unassigned ticket’s life', () => {
  it('mails the team about the new ticket and the replies only, not about solving, reopening and rating (9, was 18)', async () => {
    const team = await Promise.all([staffMember('ewa'), staffMember('tomasz'), staffMember('admin', 'ADMIN')]);
    const reporter = await customer();
    const ticket = await fileTicket(reporter.id);
    const number = ticket.number;

    expect((await replyAsCustomer({ principal: reporter.principal, number, body: 'Dodaję zrzut ekranu.' })).ok).toBe(true);
    expect((await markSolved({ principal: reporter.principal, number })).ok).toBe(true);
    expect((await rateTicket({ principal: reporter.principal, number, rating: 5 })).ok).toBe(true);
    expect((await reopen({ principal: reporter.principal, number })).ok).toBe(true);
    expect((await replyAsCustomer({ principal: reporter.principal, number, body: 'Jednak nadal nie działa.' })).ok).toBe(true);

    const mails = await staffMails(ticket.id);
    expect(mails).toHaveLength(9);
    for (const member of team) {
      expect(mails.filter((m) => m.toEmail === member.email).map((m) => m.template)).toEqual([
        'agent.new_ticket',
        'agent.notification',
        'agent.notification',
      ]);
    }
  });

  it('tells only the assignee once someone owns the ticket', async () => {
    const [owner, colleague] = await Promise.all([staffMember('ola'), staffMember('jan')]);
    const reporter = await customer();
    const ticket = await fileTicket(reporter.id);
    await db().ticket.update({ where: { id: ticket.id }, data: { assigneeId: owner.id } });
    const number = ticket.number;

    await markSolved({ principal: reporter.principal, number });
    await rateTicket({ principal: reporter.principal, number, rating: 2 });
    await reopen({ principal: reporter.principal, number });

    const mails = await staffMails(ticket.id);
    expect(mails.filter((m) => m.toEmail === colleague.email).map((m) => m.template)).toEqual(['agent.new_ticket']);
    expect(mails.filter((m) => m.toEmail === owner.email)).toHaveLength(4);
  });
});

describe('an @mention in an internal note', () => {
  it('mails the mentioned colleague alone, with the note', async () => {
    const [author, mentioned, bystander] = await Promise.all([staffMember('Karolina'), staffMember('Mikołaj'), staffMember('Zofia')]);
    await db().user.update({ where: { id: mentioned.id }, data: { name: `Mikołaj ${tag()}` } });
    const reporter = await customer();
    const ticket = await fileTicket(reporter.id);
    const local = mentioned.email.slice(0, mentioned.email.indexOf('@'));

    const noted = await addInternalNote({
      principal: principalOf(author),
      number: ticket.number,
      body: `@${local} zerkniesz na logi kasy? Pytam też @Karolina (siebie) i @nikogo.`,
    });
    expect(noted.ok).toBe(true);

    const notes = (await staffMails(ticket.id)).filter((m) => m.template === 'agent.notification');
    expect(notes.map((m) => m.toEmail)).toEqual([mentioned.email]);
    expect(notes[0]?.subject).toContain('Karolina wspomina o Tobie');
    expect(bystander.email).not.toBe(mentioned.email);
  });
});

describe('the digest', () => {
  it('holds an agent’s notifications and sends them as one e-mail, once', async () => {
    const digester = await staffMember('dorota', 'AGENT', { notifyDigest: true });
    const reporter = await customer();
    const first = await fileTicket(reporter.id);
    const second = await fileTicket(reporter.id);
    await replyAsCustomer({ principal: reporter.principal, number: second.number, body: 'Czy ktoś to czyta?' });

    expect(await db().outboundEmail.count({ where: { toEmail: digester.email } })).toBe(0);
    expect(await db().staffDigestItem.count({ where: { userId: digester.id } })).toBe(3);

    // Not yet due (the items are younger than DIGEST_INTERVAL_MINUTES): nothing goes.
    expect(await sendStaffDigests(new Date())).toBe(0);
    const later = new Date(Date.now() + 2 * 3_600_000);
    expect(await sendStaffDigests(later)).toBeGreaterThanOrEqual(1);
    expect(await sendStaffDigests(later)).toBe(0);

    const digests = await db().outboundEmail.findMany({ where: { toEmail: digester.email } });
    expect(digests).toHaveLength(1);
    expect(digests[0]?.template).toBe('staff.digest');
    expect(digests[0]?.text).toContain(first.displayNumber);
    expect(digests[0]?.text).toContain(second.displayNumber);
    expect(digests[0]?.subject).toContain('3 zdarzenia');
    expect(await db().staffDigestItem.count({ where: { userId: digester.id } })).toBe(0);
  });
});
