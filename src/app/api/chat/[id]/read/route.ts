import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, customerAccess, limitChatCall, noContent, parseBody } from '@/app/_lib/chat-route';
import { markRead } from '@/server/chat/messages';
import { readSchema } from '@/server/chat/schemas';

/** POST /api/chat/:id/read { seq }: 204; the customer's read receipt (only moves forward). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const access = await customerAccess(request, (await context.params).id);
  if (!access) return chatNotFound(request);
  const limited = await limitChatCall(request, { chatId: access.chat.id });
  if (limited) return limited;
  const body = await parseBody(request, readSchema);
  if (!body.ok) return body.response;
  const read = await markRead(access.chat.id, 'CUSTOMER', body.value.seq);
  return read.ok ? noContent() : chatFailure(request, read.error);
});
