import { chatNotFound, json, staffChatRoute } from '@/app/_lib/chat-route';
import { agentChatDetail } from '@/server/chat/agents';

/** GET /api/agent/chat/:id → { chat, messages (with internal notes), context }. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = staffChatRoute({}, async ({ request, chatId }) => {
  const detail = await agentChatDetail(chatId);
  return detail ? json(200, detail) : chatNotFound(request);
});
