import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';

/**
 * The one Prisma client of the process and the pg pool under it (kept on globalThis so dev hot reloads do not open
 * new pools). The pool is ours, handed to the adapter, so the few hot paths that speak SQL directly (the ticket
 * filing in tickets/create-fast.ts) draw from the same connections and the same limits as Prisma.
 */
const holder = globalThis as unknown as { vouchieDb?: PrismaClient; vouchiePool?: { pool: pg.Pool; owner: PrismaClient } };

export function db(): PrismaClient {
  if (!holder.vouchieDb) {
    const { DATABASE_URL, DATABASE_POOL_MAX, DATABASE_WAIT_MS, DATABASE_IDLE_MS, DATABASE_TRANSACTION_TIMEOUT_MS } = env();
    // A request waits at most DATABASE_WAIT_MS for a connection, then fails as "unavailable" (503, see
    // unavailable.ts); pg's default would wait for ever, Prisma's transactions gave up after 2 s.
    // Idle connections are kept DATABASE_IDLE_MS (pg's default closes them after 10 s): each new Postgres backend
    // loads the knowledge base's Polish ispell dictionary on its first search, ≈ 0.3–0.4 s (docs/kb.md).
    const pool = new pg.Pool({
      connectionString: DATABASE_URL,
      max: DATABASE_POOL_MAX,
      connectionTimeoutMillis: DATABASE_WAIT_MS,
      idleTimeoutMillis: DATABASE_IDLE_MS,
    });
    // An idle connection that Postgres closes (a restart, an administrator's pg_terminate_backend, a dropped
    // database) makes the pool emit 'error'; without a listener Node throws it and the process dies. Prisma's
    // adapter adds its listener only on its first query, and the SQL fast paths may use the pool before that.
    pool.on('error', (error) => poolLog.warn({ err: error }, 'idle database connection lost'));
    holder.vouchieDb = new PrismaClient({
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      transactionOptions: { maxWait: DATABASE_WAIT_MS, timeout: DATABASE_TRANSACTION_TIMEOUT_MS },
      // Errors keep their code and message but no code frame. The 'pretty' and 'colorless' formats capture a
      // stack trace (`new Error()`) on every query to point at its call site, a measurable share of its cost.
      errorFormat: 'minimal',
    });
    holder.vouchiePool = { pool, owner: holder.vouchieDb };
  }
  return holder.vouchieDb;
}

const poolLog = childLogger({ module: 'db-pool' });

/**
 * A connection of `pool` for one piece of work, with an 'error' listener while it is checked out (pg emits a
 * connection's error on the client when no query is running; unheard, it would crash the process). A connection
 * that failed, or that `work` reports as broken, is dropped instead of going back to the pool.
 */
export async function withPgClient<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, markBroken: (error: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
    poolLog.warn({ err: error }, 'database connection lost while in use');
  };
  client.on('error', onError);
  try {
    return await work(client, (error) => (broken = error));
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/**
 * The pg pool under `db()`, or null once it no longer is: `$disconnect` ended it (the client then reconnects with
 * a pool of its own), or a test or bench swapped in another client. Callers then go through Prisma.
 */
export function pgPool(): pg.Pool | null {
  const client = db();
  const current = holder.vouchiePool;
  return current && current.owner === client && !current.pool.ended ? current.pool : null;
}

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
