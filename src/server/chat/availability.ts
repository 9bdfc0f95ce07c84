import type { Plan } from '@/generated/prisma/enums';
import { businessHoursNow } from '@/server/clock';
import { db } from '@/server/db/client';
import { chatSupportFor, isChatOpenFor, nextChatOpeningFor } from '@/server/plan-settings/read';
import { VISITOR_AUDIENCE, type ChatAudience } from '@/server/plans';
import type { AvailabilityReason } from './schemas';
import { seatFacts, waitForNewChat } from './queue';

/**
 * Whether live chat is offered to someone on `plan` right now: the plan has it and it is within the plan's chat
 * hours (both as admins set them, src/server/plan-settings, public holidays and days off included), and at
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

/**
 * `audience`: the plan of the person (null: no company, START's rules), or VISITOR for someone on the public site
 * whose typed e-mail is no known customer's (the admins' "Odwiedzający strony" entry). A visitor's answer names no
 * plan: `plan` is null for them.
 */
export async function chatAvailability(audience: ChatAudience, now = new Date()): Promise<Availability> {
  // The admin-set channels and chat hours (/agent/admin/godziny), with public holidays and days off.
  const support = await chatSupportFor(audience);
  const plan: Plan | null = audience === VISITOR_AUDIENCE ? null : audience;
  const hours = { days: [...support.hours.days], from: support.hours.from, to: support.hours.to };
  const base = { plan, hours, nextOpenAt: null, queueLength: 0, estimatedWaitSeconds: null };
  if (!support.enabled) return { ...base, hours: null, available: false, reason: 'NOT_IN_PLAN' };
  // Only the hours read the business-hours clock (a test stack may move it); seats and waits keep the real one.
  const hoursNow = businessHoursNow(now);
  if (!(await isChatOpenFor(audience, hoursNow))) {
    const next = await nextChatOpeningFor(audience, hoursNow);
    return { ...base, available: false, reason: 'OUTSIDE_HOURS', nextOpenAt: next?.toISOString() ?? null };
  }
  const seats = await seatFacts(db(), now);
  const common = { ...base, queueLength: seats.waiting };
  if (seats.online === 0) return { ...common, available: false, reason: 'NO_AGENTS' };
  if (seats.free <= 0 || seats.waiting >= seats.free * WAITING_PER_FREE_SEAT) return { ...common, available: false, reason: 'ALL_BUSY' };
  return { ...common, available: true, reason: 'OPEN', estimatedWaitSeconds: await waitForNewChat(seats, db(), now) };
}
