import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, customerAccess, json, limitChatCall } from '@/app/_lib/chat-route';
import { emailTranscript } from '@/server/chat/sessions';

/** POST /api/chat/:id/transcript: 202; the transcript goes to the customer's address through the outbox. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const access = await customerAccess(request, (await context.params).id);
  if (!access) return chatNotFound(request);
  const limited = await limitChatCall(request, { chatId: access.chat.id, message: true });
  if (limited) return limited;
  const sent = await emailTranscript(access.chat.id, access.chat.customerId);
  return sent.ok ? json(202, { queued: true }) : chatFailure(request, sent.error);
});
