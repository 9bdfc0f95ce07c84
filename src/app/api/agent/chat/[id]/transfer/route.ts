import { chatFailure, json, staffChatRoute } from '@/app/_lib/chat-route';
import { transferChat } from '@/server/chat/agents';
import { transferSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/transfer { agentId } → ChatView; 409 AGENT_UNAVAILABLE when they are offline or full. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = staffChatRoute({ body: transferSchema }, async ({ request, chatId, staff, body }) => {
  const done = await transferChat(chatId, staff.user.id, body.agentId);
  return done.ok ? json(200, done.value) : chatFailure(request, done.error);
});
