import type { Plan } from '@/generated/prisma/enums';

/**
 * What each subscription plan gives a merchant in Pomoc → Kontakt (the seed: "channels may differ by plan;
 * chat may be limited to certain hours or higher plans; phone for the highest plans").
 */
export type ContactChannel = 'TICKET' | 'EMAIL' | 'CHAT' | 'PHONE';

export interface PlanSupport {
  channels: readonly ContactChannel[];
  /** Live chat hours, Europe/Warsaw, Monday = 1. */
  chatHours?: { days: readonly number[]; from: string; to: string };
  /** Targets used for SLA clocks, in business-agnostic hours. */
  firstResponseHours: number;
  resolutionHours: number;
}

export const PLAN_SUPPORT: Record<Plan, PlanSupport> = {
  START: { channels: ['TICKET', 'EMAIL'], firstResponseHours: 24, resolutionHours: 120 },
  BIZNES: {
    channels: ['TICKET', 'EMAIL', 'CHAT'],
    chatHours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
    firstResponseHours: 8,
    resolutionHours: 72,
  },
  PREMIUM: {
    channels: ['TICKET', 'EMAIL', 'CHAT', 'PHONE'],
    chatHours: { days: [1, 2, 3, 4, 5, 6], from: '08:00', to: '20:00' },
    firstResponseHours: 2,
    resolutionHours: 24,
  },
};

/** Guests (no company known yet) see what every plan has. */
export const GUEST_SUPPORT: PlanSupport = PLAN_SUPPORT.START;

export function supportFor(plan: Plan | null | undefined): PlanSupport {
  return plan ? PLAN_SUPPORT[plan] : GUEST_SUPPORT;
}

/** Whether live chat is staffed at `now` (Europe/Warsaw wall-clock time). */
export function isChatOpen(support: PlanSupport, now = new Date()): boolean {
  const hours = support.chatHours;
  if (!hours) return false;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Warsaw',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  const time = `${get('hour')}:${get('minute')}`;
  return hours.days.includes(day) && time >= hours.from && time < hours.to;
}
