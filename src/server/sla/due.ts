import { Prisma } from '@/generated/prisma/client';
import { DONE_STATUSES, type TicketStatus } from '@/server/tickets/status';

/**
 * Which SLA deadline a ticket runs against now, and how it stands: the queue's SLA column, its "SLA zagrożone /
 * przekroczone" view and its `sla` sort all read it, in SQL (SLA_DUE_SQL) and for a fetched row (slaStateOf).
 */

/** "SLA zagrożone": the next running deadline is at most this far away (or already past). */
export const SLA_AT_RISK_MS = 4 * 60 * 60 * 1000;

/**
 * The next running deadline of ticket `t`: first response while not yet answered, else resolution; 'infinity' for
 * solved, closed and paused tickets. Must match "Ticket_queue_sla_due_idx" (agent_queue_search migration)
 * character for character, or the index is not used.
 */
export const SLA_DUE_SQL = Prisma.sql`(CASE WHEN t.status IN ('RESOLVED', 'CLOSED') OR t."slaPausedAt" IS NOT NULL THEN 'infinity'::timestamp(3)
       ELSE coalesce(least(CASE WHEN t."firstRespondedAt" IS NULL THEN t."firstResponseDueAt" END, t."resolutionDueAt"), 'infinity'::timestamp(3))
  END)`;

/** The next deadline that still runs, and whether it (or an earlier one) has been missed. */
export interface SlaState {
  dueAt: Date | null;
  kind: 'firstResponse' | 'resolution' | null;
  state: 'none' | 'paused' | 'ok' | 'atRisk' | 'breached';
}

export interface SlaRow {
  status: TicketStatus;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  firstResponseBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
  slaPausedAt: Date | null;
}

export function slaStateOf(row: SlaRow, now: Date): SlaState {
  if ((DONE_STATUSES as readonly TicketStatus[]).includes(row.status)) return { dueAt: null, kind: null, state: 'none' };
  const firstResponsePending = row.firstRespondedAt === null && row.firstResponseDueAt !== null;
  const [dueAt, kind] =
    firstResponsePending && (!row.resolutionDueAt || row.firstResponseDueAt! <= row.resolutionDueAt)
      ? [row.firstResponseDueAt, 'firstResponse' as const]
      : [row.resolutionDueAt, row.resolutionDueAt ? ('resolution' as const) : null];
  const breached = row.firstResponseBreachedAt !== null || row.resolutionBreachedAt !== null || (dueAt !== null && dueAt <= now);
  if (row.slaPausedAt) return { dueAt, kind, state: breached ? 'breached' : 'paused' };
  if (breached) return { dueAt, kind, state: 'breached' };
  if (!dueAt) return { dueAt, kind, state: 'none' };
  return { dueAt, kind, state: dueAt.getTime() - now.getTime() <= SLA_AT_RISK_MS ? 'atRisk' : 'ok' };
}
