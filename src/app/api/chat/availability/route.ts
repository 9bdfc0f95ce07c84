import { guardDatabase } from '@/app/_lib/route-guard';
import { json, limitChatCall } from '@/app/_lib/chat-route';
import { getViewerForRequest } from '@/server/auth/viewer';
import { availabilityFor } from '@/server/chat/sessions';
import { chatTokenFrom, verifyChatToken } from '@/server/chat/token';

/**
 * GET /api/chat/availability[?ssoToken=]: whether chat is offered to the caller now and why not, the queue, an
 * honest wait estimate, and the caller's open chat (with a fresh token) to rejoin. docs/chat.md.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: Request): Promise<Response> => {
  const limited = await limitChatCall(request, {});
  if (limited) return limited;
  const grant = await verifyChatToken(chatTokenFrom(request));
  const availability = await availabilityFor({
    viewer: await getViewerForRequest(request),
    tokenGrant: grant,
    ssoToken: new URL(request.url).searchParams.get('ssoToken'),
  });
  return json(200, availability);
});
