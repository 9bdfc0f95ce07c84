import { chatFailure, json, readChatStart } from '@/app/_lib/chat-route';
import { guardDatabase } from '@/app/_lib/route-guard';
import { offlineMessageSchema } from '@/server/chat/schemas';
import { leaveOfflineMessage } from '@/server/chat/sessions';

/**
 * POST /api/chat/offline: a message left while chat is not offered becomes a ticket at once (201 { ticketNumber }).
 * Limited like a start (a visitor's like a visitor's start).
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = guardDatabase(async (request: Request): Promise<Response> => {
  const start = await readChatStart(request, offlineMessageSchema);
  if (!start.ok) return start.response;
  const left = await leaveOfflineMessage(start.identity, start.body);
  return left.ok ? json(201, left.value) : chatFailure(request, left.error);
});
