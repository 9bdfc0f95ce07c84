import type { Plan } from '@/generated/prisma/enums';
import { businessCalendar, isOpen, type BusinessCalendar, type WeeklyHours } from '@/server/calendar';

/**
 * What each subscription plan gives a merchant in Pomoc → Kontakt (the seed: "channels may differ by plan;
 * chat may be limited to certain hours or higher plans; phone for the highest plans").
 *
 * These are the built-in defaults. Admins change channels and hours in /agent/admin/godziny and the SLA targets in
 * /agent/admin/sla; the async readers in src/server/plan-settings (getPlanSupport, isChannelOpen, …) apply those,
 * and fall back to these figures for a plan nobody has set.
 */
export type ContactChannel = 'TICKET' | 'EMAIL' | 'CHAT' | 'PHONE';

/** The channels an admin switches on or off per plan; the form and e-mail are open to every plan. */
export const OPTIONAL_CHANNELS = ['CHAT', 'PHONE'] as const;
export type OptionalChannel = (typeof OPTIONAL_CHANNELS)[number];
export const ALWAYS_ON_CHANNELS: readonly ContactChannel[] = ['TICKET', 'EMAIL'];

/** Which hours a calendar is built from: the team's support hours (SLA clocks), or a live channel's. */
export type HoursKind = 'SUPPORT' | OptionalChannel;

export interface PlanSupport {
  channels: readonly ContactChannel[];
  /** When the team works on this plan's tickets (Europe/Warsaw, Monday = 1): the SLA clocks run only then. */
  supportHours: WeeklyHours;
  /** Live chat hours; kept when chat is off, for when an admin turns it on. */
  chatHours: WeeklyHours;
  /** Phone line hours; kept when the phone is off. */
  phoneHours: WeeklyHours;
  /** Closed on Polish public holidays (all three kinds of hours). */
  closedOnPublicHolidays: boolean;
  /** SLA targets, in business hours (counted in `supportHours`). */
  firstResponseHours: number;
  resolutionHours: number;
  /** A live chat's first-response target in wall-clock seconds (chat is offered only in chat hours). */
  chatFirstResponseSeconds: number;
}

const WEEKDAYS_9_17: WeeklyHours = { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' };
const MON_SAT_8_20: WeeklyHours = { days: [1, 2, 3, 4, 5, 6], from: '08:00', to: '20:00' };

export const PLAN_SUPPORT: Record<Plan, PlanSupport> = {
  START: {
    channels: ['TICKET', 'EMAIL'],
    supportHours: WEEKDAYS_9_17,
    chatHours: WEEKDAYS_9_17,
    phoneHours: WEEKDAYS_9_17,
    closedOnPublicHolidays: true,
    firstResponseHours: 24,
    resolutionHours: 120,
    chatFirstResponseSeconds: 120,
  },
  BIZNES: {
    channels: ['TICKET', 'EMAIL', 'CHAT'],
    supportHours: WEEKDAYS_9_17,
    chatHours: WEEKDAYS_9_17,
    phoneHours: WEEKDAYS_9_17,
    closedOnPublicHolidays: true,
    firstResponseHours: 8,
    resolutionHours: 72,
    chatFirstResponseSeconds: 120,
  },
  PREMIUM: {
    channels: ['TICKET', 'EMAIL', 'CHAT', 'PHONE'],
    supportHours: MON_SAT_8_20,
    chatHours: MON_SAT_8_20,
    phoneHours: MON_SAT_8_20,
    closedOnPublicHolidays: true,
    firstResponseHours: 2,
    resolutionHours: 24,
    chatFirstResponseSeconds: 60,
  },
};

/**
 * Visitors on the public site who chat without an account: the widget asks their name and e-mail, and when that
 * address is no known customer's, these rules decide chat (admins change them in /agent/admin/godziny and the
 * target in /agent/admin/sla). A visitor typing a known customer's address gets that customer's plan instead.
 */
export interface VisitorChatSupport {
  chat: boolean;
  chatHours: WeeklyHours;
  closedOnPublicHolidays: boolean;
  chatFirstResponseSeconds: number;
}

export const VISITOR_SUPPORT: VisitorChatSupport = {
  chat: true,
  chatHours: PLAN_SUPPORT.BIZNES.chatHours,
  closedOnPublicHolidays: true,
  chatFirstResponseSeconds: 120,
};

/** Who chat rules apply to: a plan, no plan (START's rules), or a visitor without an account. */
export const VISITOR_AUDIENCE = 'VISITOR';
export type ChatAudience = Plan | null | typeof VISITOR_AUDIENCE;

/** Guests (no company known yet) see what every plan has. */
export const GUEST_SUPPORT: PlanSupport = PLAN_SUPPORT.START;

/** The built-in defaults of a plan (guests: START). For admins' settings, use getPlanSupport (plan-settings). */
export function supportFor(plan: Plan | null | undefined): PlanSupport {
  return plan ? PLAN_SUPPORT[plan] : GUEST_SUPPORT;
}

/** The weekly hours of one kind. */
export function hoursOf(support: PlanSupport, kind: HoursKind): WeeklyHours {
  return kind === 'CHAT' ? support.chatHours : kind === 'PHONE' ? support.phoneHours : support.supportHours;
}

/** A business calendar from a plan's hours, public holidays, and the admins' exceptions when given. */
export function calendarOf(
  support: PlanSupport,
  kind: HoursKind,
  exceptions: { daysOff?: Iterable<string>; workingDays?: Iterable<string> } = {},
): BusinessCalendar {
  return businessCalendar({ hours: hoursOf(support, kind), closedOnPublicHolidays: support.closedOnPublicHolidays, ...exceptions });
}

/**
 * Whether live chat is staffed at `now` by this support's figures (plan has chat, inside chat hours, not a public
 * holiday). The admins' extra days off are not known here: isChannelOpen (plan-settings) reads them too.
 */
export function isChatOpen(support: PlanSupport, now = new Date()): boolean {
  return support.channels.includes('CHAT') && isOpen(calendarOf(support, 'CHAT'), now);
}
