import { guardDatabase } from '@/app/_lib/route-guard';
import { chatNotFound, isUuid, json, staffAccess } from '@/app/_lib/chat-route';
import { agentChatDetail } from '@/server/chat/agents';

/** GET /api/agent/chat/:id → { chat, messages (with internal notes), context }. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const { id } = await context.params;
  if (!isUuid(id)) return chatNotFound(request);
  const detail = await agentChatDetail(id);
  return detail ? json(200, detail) : chatNotFound(request);
});
