import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { changeStatus } from './change-status';

/**
 * The worker's timed status moves. Safe with several workers: the due tickets are locked with SKIP LOCKED, so
 * each is moved by one worker, and changeStatus writes only while the ticket is still in the status it was read in.
 */

/** Resolved tickets nobody answered for AUTO_CLOSE_RESOLVED_DAYS close, and the reporter is told. */
export async function autoCloseResolvedTickets(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - env().AUTO_CLOSE_RESOLVED_DAYS * 86_400_000);
  return db().$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Ticket" WHERE "status" = 'RESOLVED' AND "lastActivityAt" < ${cutoff.toISOString()}::timestamp(3) FOR NO KEY UPDATE SKIP LOCKED`;
    const tickets = await tx.ticket.findMany({
      where: { id: { in: due.map((row) => row.id) } },
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        slaPausedAt: true,
        firstResponseDueAt: true,
        resolutionDueAt: true,
        reporter: { select: { email: true, name: true, locale: true } },
      },
    });
    let closed = 0;
    for (const ticket of tickets) {
      const moved = await changeStatus(tx, { ticket, to: 'CLOSED', actor: 'system', actorId: null, now, via: 'auto_close' });
      if (moved.ok) closed++;
    }
    return closed;
  });
}
