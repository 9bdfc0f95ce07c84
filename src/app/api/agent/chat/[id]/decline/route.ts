import { chatFailure, noContent, staffChatRoute } from '@/app/_lib/chat-route';
import { declineChat } from '@/server/chat/agents';

/** POST /api/agent/chat/:id/decline: 204; the offer goes to the next agent with room. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = staffChatRoute({}, async ({ request, chatId, staff }) => {
  const done = await declineChat(chatId, staff.user.id);
  return done.ok ? noContent() : chatFailure(request, done.error);
});
