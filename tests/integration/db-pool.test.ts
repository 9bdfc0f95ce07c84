import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { db, pgPool, withPgClient } from '@/server/db/client';

/**
 * Postgres closing one of the app's connections (a restart, pg_terminate_backend, a dropped database) must cost
 * that connection only. pg reports it as an 'error' event, which Node throws when nobody listens: an idle
 * connection's on the pool, a checked-out one's on the client. Thrown, it would kill the web process.
 */
// (events.once would reject on the very 'error' event these tests provoke, so plain listeners.)
const next = (emitter: NodeJS.EventEmitter, event: string) => new Promise<void>((resolve) => emitter.once(event, () => resolve()));

const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });

async function terminate(pid: number) {
  const { rows } = await admin.query<{ killed: boolean }>('SELECT pg_terminate_backend($1) AS killed', [pid]);
  expect(rows[0]?.killed).toBe(true);
}

afterAll(async () => {
  await admin.end();
});

describe('the pool under the Prisma client', () => {
  it('loses an idle connection that Postgres closes, before Prisma ever ran a query, and goes on serving', async () => {
    await admin.connect();
    const pool = pgPool();
    if (!pool) throw new Error('expected the pool of db()');
    // A fast-path style use of the pool before Prisma has connected (its adapter adds a listener only then).
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]!.pid;
    expect(pool.idleCount).toBe(1);

    const removed = next(pool, 'remove');
    await terminate(pid);
    await removed;

    expect(pool.idleCount).toBe(0);
    const again = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(again.rows[0]!.pid).not.toBe(pid);
    expect(await db().user.count()).toBeGreaterThanOrEqual(0);
  });

  it('drops a checked-out connection that Postgres closed instead of handing it to the next caller', async () => {
    const pool = pgPool();
    if (!pool) throw new Error('expected the pool of db()');
    const before = pool.totalCount;
    const pid = await withPgClient(pool, async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const ended = next(client, 'end');
      await terminate(rows[0]!.pid);
      await ended;
      return rows[0]!.pid;
    });

    expect(pool.totalCount).toBeLessThan(before + 1);
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(rows[0]!.pid).not.toBe(pid);
  });
});
