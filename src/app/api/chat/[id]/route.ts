import { guardDatabase } from '@/app/_lib/route-guard';
import { chatNotFound, customerAccess, json } from '@/app/_lib/chat-route';
import { chatMessages, chatView, customerLinkToken } from '@/server/chat/store';
import { db } from '@/server/db/client';

/** GET /api/chat/:id: the chat and its whole public transcript, for the chat's token or its customer's session. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const access = await customerAccess(request, (await context.params).id);
  if (!access) return chatNotFound(request);
  const [chat, messages] = await Promise.all([
    chatView(access.chat.id),
    customerLinkToken(db(), access.chat.ticketId).then((ticketLinkToken) =>
      chatMessages(db(), access.chat, { includeInternal: false, ticketLinkToken }),
    ),
  ]);
  return chat ? json(200, { chat, messages }) : chatNotFound(request);
});
