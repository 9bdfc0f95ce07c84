import { chatFailure, customerChatRoute, json } from '@/app/_lib/chat-route';
import { emailTranscript } from '@/server/chat/sessions';

/** POST /api/chat/:id/transcript: 202; the transcript goes to the customer's address through the outbox. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = customerChatRoute({ limit: 'message' }, async ({ request, chat }) => {
  const sent = await emailTranscript(chat.id, chat.customerId);
  return sent.ok ? json(202, { queued: true }) : chatFailure(request, sent.error);
});
