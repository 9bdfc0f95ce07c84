import { addBusinessMs, businessMsBetween, type BusinessCalendar } from '@/server/calendar';
import { OPEN_STATUSES, type TicketStatus } from '@/server/tickets/status';

/**
 * The SLA clocks run in the plan's support hours and stop while a ticket waits on the customer: entering Czeka na
 * klienta records when the pause began; leaving it (an agent's move, the customer's reply, "Oznacz jako
 * rozwiązane") gives each due date back the business time it had left when the pause began, counted from now, and
 * clears the mark. A deadline already missed when the pause began stays where it was. Every status change, by
 * anyone, goes through here.
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

/** Whether a move from `clock` to `to` ends a pause, and so needs the plan's calendar (slaChangesForMove). */
export function endsSlaPause(clock: Pick<SlaClock, 'status' | 'slaPausedAt'>, to: TicketStatus): boolean {
  return to !== clock.status && to !== PAUSED_IN && clock.slaPausedAt !== null;
}

/**
 * The ticket fields to write along with a move from `clock.status` to `to` (nothing when the clocks are
 * unaffected). `calendar` is the plan's support hours; it is read only when the move ends a pause.
 */
export function slaChangesForMove(clock: SlaClock, to: TicketStatus, now: Date, calendar: BusinessCalendar | null): SlaChanges {
  if (to === clock.status) return {};
  if (to === PAUSED_IN) return clock.slaPausedAt ? {} : { slaPausedAt: now };
  const pausedAt = clock.slaPausedAt;
  if (!pausedAt) return {};
  if (!calendar) throw new Error('Ending an SLA pause needs the plan calendar');
  const resume = (due: Date | null) => {
    if (!due) return null;
    const left = businessMsBetween(calendar, pausedAt, due);
    return left > 0 ? addBusinessMs(calendar, now > pausedAt ? now : pausedAt, left) : due;
  };
  return { slaPausedAt: null, firstResponseDueAt: resume(clock.firstResponseDueAt), resolutionDueAt: resume(clock.resolutionDueAt) };
}
