import { guardDatabase } from '@/app/_lib/route-guard';
import { chatNotFound, customerAccess } from '@/app/_lib/chat-route';
import { streamCustomerChat } from '@/server/chat/streams';
import { parseSeq } from '@/server/chat/views';
import { sseResponse } from '@/server/realtime/sse';

/**
 * GET /api/chat/:id/events?after=<seq>&token=…: the chat's event stream (SSE). Replays every message after
 * `after` (or Last-Event-ID) from Postgres, then the chat's state, then live events; a heartbeat every 15 s.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const access = await customerAccess(request, (await context.params).id, { allowQueryToken: true });
  if (!access) return chatNotFound(request);
  const after = parseSeq(new URL(request.url).searchParams.get('after') ?? request.headers.get('last-event-id'));
  return sseResponse({ signal: request.signal }, (stream) => streamCustomerChat(stream, access.chat, after));
});
