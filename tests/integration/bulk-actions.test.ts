import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';
import { parseQueueQuery } from '@/server/agent/views';
import { db } from '@/server/db/client';
import { bulkUpdateTickets, ticketNumbersMatching } from '@/server/tickets/bulk';
import { ticketWithConfirmation } from './tickets';

const tag = () => randomUUID().slice(0, 8);

async function staffMember(): Promise<{ id: string; name: string | null; principal: Principal }> {
  const user = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, name: `Ola ${tag()}`, role: 'AGENT' } });
  return { ...user, principal: { kind: 'user', userId: user.id, role: 'AGENT', companyId: null, isCompanyAdmin: false } };
}

/** Filed one after another, so their numbers ascend in array order (a bulk outcome lists numbers in ascending order). */
async function threeTickets() {
  const tickets = [];
  for (let i = 0; i < 3; i++) tickets.push(await ticketWithConfirmation(`klient.${tag()}@firma.pl`));
  return tickets;
}

describe('bulk actions from the queue', () => {
  it('assign three tickets, each in its own write with its own activity event', async () => {
    const [actor, owner] = await Promise.all([staffMember(), staffMember()]);
    const tickets = await threeTickets();
    const numbers = tickets.map((t) => t.ticket.displayNumber);

    const result = await bulkUpdateTickets({ principal: actor.principal, numbers, change: { kind: 'assign', assigneeId: owner.id } });
    expect(result).toEqual({
      ok: true,
      value: { changed: tickets.map((t) => t.ticket.number).sort((a, b) => a - b), unchanged: [], refused: [] },
    });

    for (const { ticket } of tickets) {
      const row = await db().ticket.findUniqueOrThrow({
        where: { id: ticket.id },
        include: { events: { where: { type: 'ticket.assigned' } } },
      });
      expect(row.assigneeId).toBe(owner.id);
      expect(row.version).toBe(2);
      expect(row.events).toHaveLength(1);
      expect(row.events[0]?.actorId).toBe(actor.id);
    }
    // Again: nothing left to change.
    const again = await bulkUpdateTickets({ principal: actor.principal, numbers, change: { kind: 'assign', assigneeId: owner.id } });
    expect(again.ok && again.value.unchanged).toHaveLength(3);
  });

  it('move statuses with the customer’s e-mail for each, and refuse only the tickets the move is not allowed for', async () => {
    const actor = await staffMember();
    const tickets = await threeTickets();
    const [first, second, third] = tickets.map((t) => t.ticket);
    await db().ticket.update({ where: { id: third!.id }, data: { status: 'CLOSED' } });

    const result = await bulkUpdateTickets({
      principal: actor.principal,
      numbers: [first!.number, second!.number, third!.number],
      change: { kind: 'status', status: 'WAITING_ON_CUSTOMER' },
    });
    expect(result.ok && result.value.changed).toEqual([first!.number, second!.number]);
    expect(result.ok && result.value.refused).toEqual([{ number: third!.number, reason: 'invalid_transition' }]);
    for (const ticket of [first!, second!]) {
      const mails = await db().outboundEmail.findMany({ where: { ticketId: ticket.id, template: 'ticket.status_changed' } });
      expect(mails.map((m) => m.toEmail)).toEqual([ticket.reporterEmail]);
    }
  });

  it('add a tag, keeping each ticket’s other tags', async () => {
    const actor = await staffMember();
    const tickets = await threeTickets();
    await db().ticket.update({ where: { id: tickets[0]!.ticket.id }, data: { tags: ['vip'] } });
    const label = `kasa-${tag()}`;
    const result = await bulkUpdateTickets({
      principal: actor.principal,
      numbers: tickets.map((t) => t.ticket.number),
      change: { kind: 'addTag', tag: label },
    });
    expect(result.ok && result.value.changed).toHaveLength(3);
    expect((await db().ticket.findUniqueOrThrow({ where: { id: tickets[0]!.ticket.id } })).tags).toEqual(['vip', label]);

    // "Select all matching the filter" finds them by that tag.
    const matching = await ticketNumbersMatching(actor.principal, parseQueueQuery({ tag: label }));
    expect(matching.sort()).toEqual(tickets.map((t) => t.ticket.number).sort());
  });

  it('is for staff only', async () => {
    const customer = await db().user.create({ data: { email: `k.${tag()}@firma.pl` } });
    const [first] = await threeTickets();
    const ticket = first!.ticket;
    const result = await bulkUpdateTickets({
      principal: { kind: 'user', userId: customer.id, role: 'CUSTOMER', companyId: null, isCompanyAdmin: false },
      numbers: [ticket.number],
      change: { kind: 'priority', priority: 'URGENT' },
    });
    expect(result).toEqual({ ok: false, error: { kind: 'not_found' } });
  });
});
