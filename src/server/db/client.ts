import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from '@/server/env';

/** The one Prisma client of the process (kept on globalThis so dev hot reloads do not open new pools). */
const holder = globalThis as unknown as { vouchieDb?: PrismaClient };

export function db(): PrismaClient {
  if (!holder.vouchieDb) {
    const { DATABASE_URL, DATABASE_POOL_MAX, DATABASE_WAIT_MS, DATABASE_TRANSACTION_TIMEOUT_MS } = env();
    holder.vouchieDb = new PrismaClient({
      // A request waits at most DATABASE_WAIT_MS for a connection, then fails as "unavailable" (503, see
      // unavailable.ts); pg's default would wait for ever, Prisma's transactions gave up after 2 s.
      adapter: new PrismaPg({ connectionString: DATABASE_URL, max: DATABASE_POOL_MAX, connectionTimeoutMillis: DATABASE_WAIT_MS }),
      transactionOptions: { maxWait: DATABASE_WAIT_MS, timeout: DATABASE_TRANSACTION_TIMEOUT_MS },
      // Errors keep their code and message but no code frame. The 'pretty' and 'colorless' formats capture a
      // stack trace (`new Error()`) on every query to point at its call site, a measurable share of its cost.
      errorFormat: 'minimal',
    });
  }
  return holder.vouchieDb;
}

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
