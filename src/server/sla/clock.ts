import { OPEN_STATUSES, type TicketStatus } from '@/server/tickets/status';

/**
 * The SLA clocks stop while a ticket waits on the customer: entering Czeka na klienta records when the pause
 * began; leaving it (an agent's move, the customer's reply, "Oznacz jako rozwiązane") moves both due dates
 * forward by the paused time and clears the mark. Every status change, by anyone, goes through here.
 */
export interface SlaClock {
  status: TicketStatus;
  slaPausedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

export type SlaChanges = Partial<Pick<SlaClock, 'slaPausedAt' | 'firstResponseDueAt' | 'resolutionDueAt'>>;

const PAUSED_IN: TicketStatus = 'WAITING_ON_CUSTOMER';

/** Open tickets whose clocks run (every open status but the paused one). */
export const CLOCK_RUNNING_STATUSES: readonly TicketStatus[] = OPEN_STATUSES.filter((status) => status !== PAUSED_IN);

/** The ticket fields to write along with a move from `clock.status` to `to` (nothing when the clocks are unaffected). */
export function slaChangesForMove(clock: SlaClock, to: TicketStatus, now: Date): SlaChanges {
  if (to === clock.status) return {};
  if (to === PAUSED_IN) return clock.slaPausedAt ? {} : { slaPausedAt: now };
  if (!clock.slaPausedAt) return {};
  const pausedMs = Math.max(0, now.getTime() - clock.slaPausedAt.getTime());
  const shift = (due: Date | null) => (due ? new Date(due.getTime() + pausedMs) : null);
  return { slaPausedAt: null, firstResponseDueAt: shift(clock.firstResponseDueAt), resolutionDueAt: shift(clock.resolutionDueAt) };
}
