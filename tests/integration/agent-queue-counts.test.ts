import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { listQueue, queueCounts } from '@/server/agent/queue';
import { parseQueueQuery, QUEUE_COUNT_CAP } from '@/server/agent/views';

/**
 * The view counts are over every ticket in the database, so they are exact only because this file's database is
 * its own: a fresh copy of the run's migrated template (setup-db.ts), holding no ticket but what this file makes.
 * (The file used to make and drop a database of its own as well; DROP DATABASE waits for a forced checkpoint of
 * the whole server, and on a loaded CI machine that outlasted the 60 s hook limit.)
 */

const tag = () => randomUUID().slice(0, 8);

async function user(role: Role) {
  const u = await db().user.create({ data: { email: `${role.toLowerCase()}.${tag()}@example.pl`, role } });
  const principal: Principal = { kind: 'user', userId: u.id, role, companyId: null, isCompanyAdmin: false };
  return { ...u, principal };
}

async function listedCount(principal: Principal, view: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await listQueue(principal, { ...parseQueueQuery({ view }), cursor }, 200);
    if (!page) throw new Error('not staff');
    count += page.rows.length;
    if (!page.nextCursor) return count;
    cursor = page.nextCursor;
  }
}

let agent: Awaited<ReturnType<typeof user>>;
let reporterId: string;

beforeAll(async () => {
  const [before] = await db().$queryRaw<{ tickets: bigint }[]>`SELECT count(*) AS tickets FROM "Ticket"`;
  if (before?.tickets !== 0n) throw new Error(`this file's database already holds ${before?.tickets} tickets`);
  agent = await user('AGENT');
  reporterId = (await user('CUSTOMER')).id;
});

afterAll(async () => {
  await db().$disconnect();
});

describe('queue view counts', () => {
  it('counts each view exactly as many tickets as the view lists', async () => {
    const colleague = await user('AGENT');
    const base = { subject: 'Zgłoszenie', category: 'TECHNICAL_ERROR' as const, reporterId };
    await db().ticket.createMany({
      data: [
        { ...base, status: 'WAITING_ON_CUSTOMER', assigneeId: agent.id },
        { ...base, status: 'OPEN', assigneeId: agent.id, resolutionDueAt: new Date(Date.now() - 60_000) },
        { ...base, status: 'CLOSED', assigneeId: agent.id },
        { ...base, status: 'OPEN', assigneeId: colleague.id },
        { ...base, status: 'NEW', assigneeId: null },
        { ...base, status: 'OPEN', assigneeId: null, resolutionDueAt: new Date(Date.now() + 60 * 60_000), slaPausedAt: new Date() },
      ],
    });
    const counts = await queueCounts(agent.principal);
    // This database holds only these six tickets, so every count is known exactly.
    expect(counts).toEqual({
      mine: { count: 2, capped: false },
      unassigned: { count: 2, capped: false },
      waiting: { count: 1, capped: false },
      sla: { count: 1, capped: false },
      all: { count: 6, capped: false },
    });
    for (const view of ['mine', 'unassigned', 'waiting', 'sla', 'all'] as const) {
      expect(await listedCount(agent.principal, view), view).toBe(counts?.[view].count);
    }
  });

  it(`says exactly ${QUEUE_COUNT_CAP} up to the cap and "more" above it, while the view still lists every ticket`, async () => {
    const before = await queueCounts(agent.principal);
    const unassignedSoFar = before!.unassigned.count;
    const atCap = QUEUE_COUNT_CAP - unassignedSoFar;
    await db().ticket.createMany({
      data: Array.from({ length: atCap }, (_, i) => ({
        subject: `Seria ${i}`,
        category: 'OTHER' as const,
        reporterId,
        status: 'NEW' as const,
      })),
    });
    expect((await queueCounts(agent.principal))?.unassigned).toEqual({ count: QUEUE_COUNT_CAP, capped: false });

    await db().ticket.create({ data: { subject: 'O jeden za dużo', category: 'OTHER', reporterId, status: 'NEW' } });
    const counts = await queueCounts(agent.principal);
    expect(counts?.unassigned).toEqual({ count: QUEUE_COUNT_CAP, capped: true });
    expect(counts?.all).toEqual({ count: QUEUE_COUNT_CAP, capped: true });
    // Views under the cap stay exact beside capped ones.
    expect(counts?.mine).toEqual(before?.mine);
    expect(counts?.waiting).toEqual(before?.waiting);
    // The cap is on the count only: the queue pages through every one of them.
    expect(await listedCount(agent.principal, 'unassigned')).toBe(QUEUE_COUNT_CAP + 1);
  });
});
