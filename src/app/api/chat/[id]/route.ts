import { chatNotFound, customerChatRoute, json } from '@/app/_lib/chat-route';
import { chatMessages, chatView, customerLinkToken } from '@/server/chat/store';
import { db } from '@/server/db/client';

/** GET /api/chat/:id: the chat and its whole public transcript, for the chat's token or its customer's session. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = customerChatRoute({}, async ({ request, chat: access }) => {
  const [chat, messages] = await Promise.all([
    chatView(access.id),
    customerLinkToken(db(), access.ticketId).then((ticketLinkToken) =>
      chatMessages(db(), access, { includeInternal: false, ticketLinkToken }),
    ),
  ]);
  return chat ? json(200, { chat, messages }) : chatNotFound(request);
});
