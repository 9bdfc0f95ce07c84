import type { Plan } from '@/generated/prisma/enums';
import { db, type Tx } from '@/server/db/client';
import { logger } from '@/server/logger';
import { addBusinessMs, businessCalendar, isOpen, nextOpening, type BusinessCalendar, type DateKey } from '@/server/calendar';
import {
  ALWAYS_ON_CHANNELS,
  calendarOf,
  PLAN_SUPPORT,
  VISITOR_AUDIENCE,
  VISITOR_SUPPORT,
  type ChatAudience,
  type HoursKind,
  type OptionalChannel,
  type PlanSupport,
  type VisitorChatSupport,
} from '@/server/plans';
import { PLANS } from '@/server/tickets/schemas';
import { weeklyHoursSchema } from './schema';

/**
 * Each plan's channels, hours and SLA targets as admins set them (PlanSetting, SlaPolicy, CalendarException), with
 * the defaults of src/server/plans.ts for whatever nobody set. Read often (every contact page, every ticket filed,
 * every status move out of a pause) and changed rarely, so the whole set is read in one go and kept for
 * CACHE_TTL_MS; a save in this process drops it at once, other instances see it within the TTL.
 */
export const CACHE_TTL_MS = 30_000;

export interface PlanSupportSetting extends PlanSupport {
  /** Whether an admin's channels and hours (not the built-in defaults) apply. */
  configured: boolean;
  /** How many customer-booked callbacks one 30-minute phone slot takes (docs/phone.md). */
  callbackSlotCapacity: number;
}

/** Slot capacity for a plan nobody has set. */
export const DEFAULT_CALLBACK_SLOT_CAPACITY = 2;

export interface CalendarExceptions {
  daysOff: ReadonlySet<DateKey>;
  workingDays: ReadonlySet<DateKey>;
}

export interface VisitorChatSetting extends VisitorChatSupport {
  /** Whether an admin's choice (not the built-in default) applies to chat on/off and hours. */
  configured: boolean;
  /** Whether an admin set the chat first-response target. */
  targetConfigured: boolean;
}

interface Snapshot {
  plans: Record<Plan, PlanSupportSetting>;
  visitor: VisitorChatSetting;
  exceptions: CalendarExceptions;
  calendars: Map<string, BusinessCalendar>;
}

/** Guests and people with no company are held to the smallest plan (GUEST_SUPPORT, PLAN_FOR_NO_COMPANY). */
const GUEST_PLAN: Plan = 'START';

/**
 * Kept on globalThis: Next may load this module more than once in one process (the server actions' bundle and a
 * route handler's), and an admin's save must drop the copy /api/chat/availability reads too, not only its own.
 */
const holder = globalThis as unknown as { vouchiePlanSettingsCache?: { at: number; snapshot: Promise<Snapshot> } | null };

/** Drops the cached settings: the next read goes to the database. Called after every admin save. */
export function invalidatePlanSettings(): void {
  holder.vouchiePlanSettingsCache = null;
}

function dateKey(date: Date): DateKey {
  return date.toISOString().slice(0, 10);
}

