import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, customerAccess, json, limitChatCall, parseBody } from '@/app/_lib/chat-route';
import { postChatMessage } from '@/server/chat/messages';
import { sendChatMessageSchema } from '@/server/chat/schemas';

/**
 * POST /api/chat/:id/messages { clientMessageId, body, attachmentTokens? }: 201 { message } once committed, 200 with
 * the same message for a repeated clientMessageId, 409 CHAT_ENDED, 422 (e.g. over 5,000 characters), 429.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const access = await customerAccess(request, (await context.params).id);
  if (!access) return chatNotFound(request);
  const limited = await limitChatCall(request, { chatId: access.chat.id, message: true });
  if (limited) return limited;
  const body = await parseBody(request, sendChatMessageSchema);
  if (!body.ok) return body.response;
  const sent = await postChatMessage({
    chatId: access.chat.id,
    side: { kind: 'customer', customerId: access.chat.customerId },
    input: body.value,
  });
  if (!sent.ok) return chatFailure(request, sent.error);
  return json(sent.value.replayed ? 200 : 201, { message: sent.value.message });
});
