import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, isUuid, json, staffAccess, parseBody } from '@/app/_lib/chat-route';
import { transferChat } from '@/server/chat/agents';
import { transferSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/transfer { agentId } → ChatView; 409 AGENT_UNAVAILABLE when they are offline or full. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const { id } = await context.params;
  if (!isUuid(id)) return chatNotFound(request);
  const body = await parseBody(request, transferSchema);
  if (!body.ok) return body.response;
  const done = await transferChat(id, staff.viewer.user.id, body.value.agentId);
  return done.ok ? json(200, done.value) : chatFailure(request, done.error);
});
