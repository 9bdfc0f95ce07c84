import { isStaff, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { err, ok, type Result } from '@/server/result';

/**
 * A hard bounce (recorded on the user by inbound bounce handling) stops all mail to that address: enqueueEmail
 * writes it as SUPPRESSED and the worker skips it. Once the customer confirms their mailbox works again (a phone
 * call, a new address on file), any agent can clear the mark from the ticket's reporter card.
 */

const audit = childLogger({ module: 'mail-bounces' });

export type ClearBounceError = { kind: 'not_found' };

/** Staff only; anyone else gets `not_found`, like every other agent action. Clearing an unmarked address is a no-op. */
export async function clearEmailBounce(principal: Principal, userId: string): Promise<Result<{ cleared: boolean }, ClearBounceError>> {
  if (!isStaff(principal) || principal.kind !== 'user') return err({ kind: 'not_found' });
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, emailBouncedAt: true, emailBounceReason: true } });
  if (!user) return err({ kind: 'not_found' });
  if (!user.emailBouncedAt) return ok({ cleared: false });
  const { count } = await db().user.updateMany({
    where: { id: userId, emailBouncedAt: { not: null } },
    data: { emailBouncedAt: null, emailBounceReason: null },
  });
  audit.info(
    { userId, clearedBy: principal.userId, bouncedAt: user.emailBouncedAt, reason: user.emailBounceReason },
    'hard-bounce mark cleared',
  );
  return ok({ cleared: count > 0 });
}
