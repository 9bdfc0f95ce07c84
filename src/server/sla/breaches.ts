import { db } from '@/server/db/client';
import { TICKET_EVENTS } from '@/server/tickets/events';
import { CLOCK_RUNNING_STATUSES } from './clock';

/**
 * The worker's SLA job: one set-based statement per target (safe with several workers: a row changes once, because
 * the WHERE clause no longer matches it after the first worker's UPDATE) plus its events.
 */

/** Records each SLA target missed, once: an event for the activity log and a timestamp for the queue. */
export async function recordSlaBreaches(now = new Date()): Promise<{ firstResponse: number; resolution: number }> {
  return db().$transaction(async (tx) => {
    const firstResponse = await tx.ticket.updateManyAndReturn({
      where: {
        status: { in: [...CLOCK_RUNNING_STATUSES] },
        firstRespondedAt: null,
        firstResponseBreachedAt: null,
        slaPausedAt: null,
        firstResponseDueAt: { lt: now },
      },
      data: { firstResponseBreachedAt: now },
      select: { id: true, firstResponseDueAt: true },
    });
    const resolution = await tx.ticket.updateManyAndReturn({
      where: { status: { in: [...CLOCK_RUNNING_STATUSES] }, resolutionBreachedAt: null, slaPausedAt: null, resolutionDueAt: { lt: now } },
      data: { resolutionBreachedAt: now },
      select: { id: true, resolutionDueAt: true },
    });
    await tx.ticketEvent.createMany({
      data: [
        ...firstResponse.map((t) => ({
          ticketId: t.id,
          type: TICKET_EVENTS.firstResponseBreached,
          data: { dueAt: t.firstResponseDueAt?.toISOString() ?? null },
          createdAt: now,
        })),
        ...resolution.map((t) => ({
          ticketId: t.id,
          type: TICKET_EVENTS.resolutionBreached,
          data: { dueAt: t.resolutionDueAt?.toISOString() ?? null },
          createdAt: now,
        })),
      ],
    });
    return { firstResponse: firstResponse.length, resolution: resolution.length };
  });
}
