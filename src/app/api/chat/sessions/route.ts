import { chatFailure, json, readChatStart } from '@/app/_lib/chat-route';
import { guardDatabase } from '@/app/_lib/route-guard';
import { startChatSchema } from '@/server/chat/schemas';
import { startChat } from '@/server/chat/sessions';

/**
 * POST /api/chat/sessions: starts a chat (201 { chat, token, message }) or joins the caller's open one (200).
 * 409 CHAT_UNAVAILABLE { reason } when chat is not offered. docs/chat.md.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = guardDatabase(async (request: Request): Promise<Response> => {
  const start = await readChatStart(request, startChatSchema);
  if (!start.ok) return start.response;
  const started = await startChat(start.identity, start.body);
  if (!started.ok) return chatFailure(request, started.error);
  const { chat, token, message, created } = started.value;
  return json(created ? 201 : 200, { chat, token, message });
});
