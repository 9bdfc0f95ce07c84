import { chatFailure, noContent, staffChatRoute } from '@/app/_lib/chat-route';
import { markRead } from '@/server/chat/messages';
import { readSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/read { seq }: 204; the agent's read receipt. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = staffChatRoute({ body: readSchema }, async ({ request, chatId, body }) => {
  const done = await markRead(chatId, 'AGENT', body.seq);
  return done.ok ? noContent() : chatFailure(request, done.error);
});
