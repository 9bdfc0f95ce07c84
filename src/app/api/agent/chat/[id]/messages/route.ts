import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, isUuid, json, limitChatCall, parseBody, staffAccess } from '@/app/_lib/chat-route';
import { postChatMessage } from '@/server/chat/messages';
import { agentChatMessageSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/messages { clientMessageId, body, attachmentTokens?, internal? }: 201 / 200 (resend). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const { id } = await context.params;
  if (!isUuid(id)) return chatNotFound(request);
  const limited = await limitChatCall(request, { chatId: id, message: true });
  if (limited) return limited;
  const body = await parseBody(request, agentChatMessageSchema);
  if (!body.ok) return body.response;
  const sent = await postChatMessage({ chatId: id, side: { kind: 'agent', agentId: staff.viewer.user.id }, input: body.value });
  if (!sent.ok) return chatFailure(request, sent.error);
  return json(sent.value.replayed ? 200 : 201, { message: sent.value.message });
});
