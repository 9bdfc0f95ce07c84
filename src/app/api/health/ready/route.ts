import { RETRY_AFTER_SECONDS } from '@/server/db/unavailable';
import { readiness } from '@/server/health/readiness';

/** Readiness for load balancers: 200 when this instance should get traffic, else 503 and why (no details). */
export const dynamic = 'force-dynamic';

export async function GET() {
  const state = await readiness();
  const headers = { 'Cache-Control': 'no-store' };
  if (state.ready) return Response.json({ status: 'ready' }, { headers });
  return Response.json(
    { status: 'not_ready', reason: state.reason },
    { status: 503, headers: { ...headers, 'Retry-After': String(RETRY_AFTER_SECONDS) } },
  );
}
