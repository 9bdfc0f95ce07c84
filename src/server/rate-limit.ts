import { clientAddress } from '@/server/client-address';
import { db, type Tx } from '@/server/db/client';
import { stamp, type Statement } from '@/server/db/pg-sql';
import { env } from '@/server/env';

/**
 * Fixed-window counters in Postgres, so every web instance shares them (no in-memory state that matters).
 * One upsert per check; expired windows are swept by the worker.
 */
export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export async function hit(key: string, limit: number, windowMinutes = env().RATE_LIMIT_WINDOW_MINUTES): Promise<RateLimitDecision> {
  return hitWith(db(), key, limit, windowMinutes);
}

/**
 * The same check as one statement of the caller's transaction (an inbound mail's, so the mail keeps one commit):
 * the count commits or rolls back with the work it allowed, and the bucket row stays locked until then, so
 * checks of the same key wait for each other (others do not).
 */
export function hitIn(tx: Tx, key: string, limit: number, windowMinutes = env().RATE_LIMIT_WINDOW_MINUTES): Promise<RateLimitDecision> {
  return hitWith(tx, key, limit, windowMinutes);
}

async function hitWith(client: Tx, key: string, limit: number, windowMinutes: number): Promise<RateLimitDecision> {
  const counted = countHit(key, limit, windowMinutes);
  const rows = await client.$queryRawUnsafe<{ count: number }[]>(counted.statement.text, ...counted.statement.values);
  return counted.decide(rows);
}

/**
 * The count of one hit as a statement (an upsert returning the window's count), and the decision from its rows:
 * `hitIn`'s statement, also for the SQL fast paths (an inbound mail's new ticket, tickets/create-fast.ts).
 */
export function countHit(
  key: string,
  limit: number,
  windowMinutes = env().RATE_LIMIT_WINDOW_MINUTES,
): { statement: Statement; decide: (rows: readonly { count?: unknown }[]) => RateLimitDecision } {
  const windowMs = windowMinutes * 60_000;
  const now = Date.now();
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const expiresAt = new Date(windowStart.getTime() + windowMs);
  return {
    statement: {
      text: `
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "expiresAt")
    VALUES ($1, $2::timestamp, 1, $3::timestamp)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count"`,
      values: [key, stamp(windowStart), stamp(expiresAt)],
    },
    decide: (rows) => {
      const count = Number(rows[0]?.count ?? 1);
      return {
        allowed: count <= limit,
        remaining: Math.max(0, limit - count),
        retryAfterSeconds: Math.ceil((expiresAt.getTime() - now) / 1000),
      };
    },
  };
}

/** Checks every key; all are counted, so a blocked client cannot probe which key let it through. */
export async function hitAll(checks: { key: string; limit: number }[]): Promise<RateLimitDecision> {
  const decisions = await Promise.all(checks.map((c) => hit(c.key, c.limit)));
  const blocked = decisions.filter((d) => !d.allowed);
  return blocked.length
    ? { allowed: false, remaining: 0, retryAfterSeconds: Math.max(...blocked.map((d) => d.retryAfterSeconds)) }
    : { allowed: true, remaining: Math.min(...decisions.map((d) => d.remaining)), retryAfterSeconds: 0 };
}

export async function sweepExpiredBuckets(now = new Date()): Promise<number> {
  const { count } = await db().rateLimitBucket.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}

/** The client's address, trusting X-Forwarded-For only as far as configured proxies vouch for it (client-address.ts). */
export function clientIp(headers: Headers): string {
  return clientAddress(headers);
}
