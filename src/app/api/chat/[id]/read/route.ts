import { chatFailure, customerChatRoute, noContent } from '@/app/_lib/chat-route';
import { markRead } from '@/server/chat/messages';
import { readSchema } from '@/server/chat/schemas';

/** POST /api/chat/:id/read { seq }: 204; the customer's read receipt (only moves forward). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = customerChatRoute({ body: readSchema, limit: 'call' }, async ({ request, chat, body }) => {
  const read = await markRead(chat.id, 'CUSTOMER', body.seq);
  return read.ok ? noContent() : chatFailure(request, read.error);
});
