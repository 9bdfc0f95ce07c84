import { noContent, staffChatRoute } from '@/app/_lib/chat-route';
import { announceTyping } from '@/server/chat/messages';
import { typingSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/typing { typing }: 204; the customer's stream shows it. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = staffChatRoute({ body: typingSchema, limit: 'call' }, async ({ chatId, body }) => {
  await announceTyping(chatId, 'AGENT', body.typing);
  return noContent();
});