async function load(client: Tx): Promise<Snapshot> {
  // One after another: inside a transaction (and on the embedded database's single connection) they queue anyway.
  const settings = await client.planSetting.findMany();
  const policies = await client.slaPolicy.findMany({
    select: { plan: true, firstResponseMinutes: true, resolutionMinutes: true, chatFirstResponseSeconds: true },
  });
  const visitorRow = await client.visitorChatSetting.findUnique({ where: { id: 1 } });
  // A year back is plenty: older exceptions cannot change a clock that is still running.
  const exceptions = await client.calendarException.findMany({ where: { date: { gte: new Date(Date.now() - 366 * 86_400_000) } } });
  const plans = {} as Record<Plan, PlanSupportSetting>;
  for (const plan of PLANS) {
    const defaults = PLAN_SUPPORT[plan];
    const setting = settings.find((s) => s.plan === plan);
    const policy = policies.find((p) => p.plan === plan);
    let support: PlanSupportSetting = { ...defaults, configured: false, callbackSlotCapacity: DEFAULT_CALLBACK_SLOT_CAPACITY };
    if (setting) {
      const hours = [setting.supportHours, setting.chatHours, setting.phoneHours].map((h) => weeklyHoursSchema.safeParse(h));
      const [supportHours, chatHours, phoneHours] = hours;
      if (supportHours?.success && chatHours?.success && phoneHours?.success) {
        const optional = setting.channels.filter((c): c is OptionalChannel => c === 'CHAT' || c === 'PHONE');
        support = {
          ...support,
          channels: [...ALWAYS_ON_CHANNELS, ...optional],
          supportHours: supportHours.data,
          chatHours: chatHours.data,
          phoneHours: phoneHours.data,
          closedOnPublicHolidays: setting.closedOnPublicHolidays,
          callbackSlotCapacity: setting.callbackSlotCapacity,
          configured: true,
        };
      } else {
        // Only a hand edit of the table gets here: the defaults keep the plan working, the log says why.
        logger.error({ plan }, 'PlanSetting row does not parse: using the built-in defaults');
      }
    }
    if (policy) {
      support.firstResponseHours = policy.firstResponseMinutes / 60;
      support.resolutionHours = policy.resolutionMinutes / 60;
      if (policy.chatFirstResponseSeconds !== null) support.chatFirstResponseSeconds = policy.chatFirstResponseSeconds;
    }
    plans[plan] = support;
  }
  let visitor: VisitorChatSetting = { ...VISITOR_SUPPORT, configured: false, targetConfigured: false };
  if (visitorRow) {
    if (visitorRow.chatEnabled !== null && visitorRow.chatHours !== null) {
      const hours = weeklyHoursSchema.safeParse(visitorRow.chatHours);
      if (hours.success) {
        visitor = {
          ...visitor,
          chat: visitorRow.chatEnabled,
          chatHours: hours.data,
          closedOnPublicHolidays: visitorRow.closedOnPublicHolidays ?? VISITOR_SUPPORT.closedOnPublicHolidays,
          configured: true,
        };
      } else {
        logger.error('VisitorChatSetting row does not parse: using the built-in defaults');
      }
    }
    if (visitorRow.chatFirstResponseSeconds !== null) {
      visitor = { ...visitor, chatFirstResponseSeconds: visitorRow.chatFirstResponseSeconds, targetConfigured: true };
    }
  }
  return {
    plans,
    visitor,
    exceptions: {
      daysOff: new Set(exceptions.filter((e) => e.kind === 'DAY_OFF').map((e) => dateKey(e.date))),
      workingDays: new Set(exceptions.filter((e) => e.kind === 'WORKING_DAY').map((e) => dateKey(e.date))),
    },
    calendars: new Map(),
  };
}

/**
 * The cached settings, or a fresh read through `client`. Callers inside a transaction pass it: a second connection
 * could wait forever behind the transaction's own on a pool of one (the embedded database).
 */
async function snapshot(client?: Tx): Promise<Snapshot> {
  const cached = holder.vouchiePlanSettingsCache;
  if (cached && Date.now() - cached.at <= CACHE_TTL_MS) return cached.snapshot;
  const entry = { at: Date.now(), snapshot: load(client ?? db()) };
  holder.vouchiePlanSettingsCache = entry;
  // A failed read is not kept: the next caller tries again.
  entry.snapshot.catch(() => {
    if (holder.vouchiePlanSettingsCache === entry) holder.vouchiePlanSettingsCache = null;
  });
  return entry.snapshot;
}

/** Every plan's channels, hours and targets (admin-set or default). */
export async function getAllPlanSupport(): Promise<Record<Plan, PlanSupportSetting>> {
  return (await snapshot()).plans;
}

/** One plan's channels, hours and targets; guests (no plan) get START's, as everywhere else. */
export async function getPlanSupport(plan: Plan | null | undefined): Promise<PlanSupportSetting> {
  const plans = await getAllPlanSupport();
  return plans[plan ?? GUEST_PLAN];
}

/** The admins' extra days off and worked days, for every plan. */
export async function getCalendarExceptions(): Promise<CalendarExceptions> {
  return (await snapshot()).exceptions;
}

/**
 * The business calendar of a plan: its support hours (SLA clocks) or a channel's hours, with public holidays and
 * the admins' exceptions.
 */
export async function businessCalendarFor(
  plan: Plan | null | undefined,
  kind: HoursKind = 'SUPPORT',
  client?: Tx,
): Promise<BusinessCalendar> {
  return calendarIn(await snapshot(client), plan, kind);
}

/**
 * `businessCalendarFor` for any plan from one snapshot, read now: for a caller that must not read the settings later
 * (the SQL fast path of a new ticket holds a pooled connection by then, and the embedded database has a pool of one).
 */
