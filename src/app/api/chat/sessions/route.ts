import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, json, limitChatCall, limitVisitorStart, parseBody } from '@/app/_lib/chat-route';
import { getViewerForRequest } from '@/server/auth/viewer';
import { startChatSchema } from '@/server/chat/schemas';
import { resolveChatIdentity, startChat } from '@/server/chat/sessions';
import { apiLocale } from '@/server/request-context';

/**
 * POST /api/chat/sessions: starts a chat (201 { chat, token, message }) or joins the caller's open one (200).
 * 409 CHAT_UNAVAILABLE { reason } when chat is not offered. docs/chat.md.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = guardDatabase(async (request: Request): Promise<Response> => {
  const limited = await limitChatCall(request, { start: true });
  if (limited) return limited;
  const body = await parseBody(request, startChatSchema);
  if (!body.ok) return body.response;
  const identity = await resolveChatIdentity({
    viewer: await getViewerForRequest(request),
    ssoToken: body.value.ssoToken,
    name: body.value.name,
    email: body.value.email,
    locale: body.value.locale ?? apiLocale(request.headers),
  });
  if (!identity.ok) return chatFailure(request, identity.error);
  if (identity.value.kind === 'visitor') {
    const visitorLimited = await limitVisitorStart(request);
    if (visitorLimited) return visitorLimited;
  }
  const started = await startChat(identity.value, body.value);
  if (!started.ok) return chatFailure(request, started.error);
  const { chat, token, message, created } = started.value;
  return json(created ? 201 : 200, { chat, token, message });
});
