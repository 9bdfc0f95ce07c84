import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, json, limitChatCall, parseBody } from '@/app/_lib/chat-route';
import { getViewerForRequest } from '@/server/auth/viewer';
import { offlineMessageSchema } from '@/server/chat/schemas';
import { leaveOfflineMessage, resolveChatIdentity } from '@/server/chat/sessions';
import { apiLocale } from '@/server/request-context';

/** POST /api/chat/offline: a message left while chat is not offered becomes a ticket at once (201 { ticketNumber }). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = guardDatabase(async (request: Request): Promise<Response> => {
  const limited = await limitChatCall(request, { start: true });
  if (limited) return limited;
  const body = await parseBody(request, offlineMessageSchema);
  if (!body.ok) return body.response;
  const identity = await resolveChatIdentity({
    viewer: await getViewerForRequest(request),
    ssoToken: body.value.ssoToken,
    name: body.value.name,
    email: body.value.email,
    locale: body.value.locale ?? apiLocale(request.headers),
  });
  if (!identity.ok) return chatFailure(request, identity.error);
  const left = await leaveOfflineMessage(identity.value, body.value);
  return left.ok ? json(201, left.value) : chatFailure(request, left.error);
});
