import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { recordSlaBreaches } from '@/server/sla/breaches';
import { autoCloseResolvedTickets } from '@/server/tickets/maintenance';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/**
 * The demo's seed tells a story that already happened: when the worker starts on it, its timed jobs find nothing
 * to do, so no seeded customer is mailed and no ticket changes behind the demo's back.
 */
// Runs the seed as `npm run db:seed` does (a tsx process): tens of seconds when the machine is busy.
describe('the demo seed', { timeout: 180_000 }, () => {
  it('leaves the worker’s auto-close and SLA jobs nothing to do at start-up, and the outbox empty', async () => {
    await run(path.join(root, 'node_modules/.bin/tsx'), ['prisma/seed.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    });
    expect(await db().ticket.count()).toBe(50);
    expect(await db().ticket.count({ where: { status: 'RESOLVED' } })).toBeGreaterThan(0);

    expect(await autoCloseResolvedTickets()).toBe(0);
    expect(await recordSlaBreaches()).toEqual({ firstResponse: 0, resolution: 0 });
    expect(await db().outboundEmail.count()).toBe(0);
    // The breaches the seed recorded still show, as of their due moment.
    expect(await db().ticket.count({ where: { firstResponseBreachedAt: { not: null } } })).toBeGreaterThan(0);
  });
});
