import { chatFailure, json, staffChatRoute } from '@/app/_lib/chat-route';
import { postChatMessage } from '@/server/chat/messages';
import { agentChatMessageSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/messages { clientMessageId, body, attachmentTokens?, internal? }: 201 / 200 (resend). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = staffChatRoute({ body: agentChatMessageSchema, limit: 'message' }, async ({ request, chatId, staff, body }) => {
  const sent = await postChatMessage({ chatId, side: { kind: 'agent', agentId: staff.user.id }, input: body });
  if (!sent.ok) return chatFailure(request, sent.error);
  return json(sent.value.replayed ? 200 : 201, { message: sent.value.message });
});
