import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';
import { queueHomeView, rememberQueueView } from '@/server/agent/home-view';
import { db } from '@/server/db/client';

const tag = () => randomUUID().slice(0, 8);

async function agent(): Promise<{ id: string; principal: Principal }> {
  const user = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, role: 'AGENT' } });
  return { id: user.id, principal: { kind: 'user', userId: user.id, role: 'AGENT', companyId: null, isCompanyAdmin: false } };
}

describe('the queue an agent lands on', () => {
  it('is Nieprzypisane with nothing of their own, Moje otwarte once they own an open ticket, and then what they chose last', async () => {
    const me = await agent();
    expect(await queueHomeView(me.principal)).toBe('unassigned');
    const reporter = await db().user.create({ data: { email: `k.${tag()}@firma.pl` } });
    await db().ticket.create({ data: { subject: 'Mój', category: 'OTHER', reporterId: reporter.id, assigneeId: me.id, status: 'OPEN' } });
    expect(await queueHomeView(me.principal)).toBe('mine');

    await rememberQueueView(me.principal, 'unassigned');
    expect(await queueHomeView(me.principal)).toBe('unassigned');
    // "Wszystkie" and the other views are never a home view.
    await rememberQueueView(me.principal, 'all');
    expect(await queueHomeView(me.principal)).toBe('unassigned');
    await rememberQueueView(me.principal, 'mine');
    expect(await queueHomeView(me.principal)).toBe('mine');
  });
});
