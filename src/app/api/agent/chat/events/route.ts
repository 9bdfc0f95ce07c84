import { guardDatabase } from '@/app/_lib/route-guard';
import { isUuid, staffAccess } from '@/app/_lib/chat-route';
import { streamAgentInbox } from '@/server/chat/streams';
import { parseSeq } from '@/server/chat/views';
import { sseResponse } from '@/server/realtime/sse';

/**
 * GET /api/agent/chat/events?after=<seq>&watch=<chatId,…>: the agent's event stream (SSE): `inbox`, `offer`, and
 * `message` / `chat` / `typing` / `read` of the chats they hold (and of `watch`ed ones). Keeps the agent "online".
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: Request): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const params = new URL(request.url).searchParams;
  const afterRaw = params.get('after') ?? request.headers.get('last-event-id');
  const watch = (params.get('watch') ?? '').split(',').filter(isUuid).slice(0, 20);
  return sseResponse({ signal: request.signal }, (stream) =>
    streamAgentInbox(stream, staff.viewer.user.id, afterRaw ? parseSeq(afterRaw) : null, watch),
  );
});
