import { guardDatabase } from '@/app/_lib/route-guard';
import { chatNotFound, customerAccess, limitChatCall, noContent, parseBody } from '@/app/_lib/chat-route';
import { announceTyping } from '@/server/chat/messages';
import { typingSchema } from '@/server/chat/schemas';

/** POST /api/chat/:id/typing { typing }: 204; the agent's stream shows it (nothing stored). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const access = await customerAccess(request, (await context.params).id);
  if (!access) return chatNotFound(request);
  const limited = await limitChatCall(request, { chatId: access.chat.id });
  if (limited) return limited;
  const body = await parseBody(request, typingSchema);
  if (!body.ok) return body.response;
  if (access.chat.status !== 'ENDED') await announceTyping(access.chat.id, 'CUSTOMER', body.value.typing);
  return noContent();
});
