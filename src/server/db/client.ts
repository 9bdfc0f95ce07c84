import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from '@/server/env';

/** The one Prisma client of the process (kept on globalThis so dev hot reloads do not open new pools). */
const holder = globalThis as unknown as { vouchieDb?: PrismaClient };

export function db(): PrismaClient {
  if (!holder.vouchieDb) {
    const { DATABASE_URL, DATABASE_POOL_MAX } = env();
    holder.vouchieDb = new PrismaClient({
      adapter: new PrismaPg({ connectionString: DATABASE_URL, max: DATABASE_POOL_MAX }),
      // Errors keep their code and message but no code frame. The 'pretty' and 'colorless' formats capture a
      // stack trace (`new Error()`) on every query to point at its call site, a measurable share of its cost.
      errorFormat: 'minimal',
    });
  }
  return holder.vouchieDb;
}

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
