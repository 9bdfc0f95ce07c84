import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { db } from '@/server/db/client';
import { isDraining } from '@/server/http/lifecycle';

/**
 * Readiness, for a load balancer deciding whether to send this instance traffic (`GET /api/health/ready`):
 * not while it is stopping, not while the database is unreachable, and not before every migration this build
 * ships is applied (a new release started before `npm run db:migrate` finished would query columns that do not
 * exist yet). Migrations the database has beyond ours are fine: during a rolling deploy the previous release
 * keeps serving next to a newer schema, which is why migrations only ever add before they remove.
 */

export type Readiness =
  | { ready: true }
  | { ready: false; reason: 'shutting_down' | 'database_unavailable' }
  | { ready: false; reason: 'migrations_pending'; pending: string[] };

const MIGRATIONS_DIR = path.resolve(process.cwd(), 'prisma', 'migrations');

let shipped: Promise<string[]> | undefined;
/** Once all were applied they stay applied: later checks only ask whether the database answers. */
let migrationsConfirmed = false;

function shippedMigrations(): Promise<string[]> {
  shipped ??= readdir(MIGRATIONS_DIR, { withFileTypes: true }).then((entries) =>
    entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name),
  );
  return shipped;
}

export async function readiness(): Promise<Readiness> {
  if (isDraining()) return { ready: false, reason: 'shutting_down' };
  try {
    if (migrationsConfirmed) {
      await db().$queryRaw`SELECT 1`;
      return { ready: true };
    }
    const applied = await db().$queryRaw<{ name: string }[]>`
      SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const done = new Set(applied.map((row) => row.name));
    const pending = (await shippedMigrations()).filter((name) => !done.has(name));
    if (pending.length > 0) return { ready: false, reason: 'migrations_pending', pending };
    migrationsConfirmed = true;
    return { ready: true };
  } catch {
    // No _prisma_migrations table at all (an empty database) lands here too: not ready either way.
    return { ready: false, reason: 'database_unavailable' };
  }
}
