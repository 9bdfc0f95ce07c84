import { db } from '@/server/db/client';
import { isStaff, type Principal } from '@/server/auth/policy';
import { err, ok, type Result } from '@/server/result';

/** An agent a chat can be handed to, with how full they are. */
export interface TransferTarget {
  id: string;
  name: string;
  active: number;
  capacity: number;
}

/**
 * Who can take over a chat (the inbox's "Przekaż" list): the other staff who are online on chat and have room,
 * least busy first. The transfer itself (POST /api/agent/chat/:id/transfer) checks again.
 */
export async function chatTransferTargets(principal: Principal): Promise<Result<TransferTarget[], { kind: 'not_found' }>> {
  if (principal.kind !== 'user' || !isStaff(principal)) return err({ kind: 'not_found' });
  const agents = await db().user.findMany({
    where: { role: { in: ['AGENT', 'ADMIN'] }, active: true, chatStatus: 'ONLINE', id: { not: principal.userId } },
    select: {
      id: true,
      name: true,
      email: true,
      chatCapacity: true,
      _count: { select: { chatsAsAgent: { where: { status: 'ACTIVE' } } } },
    },
  });
  return ok(
    agents
      .map((agent) => ({ id: agent.id, name: agent.name ?? agent.email, active: agent._count.chatsAsAgent, capacity: agent.chatCapacity }))
      .filter((agent) => agent.active < agent.capacity)
      .sort((a, b) => a.active / a.capacity - b.active / b.capacity || a.name.localeCompare(b.name, 'pl')),
  );
}
