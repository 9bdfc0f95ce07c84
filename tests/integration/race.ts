import pg from 'pg';
import { expect, vi } from 'vitest';

/**
 * Forcing a race instead of hoping for one: a separate session takes the lock the contenders need (a row lock,
 * or an uncommitted row holding a unique key), the contenders are started, and only once every one of them is
 * seen waiting on a lock is the lock let go. So each contender has read whatever it reads before that lock
 * while none of the others had committed: the interleaving the code must survive, on every run.
 */
export interface HeldLock {
  release(): Promise<void>;
}

/** Opens a transaction on its own connection, runs `statements` in it and keeps it open until `release()` (rolled back). */
export async function holdLock(statements: { sql: string; params?: unknown[] }[]): Promise<HeldLock> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const { sql, params } of statements) await client.query(sql, params);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** Resolves once `count` sessions of this database wait for a lock: the moment the race is really on. */
export async function sessionsWaitingForLocks(count: number): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await vi.waitFor(
      async () => {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        expect(rows[0]?.n).toBeGreaterThanOrEqual(count);
      },
      { timeout: 10_000, interval: 20 },
    );
  } finally {
    await client.end();
  }
}

/**
 * Starts `contenders` while `lock` is held, waits until all of them queue up behind it, releases it, and returns
 * their outcomes in order (typed per contender, like Promise.all).
 */
export async function race<T extends unknown[] | []>(lock: HeldLock, contenders: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  const starts = contenders as unknown as (() => Promise<unknown>)[];
  const running = starts.map((start) => start());
  // Settled now, awaited below: a contender failing early must not leave the lock held.
  const settled = Promise.allSettled(running);
  try {
    await sessionsWaitingForLocks(running.length);
  } finally {
    await lock.release();
  }
  const outcomes = await settled;
  return outcomes.map((outcome) => {
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  }) as T;
}
