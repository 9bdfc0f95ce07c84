import { chatFailure, customerChatRoute, json } from '@/app/_lib/chat-route';
import { postChatMessage } from '@/server/chat/messages';
import { sendChatMessageSchema } from '@/server/chat/schemas';

/**
 * POST /api/chat/:id/messages { clientMessageId, body, attachmentTokens? }: 201 { message } once committed, 200 with
 * the same message for a repeated clientMessageId, 409 CHAT_ENDED, 422 (e.g. over 5,000 characters), 429.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = customerChatRoute({ body: sendChatMessageSchema, limit: 'message' }, async ({ request, chat, body }) => {
  const sent = await postChatMessage({ chatId: chat.id, side: { kind: 'customer', customerId: chat.customerId }, input: body });
  if (!sent.ok) return chatFailure(request, sent.error);
  return json(sent.value.replayed ? 200 : 201, { message: sent.value.message });
});
