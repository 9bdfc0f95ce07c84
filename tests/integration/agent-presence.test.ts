import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const { heartbeat, viewersOf, leave, viewersOnTickets, purgeStalePresence } = await import('@/server/agent/presence');
const { PRESENCE_TTL_MS } = await import('@/server/agent/presence-input');

const tag = () => randomUUID().slice(0, 8);

async function person(name: string, role: Role, active = true) {
  const user = await db().user.create({ data: { email: `${name.split(' ')[0]!.toLowerCase()}.${tag()}@example.pl`, name, role, active } });
  const principal: Principal = { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false };
  return { ...user, principal };
}

async function ticket(reporterId: string) {
  return db().ticket.create({ data: { subject: `Obecność ${tag()}`, category: 'TECHNICAL_ERROR', reporterId } });
}

async function scene() {
  const customer = await person('Łucja Klientka', 'CUSTOMER');
  const marek = await person('Marek Jankowski', 'AGENT');
  const ewa = await person('Ewa Dąbrowska', 'ADMIN');
  const t = await ticket(customer.id);
  return { customer, marek, ewa, t };
}

describe('ticket presence', () => {
  it('upserts one row per agent and ticket: a second beat updates it, no duplicate', async () => {
    const { marek, t } = await scene();
    const t0 = new Date();
    await heartbeat(marek.principal, t.number, { composing: false }, t0);
    const t1 = new Date(t0.getTime() + 15_000);
    await heartbeat(marek.principal, t.number, { composing: true }, t1);
    const rows = await db().ticketPresence.findMany({ where: { ticketId: t.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: marek.id, composing: true, lastSeenAt: t1 });
  });

  it('shows the others on the ticket with name, e-mail and composing flag, never oneself', async () => {
    const { marek, ewa, t } = await scene();
    const now = new Date();
    expect(await heartbeat(marek.principal, t.number, { composing: false }, now)).toEqual([]);
    const seenByEwa = await heartbeat(ewa.principal, t.number, { composing: false }, now);
    expect(seenByEwa).toEqual([
      { userId: marek.id, name: 'Marek Jankowski', email: marek.email, composing: false, lastSeenAt: now.toISOString() },
    ]);

    await heartbeat(ewa.principal, t.number, { composing: true }, now);
    const seenByMarek = await viewersOf(marek.principal, t.number, now);
    expect(seenByMarek?.map((v) => [v.name, v.composing])).toEqual([['Ewa Dąbrowska', true]]);
  });

  it('leaves out viewers not heard from within the TTL, and other tickets’ viewers', async () => {
    const { customer, marek, ewa, t } = await scene();
    const other = await ticket(customer.id);
    const now = new Date();
    await heartbeat(ewa.principal, t.number, { composing: false }, new Date(now.getTime() - PRESENCE_TTL_MS - 1_000));
    const colleague = await person('Anna Nowak', 'AGENT');
    await heartbeat(colleague.principal, other.number, { composing: false }, now);
    expect(await viewersOf(marek.principal, t.number, now)).toEqual([]);

    await heartbeat(ewa.principal, t.number, { composing: false }, new Date(now.getTime() - PRESENCE_TTL_MS + 5_000));
    expect((await viewersOf(marek.principal, t.number, now))?.map((v) => v.userId)).toEqual([ewa.id]);
  });

  it('hides a colleague deactivated while their row is still fresh', async () => {
    const { marek, ewa, t } = await scene();
    const now = new Date();
    await heartbeat(ewa.principal, t.number, { composing: false }, now);
    await db().user.update({ where: { id: ewa.id }, data: { active: false } });
    expect(await viewersOf(marek.principal, t.number, now)).toEqual([]);
  });

  it('removes the row on leave, so the others stop seeing the agent at once', async () => {
    const { marek, ewa, t } = await scene();
    const now = new Date();
    await heartbeat(ewa.principal, t.number, { composing: true }, now);
    expect(await viewersOf(marek.principal, t.number, now)).toHaveLength(1);
    expect(await leave(ewa.principal, t.number)).toBe(true);
    expect(await viewersOf(marek.principal, t.number, now)).toEqual([]);
  });

  it('refuses customers (even the reporter), guests and unknown tickets, and writes nothing for them', async () => {
    const { customer, marek, t } = await scene();
    expect(await heartbeat(customer.principal, t.number, { composing: false })).toBeNull();
    expect(await viewersOf(customer.principal, t.number)).toBeNull();
    expect(await leave(customer.principal, t.number)).toBe(false);
    expect(await heartbeat({ kind: 'guest' }, t.number, { composing: false })).toBeNull();
    expect(await heartbeat({ kind: 'api' }, t.number, { composing: false })).toBeNull();
    expect(await heartbeat(marek.principal, 999_999_999, { composing: false })).toBeNull();
    expect(await db().ticketPresence.count({ where: { ticketId: t.id } })).toBe(0);
  });

  it('tells the queue which of its tickets someone else has open', async () => {
    const { customer, marek, ewa, t } = await scene();
    const quiet = await ticket(customer.id);
    const now = new Date();
    await heartbeat(ewa.principal, t.number, { composing: false }, now);
    await heartbeat(marek.principal, quiet.number, { composing: false }, now);
    const seen = await viewersOnTickets(marek.principal, [t.id, quiet.id], now);
    expect(seen.get(t.id)).toEqual([{ name: 'Ewa Dąbrowska', email: ewa.email }]);
    expect(seen.has(quiet.id)).toBe(false);
    expect((await viewersOnTickets(customer.principal, [t.id], now)).size).toBe(0);
  });

  it('sweeps only stale rows', async () => {
    const { marek, ewa, t } = await scene();
    const now = new Date(Date.now() + 24 * 3_600_000);
    await heartbeat(marek.principal, t.number, { composing: false }, new Date(now.getTime() - PRESENCE_TTL_MS - 1));
    await heartbeat(ewa.principal, t.number, { composing: false }, now);
    expect(await purgeStalePresence(now)).toBeGreaterThanOrEqual(1);
    expect((await db().ticketPresence.findMany({ where: { ticketId: t.id } })).map((r) => r.userId)).toEqual([ewa.id]);
  });
});
