import type { Plan } from '@/generated/prisma/enums';
import { db } from '@/server/db/client';
import { isChatOpen, supportFor, type PlanSupport } from '@/server/plans';
import type { AvailabilityReason } from './schemas';
import { seatFacts, waitForNewChat } from './queue';

/**
 * Whether live chat is offered to someone on `plan` right now: the plan has it (plans.ts `supportFor`), it is
 * within the plan's chat hours (`isChatOpen`, which also owns public holidays and admin-edited hours), and at
 * least one agent is online with a free seat. Otherwise the reason, so the widget can say why in plain words and
 * offer to leave a message.
 */

export interface ChatHours {
  days: readonly number[];
  from: string;
  to: string;
}

export interface Availability {
  available: boolean;
  reason: AvailabilityReason;
  plan: Plan | null;
  hours: ChatHours | null;
  /** The next time chat opens for this plan (ISO), when it is closed for hours; null otherwise. */
  nextOpenAt: string | null;
  queueLength: number;
  estimatedWaitSeconds: number | null;
}

/** More waiting chats than this per free seat and chat counts as busy: the queue would not move in time. */
const WAITING_PER_FREE_SEAT = 3;

export async function chatAvailability(plan: Plan | null, now = new Date()): Promise<Availability> {
  const support = supportFor(plan);
  const hours = support.chatHours ? { days: [...support.chatHours.days], from: support.chatHours.from, to: support.chatHours.to } : null;
  const base = { plan, hours, nextOpenAt: null, queueLength: 0, estimatedWaitSeconds: null };
  if (!support.channels.includes('CHAT') || !hours) return { ...base, available: false, reason: 'NOT_IN_PLAN' };
  if (!isChatOpen(support, now)) {
    return { ...base, available: false, reason: 'OUTSIDE_HOURS', nextOpenAt: nextOpening(support, now)?.toISOString() ?? null };
  }
  const seats = await seatFacts(db(), now);
  const common = { ...base, queueLength: seats.waiting };
  if (seats.online === 0) return { ...common, available: false, reason: 'NO_AGENTS' };
  if (seats.free <= 0 || seats.waiting >= seats.free * WAITING_PER_FREE_SEAT) return { ...common, available: false, reason: 'ALL_BUSY' };
  return { ...common, available: true, reason: 'OPEN', estimatedWaitSeconds: await waitForNewChat(seats, db(), now) };
}

const WARSAW = 'Europe/Warsaw';

/** Minutes Warsaw is ahead of UTC at `instant`. */
function warsawOffsetMinutes(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: WARSAW,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant at which Warsaw's clock shows `date`'s calendar day (as seen in Warsaw) at `hhmm`. */
function warsawTime(day: { y: number; m: number; d: number }, hhmm: string): Date {
  const [h = 0, min = 0] = hhmm.split(':').map(Number);
  const guess = Date.UTC(day.y, day.m - 1, day.d, h, min);
  const first = guess - warsawOffsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess - warsawOffsetMinutes(new Date(first)) * 60_000);
}

function warsawDay(instant: Date): { y: number; m: number; d: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: WARSAW, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    instant,
  );
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/**
 * The next opening of chat after `now` for these hours, checked against `isChatOpen` itself (so holidays and
 * edited hours behind it count); up to 30 days ahead.
 */
export function nextOpening(support: PlanSupport, now: Date): Date | null {
  const hours = support.chatHours;
  if (!hours) return null;
  const today = warsawDay(now);
  for (let offset = 0; offset <= 30; offset++) {
    // Calendar arithmetic on the date itself: adding 24 h to an instant can skip a day across a DST change.
    const date = new Date(Date.UTC(today.y, today.m - 1, today.d + offset));
    const day = { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
    const opening = warsawTime(day, hours.from);
    if (opening.getTime() <= now.getTime()) continue;
    if (isChatOpen(support, opening)) return opening;
  }
  return null;
}
