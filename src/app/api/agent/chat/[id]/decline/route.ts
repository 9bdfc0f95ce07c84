import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, isUuid, noContent, staffAccess } from '@/app/_lib/chat-route';
import { declineChat } from '@/server/chat/agents';

/** POST /api/agent/chat/:id/decline: 204; the offer goes to the next agent with room. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const { id } = await context.params;
  if (!isUuid(id)) return chatNotFound(request);
  const done = await declineChat(id, staff.viewer.user.id);
  return done.ok ? noContent() : chatFailure(request, done.error);
});
