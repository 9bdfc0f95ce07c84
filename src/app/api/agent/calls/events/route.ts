import { guardDatabase } from '@/app/_lib/route-guard';
import { staffAccess } from '@/app/_lib/chat-route';
import { streamAgentCalls } from '@/server/phone/call-stream';
import { sseResponse } from '@/server/realtime/sse';

/** GET /api/agent/calls/events: incoming-call pop-ups for the signed-in agent (SSE, docs/phone.md). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: Request): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  return sseResponse({ signal: request.signal }, (stream) => streamAgentCalls(stream));
});
