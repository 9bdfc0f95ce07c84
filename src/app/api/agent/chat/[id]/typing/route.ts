import { guardDatabase } from '@/app/_lib/route-guard';
import { chatNotFound, isUuid, limitChatCall, noContent, parseBody, staffAccess } from '@/app/_lib/chat-route';
import { announceTyping } from '@/server/chat/messages';
import { typingSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/typing { typing }: 204; the customer's stream shows it. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const { id } = await context.params;
  if (!isUuid(id)) return chatNotFound(request);
  const limited = await limitChatCall(request, { chatId: id });
  if (limited) return limited;
  const body = await parseBody(request, typingSchema);
  if (!body.ok) return body.response;
  await announceTyping(id, 'AGENT', body.value.typing);
  return noContent();
});
