import { chatFailure, json, staffChatRoute } from '@/app/_lib/chat-route';
import { acceptChat } from '@/server/chat/agents';

/** POST /api/agent/chat/:id/accept → ChatView; 409 CHAT_TAKEN (another agent was first) or CAPACITY_FULL. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = staffChatRoute({}, async ({ request, chatId, staff }) => {
  const done = await acceptChat(chatId, staff.user.id);
  return done.ok ? json(200, done.value) : chatFailure(request, done.error);
});
