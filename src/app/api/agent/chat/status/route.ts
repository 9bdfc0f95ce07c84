import { guardDatabase } from '@/app/_lib/route-guard';
import { json, parseBody, staffAccess } from '@/app/_lib/chat-route';
import { setAgentChatStatus } from '@/server/chat/agents';
import { agentStatusSchema } from '@/server/chat/schemas';

/** PUT /api/agent/chat/status { status: ONLINE | AWAY | OFFLINE } → { status, capacity }. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const PUT = guardDatabase(async (request: Request): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const body = await parseBody(request, agentStatusSchema);
  if (!body.ok) return body.response;
  return json(200, await setAgentChatStatus(staff.viewer.user.id, body.value.status));
});
