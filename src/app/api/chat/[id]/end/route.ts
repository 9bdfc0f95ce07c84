import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, customerAccess, json, limitChatCall } from '@/app/_lib/chat-route';
import { endChatByCustomer } from '@/server/chat/sessions';

/** POST /api/chat/:id/end: the customer ends the chat; 200 ChatView (ending an ended chat changes nothing). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const access = await customerAccess(request, (await context.params).id);
  if (!access) return chatNotFound(request);
  const limited = await limitChatCall(request, { chatId: access.chat.id });
  if (limited) return limited;
  const ended = await endChatByCustomer(access.chat.id, access.chat.customerId);
  return ended.ok ? json(200, ended.value) : chatFailure(request, ended.error);
});
