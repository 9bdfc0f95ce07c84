import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';

// Small limits for this file; env() is read lazily, so this must precede the first call.
process.env.RATE_LIMIT_TICKET_ACTIONS_PER_IP = '5';
process.env.RATE_LIMIT_TICKET_ACTIONS_PER_TICKET = '3';

const { db } = await import('@/server/db/client');
const { allowTicketAction } = await import('@/server/tickets/action-limits');
const { signTicketLink, verifyTicketLink } = await import('@/server/auth/ticket-link');

const freshNumber = () => randomInt(500_000_000, 2_000_000_000);
const freshIp = () => `203.0.113.${randomInt(1, 255)}-${randomUUID().slice(0, 8)}`;
const guest: Principal = { kind: 'guest' };

async function reporterWithTicket(): Promise<{ number: number; reporter: Principal; link: Principal }> {
  const email = `anna.${randomUUID().slice(0, 8)}@example.pl`;
  const user = await db().user.create({ data: { email, name: 'Anna Nowak' } });
  const ticket = await db().ticket.create({ data: { subject: 'Voucher nie działa', category: 'TECHNICAL_ERROR', reporterId: user.id } });
  const grant = verifyTicketLink(signTicketLink(ticket.id, email));
  if (!grant) throw new Error('link did not verify');
  return {
    number: ticket.number,
    reporter: { kind: 'user', userId: user.id, role: 'CUSTOMER', companyId: null, isCompanyAdmin: false },
    link: { kind: 'ticketLink', grant },
  };
}

async function attempts(count: number, ip: () => string, ticket: () => number, principal: Principal): Promise<boolean[]> {
  const outcomes: boolean[] = [];
  for (let i = 0; i < count; i++) outcomes.push(await allowTicketAction(ip(), ticket(), principal));
  return outcomes;
}

describe('portal ticket action limits', () => {
  it('refuses the reporter the fourth action on their ticket within the window, from any address', async () => {
    const { number, reporter } = await reporterWithTicket();
    expect(await attempts(4, freshIp, () => number, reporter)).toEqual([true, true, true, false]);
  });

  it('refuses the sixth action from one address even when each goes to another ticket', async () => {
    const ip = freshIp();
    expect(await attempts(6, () => ip, freshNumber, guest)).toEqual([true, true, true, true, true, false]);
  });

  it('never lets strangers hammering a ticket number lock its reporter out', async () => {
    const { number, reporter, link } = await reporterWithTicket();
    const stranger = await reporterWithTicket();
    // 31 anonymous tries and 10 by another customer, each from a fresh address: none of them may act on it.
    await attempts(31, freshIp, () => number, guest);
    await attempts(10, freshIp, () => number, stranger.reporter);
    expect(await allowTicketAction(freshIp(), number, reporter)).toBe(true);
    expect(await allowTicketAction(freshIp(), number, link)).toBe(true);
  });

  it('counts each source apart: the reporter at their limit leaves the e-mailed link its own allowance', async () => {
    const { number, reporter, link } = await reporterWithTicket();
    expect(await attempts(4, freshIp, () => number, reporter)).toEqual([true, true, true, false]);
    expect(await allowTicketAction(freshIp(), number, link)).toBe(true);
  });
});
