import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, isUuid, json, staffAccess, parseBody } from '@/app/_lib/chat-route';
import { endChatByAgent } from '@/server/chat/agents';
import { agentEndSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/end { status? } → ChatView; the ticket is left in `status` (default RESOLVED). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const { id } = await context.params;
  if (!isUuid(id)) return chatNotFound(request);
  const body = await parseBody(request, agentEndSchema);
  if (!body.ok) return body.response;
  const done = await endChatByAgent(id, staff.viewer.user.id, body.value.status);
  return done.ok ? json(200, done.value) : chatFailure(request, done.error);
});
