import { chatFailure, customerChatRoute, json } from '@/app/_lib/chat-route';
import { endChatByCustomer } from '@/server/chat/sessions';

/** POST /api/chat/:id/end: the customer ends the chat; 200 ChatView (ending an ended chat changes nothing). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = customerChatRoute({ limit: 'call' }, async ({ request, chat }) => {
  const ended = await endChatByCustomer(chat.id, chat.customerId);
  return ended.ok ? json(200, ended.value) : chatFailure(request, ended.error);
});
