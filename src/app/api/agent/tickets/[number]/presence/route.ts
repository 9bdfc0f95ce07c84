import { apiError, guardDatabase } from '@/app/_lib/route-guard';
import type { NextRequest } from 'next/server';
import { heartbeat, leave } from '@/server/agent/presence';
import { presenceHeartbeatSchema } from '@/server/agent/presence-input';
import { principalFrom } from '@/server/auth/principal';
import { getViewerForRequest } from '@/server/auth/viewer';
import { env } from '@/server/env';
import { parseTicketNumber } from '@/server/tickets/numbering';

/**
 * The ticket view's presence beat, for the agent's own browser only: POST { composing } records it and answers
 * { viewers } (the others on the ticket); DELETE (fetch keepalive on pagehide) says goodbye. 404 for anyone who
 * may not see the ticket, 403 for a cross-site caller.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ number: string }> };

const noStore = { 'Cache-Control': 'no-store' };

/**
 * Called only by our own pages: browsers mark same-origin fetches with Sec-Fetch-Site, and older ones still send
 * an Origin on POST / DELETE that must be ours. A request with neither did not come from our page.
 */
function isSameOrigin(request: NextRequest): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  try {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    return new URL(origin).host === host || origin === new URL(env().APP_URL).origin;
  } catch {
    return false;
  }
}

async function principalAndNumber(request: NextRequest, context: Context) {
  const raw = (await context.params).number;
  // A malformed %-escape is an unknown ticket (404), not a crash.
  let decoded: string | null;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = null;
  }
  const number = decoded === null ? null : parseTicketNumber(decoded);
  const principal = principalFrom({ viewer: await getViewerForRequest(request) });
  return { number, principal };
}

const notFound = () => apiError(404, { error: 'not_found' }, noStore);
const crossOrigin = () => apiError(403, { error: 'cross_origin' }, noStore);

export const POST = guardDatabase(async (request: NextRequest, context: Context): Promise<Response> => {
  if (!isSameOrigin(request)) return crossOrigin();
  const { number, principal } = await principalAndNumber(request, context);
  if (number === null) return notFound();
  const input = presenceHeartbeatSchema.safeParse(await request.json().catch(() => ({})));
  if (!input.success) return apiError(400, { error: 'invalid' }, noStore);
  const viewers = await heartbeat(principal, number, input.data);
  return viewers === null ? notFound() : Response.json({ viewers }, { headers: noStore });
});

export const DELETE = guardDatabase(async (request: NextRequest, context: Context): Promise<Response> => {
  if (!isSameOrigin(request)) return crossOrigin();
  const { number, principal } = await principalAndNumber(request, context);
  if (number === null || !(await leave(principal, number))) return notFound();
  return new Response(null, { status: 204, headers: noStore });
});
