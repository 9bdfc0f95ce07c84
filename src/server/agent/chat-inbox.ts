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
 * Who can take over a chat: the other active staff, fullest last. (Until chat status exists in the schema every
 * colleague is listed with the default capacity; chat-core's `chatStatus` narrows it to online agents with room.)
 */
export async function chatTransferTargets(principal: Principal, _chatId: string): Promise<Result<TransferTarget[], { kind: 'not_found' }>> {
  if (!isStaff(principal) || principal.kind !== 'user') return err({ kind: 'not_found' });
  const staff = await db().user.findMany({
    where: { role: { in: ['AGENT', 'ADMIN'] }, active: true, id: { not: principal.userId } },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    select: { id: true, name: true, email: true },
  });
  return ok(staff.map((user) => ({ id: user.id, name: user.name ?? user.email, active: 0, capacity: 3 })));
}
