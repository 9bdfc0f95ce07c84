import { chatFailure, json, staffChatRoute } from '@/app/_lib/chat-route';
import { endChatByAgent } from '@/server/chat/agents';
import { agentEndSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/end { status? } → ChatView; the ticket is left in `status` (default RESOLVED). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = staffChatRoute({ body: agentEndSchema }, async ({ request, chatId, staff, body }) => {
  const done = await endChatByAgent(chatId, staff.user.id, body.status);
  return done.ok ? json(200, done.value) : chatFailure(request, done.error);
});
