import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, isUuid, json, staffAccess } from '@/app/_lib/chat-route';
import { acceptChat } from '@/server/chat/agents';

/** POST /api/agent/chat/:id/accept → ChatView; 409 CHAT_TAKEN (another agent was first) or CAPACITY_FULL. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const { id } = await context.params;
  if (!isUuid(id)) return chatNotFound(request);
  const done = await acceptChat(id, staff.viewer.user.id);
  return done.ok ? json(200, done.value) : chatFailure(request, done.error);
});
