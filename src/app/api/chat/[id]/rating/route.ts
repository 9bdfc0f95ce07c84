import { chatFailure, customerChatRoute, noContent } from '@/app/_lib/chat-route';
import { chatRatingSchema } from '@/server/chat/schemas';
import { rateChat } from '@/server/chat/sessions';

/** POST /api/chat/:id/rating { score: 1–5, comment? }: 204; 409 CHAT_NOT_ENDED while the chat goes on. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = customerChatRoute({ body: chatRatingSchema, limit: 'call' }, async ({ request, chat, body }) => {
  const rated = await rateChat(chat.id, chat.customerId, body);
  return rated.ok ? noContent() : chatFailure(request, rated.error);
});
