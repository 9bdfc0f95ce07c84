import { clientAddress } from '@/server/client-address';
import { db } from '@/server/db/client';
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
  const windowMs = windowMinutes * 60_000;
  const now = Date.now();
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const expiresAt = new Date(windowStart.getTime() + windowMs);
  const rows = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "expiresAt")
    VALUES (${key}, ${windowStart}, 1, ${expiresAt})
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count"`;
  const count = rows[0]?.count ?? 1;
  return {
    allowed: count <= limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.ceil((expiresAt.getTime() - now) / 1000),
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
