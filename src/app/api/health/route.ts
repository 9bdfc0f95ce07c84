import { db } from '@/server/db/client';
import { RETRY_AFTER_SECONDS } from '@/server/db/unavailable';

/** Liveness and readiness in one: the app answers and its database does too. Load balancers and the e2e harness poll it. */
export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'no-store' };

export async function GET() {
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ status: 'ok' }, { headers: noStore });
  } catch (error) {
    console.error('health check: database unavailable:', error instanceof Error ? error.message : error);
    return Response.json({ status: 'unavailable' }, { status: 503, headers: { ...noStore, 'Retry-After': String(RETRY_AFTER_SECONDS) } });
  }
}
