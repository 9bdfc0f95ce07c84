import { guardDatabase } from '@/app/_lib/route-guard';
import { json, staffAccess } from '@/app/_lib/chat-route';
import { agentInbox } from '@/server/chat/agents';

/** GET /api/agent/chat/inbox → { me, waiting, mine, offeredToMe }. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: Request): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  return json(200, await agentInbox(staff.viewer.user.id));
});