export async function businessCalendarsFor(kind: HoursKind = 'SUPPORT'): Promise<(plan: Plan | null | undefined) => BusinessCalendar> {
  const snap = await snapshot();
  return (plan) => calendarIn(snap, plan, kind);
}

/** A plan's calendar of one kind, built once per snapshot. */
function calendarIn(snap: Snapshot, plan: Plan | null | undefined, kind: HoursKind): BusinessCalendar {
  const effective = plan ?? GUEST_PLAN;
  const key = `${effective}:${kind}`;
  let calendar = snap.calendars.get(key);
  if (!calendar) {
    calendar = calendarOf(snap.plans[effective], kind, snap.exceptions);
    snap.calendars.set(key, calendar);
  }
  return calendar;
}

/** Whether the plan has the channel and it is open at `at` (hours, holidays, days off). */
export async function isChannelOpen(plan: Plan | null | undefined, channel: OptionalChannel, at = new Date()): Promise<boolean> {
  const support = await getPlanSupport(plan);
  if (!support.channels.includes(channel)) return false;
  return isOpen(await businessCalendarFor(plan, channel), at);
}

/** When the channel opens next for the plan (`at` when open now); null when the plan has no such channel. */
export async function nextChannelOpening(plan: Plan | null | undefined, channel: OptionalChannel, at = new Date()): Promise<Date | null> {
  const support = await getPlanSupport(plan);
  if (!support.channels.includes(channel)) return null;
  return nextOpening(await businessCalendarFor(plan, channel), at);
}

/** The wall-clock moment by which `minutes` of the plan's support hours have passed since `start`. */
export async function addSupportMinutes(plan: Plan | null | undefined, start: Date, minutes: number): Promise<Date> {
  return addBusinessMs(await businessCalendarFor(plan), start, minutes * 60_000);
}

/** The visitors' chat rules (admin-set or default): chat on/off, hours, the first-response target. */
export async function getVisitorChatSupport(): Promise<VisitorChatSetting> {
  return (await snapshot()).visitor;
}

/** The chat calendar of an audience: a plan's chat hours, or the visitors' (holidays and days off included). */
async function chatCalendarFor(audience: ChatAudience, client?: Tx): Promise<BusinessCalendar> {
  if (audience !== VISITOR_AUDIENCE) return businessCalendarFor(audience, 'CHAT', client);
  const snap = await snapshot(client);
  let calendar = snap.calendars.get('VISITOR:CHAT');
  if (!calendar) {
    const { chatHours, closedOnPublicHolidays } = snap.visitor;
    calendar = businessCalendar({ hours: chatHours, closedOnPublicHolidays, ...snap.exceptions });
    snap.calendars.set('VISITOR:CHAT', calendar);
  }
  return calendar;
}

/** The live-chat rules of an audience in one shape: whether chat is on, its hours and its first-response target. */
export async function chatSupportFor(
  audience: ChatAudience,
  client?: Tx,
): Promise<{ enabled: boolean; hours: VisitorChatSupport['chatHours']; firstResponseSeconds: number }> {
  const snap = await snapshot(client);
  if (audience === VISITOR_AUDIENCE) {
    return { enabled: snap.visitor.chat, hours: snap.visitor.chatHours, firstResponseSeconds: snap.visitor.chatFirstResponseSeconds };
  }
  const support = snap.plans[audience ?? GUEST_PLAN];
  return { enabled: support.channels.includes('CHAT'), hours: support.chatHours, firstResponseSeconds: support.chatFirstResponseSeconds };
}

/** Whether chat is open to the audience at `at` (on, in its hours, not a holiday or day off). */
export async function isChatOpenFor(audience: ChatAudience, at = new Date()): Promise<boolean> {
  if (audience !== VISITOR_AUDIENCE) return isChannelOpen(audience, 'CHAT', at);
  if (!(await chatSupportFor(audience)).enabled) return false;
  return isOpen(await chatCalendarFor(audience), at);
}

/** When chat opens next for the audience (`at` when open now); null when it has no chat. */
export async function nextChatOpeningFor(audience: ChatAudience, at = new Date()): Promise<Date | null> {
  if (audience !== VISITOR_AUDIENCE) return nextChannelOpening(audience, 'CHAT', at);
  if (!(await chatSupportFor(audience)).enabled) return null;
  return nextOpening(await chatCalendarFor(audience), at);
}
