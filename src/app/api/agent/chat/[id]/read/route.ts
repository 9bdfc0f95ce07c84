import { guardDatabase } from '@/app/_lib/route-guard';
import { chatFailure, chatNotFound, isUuid, noContent, staffAccess, parseBody } from '@/app/_lib/chat-route';
import { markRead } from '@/server/chat/messages';
import { readSchema } from '@/server/chat/schemas';

/** POST /api/agent/chat/:id/read { seq }: 204; the agent's read receipt. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = guardDatabase(async (request: Request, context: Context): Promise<Response> => {
  const staff = await staffAccess(request);
  if (!staff.ok) return staff.response;
  const { id } = await context.params;
  if (!isUuid(id)) return chatNotFound(request);
  const body = await parseBody(request, readSchema);
  if (!body.ok) return body.response;
  const done = await markRead(id, 'AGENT', body.value.seq);
  return done.ok ? noContent() : chatFailure(request, done.error);
});
