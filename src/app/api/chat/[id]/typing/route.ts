import { customerChatRoute, noContent } from '@/app/_lib/chat-route';
import { announceTyping } from '@/server/chat/messages';
import { typingSchema } from '@/server/chat/schemas';

/** POST /api/chat/:id/typing { typing }: 204; the agent's stream shows it (nothing stored). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = customerChatRoute({ body: typingSchema, limit: 'call' }, async ({ chat, body }) => {
  if (chat.status !== 'ENDED') await announceTyping(chat.id, 'CUSTOMER', body.typing);
  return noContent();
});
