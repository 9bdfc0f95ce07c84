import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, customerAccess, limitChatCall, noContent, parseBody } from '@/app/_lib/chat-route';
import { chatRatingSchema } from '@/server/chat/schemas';
import { rateChat } from '@/server/chat/sessions';

/** POST /api/chat/:id/rating { score: 1–5, comment? }: 204; 409 CHAT_NOT_ENDED while the chat goes on. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const access = await customerAccess(request, (await context.params).id);
  if (!access) return chatNotFound(request);
  const limited = await limitChatCall(request, { chatId: access.chat.id });
  if (limited) return limited;
  const body = await parseBody(request, chatRatingSchema);
  if (!body.ok) return body.response;
  const rated = await rateChat(access.chat.id, access.chat.customerId, body.value);
  return rated.ok ? noContent() : chatFailure(request, rated.error);
});
