import { polishHolidayOn } from './holidays';
import { addDays, isoWeekday, localDateOf, SUPPORT_TIME_ZONE, zonedInstant, type DateKey } from './zone';

/**
 * A business calendar: when a team works, in its own time zone. Weekly hours (the same from–to on each working
 * day), Polish public holidays off unless the plan works through them, and the admins' exceptions: extra days off,
 * and working days (a Saturday worked instead of a bridge day, or a holiday the team covers) with the usual hours.
 *
 * Instants in and out are real UTC moments; a "business millisecond" is a millisecond of real time inside an
 * opening window, so a window that a clock change shortens really is shorter.
 */

/** Hours of the week as admins set them: ISO weekdays (Monday = 1) and a local `HH:MM` from–to (`to` may be `24:00`). */
export interface WeeklyHours {
  days: readonly number[];
  from: string;
  to: string;
}

export interface CalendarInput {
  hours: WeeklyHours;
  /** Closed on Polish public holidays (the default). */
  closedOnPublicHolidays?: boolean;
  /** Local dates closed whatever the week says. */
  daysOff?: Iterable<DateKey>;
  /** Local dates open with the usual from–to, even on a weekend or a public holiday. Days off win over these. */
  workingDays?: Iterable<DateKey>;
  timeZone?: string;
}

export interface BusinessCalendar {
  readonly days: ReadonlySet<number>;
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly closedOnPublicHolidays: boolean;
  readonly daysOff: ReadonlySet<DateKey>;
  readonly workingDays: ReadonlySet<DateKey>;
  readonly timeZone: string;
}

/** A calendar that has no opening within this many days in a row is treated as never opening. */
export const MAX_CLOSED_DAYS = 732;

export class CalendarNeverOpensError extends Error {
  constructor() {
    super(`The business calendar has no opening hours within ${MAX_CLOSED_DAYS} days`);
    this.name = 'CalendarNeverOpensError';
  }
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes past midnight of an `HH:MM` (00:00–24:00). */
export function minuteOf(time: string): number {
  if (!TIME.test(time)) throw new RangeError(`Not an HH:MM time between 00:00 and 24:00: ${time}`);
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function businessCalendar(input: CalendarInput): BusinessCalendar {
  return {
    days: new Set(input.hours.days),
    fromMinute: minuteOf(input.hours.from),
    toMinute: minuteOf(input.hours.to),
    closedOnPublicHolidays: input.closedOnPublicHolidays ?? true,
    daysOff: new Set(input.daysOff ?? []),
    workingDays: new Set(input.workingDays ?? []),
    timeZone: input.timeZone ?? SUPPORT_TIME_ZONE,
  };
}

/** Whether the calendar works on `date` at all (its hours aside). */
export function isWorkingDay(calendar: BusinessCalendar, date: DateKey): boolean {
  if (calendar.daysOff.has(date)) return false;
  if (calendar.workingDays.has(date)) return true;
  if (!calendar.days.has(isoWeekday(date))) return false;
  return !(calendar.closedOnPublicHolidays && polishHolidayOn(date));
}

/** The opening window of a local date as UTC ms `[start, end)`, or null when closed all day. */
export function openingOn(calendar: BusinessCalendar, date: DateKey): readonly [number, number] | null {
  let known = openings.get(calendar);
  if (!known) {
    known = new Map();
    openings.set(calendar, known);
  }
  const cached = known.get(date);
  if (cached !== undefined) return cached;
  if (known.size >= OPENINGS_PER_CALENDAR) known.clear();
  const window = computeOpeningOn(calendar, date);
  known.set(date, window);
  return window;
}

/**
 * Each calendar's day windows once computed (a calendar is immutable, and the cached plan settings hand out the
 * same calendar objects until an admin's change or the cache's expiry replaces them): a ticket's resolution target
 * walks a week or two of days, each a holiday check and two time-zone conversions, on every ticket filed.
 */
const openings = new WeakMap<BusinessCalendar, Map<DateKey, readonly [number, number] | null>>();
const OPENINGS_PER_CALENDAR = 2_000;

function computeOpeningOn(calendar: BusinessCalendar, date: DateKey): readonly [number, number] | null {
  if (!isWorkingDay(calendar, date)) return null;
  const start = zonedInstant(date, calendar.fromMinute, calendar.timeZone);
  const end = zonedInstant(date, calendar.toMinute, calendar.timeZone);
  return end > start ? [start, end] : null;
}

export function isOpen(calendar: BusinessCalendar, at: Date): boolean {
  const window = openingOn(calendar, localDateOf(at, calendar.timeZone));
  const t = at.getTime();
  return window !== null && window[0] <= t && t < window[1];
}

/** Each day's window from the local date of `from` on, stopping when `visit` returns true. */
function walk(calendar: BusinessCalendar, from: number, visit: (window: readonly [number, number]) => boolean): void {
  let date = localDateOf(from, calendar.timeZone);
  let closed = 0;
  for (;;) {
    const window = openingOn(calendar, date);
    if (window) {
      closed = 0;
      if (window[1] > from && visit(window)) return;
    } else if (++closed > MAX_CLOSED_DAYS) {
      throw new CalendarNeverOpensError();
    }
    date = addDays(date, 1);
  }
}

/** The first moment at or after `at` when the calendar is open (`at` itself when open); null if it never opens. */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date | null {
  let found: number | null = null;
  try {
    walk(calendar, at.getTime(), ([start]) => {
      found = Math.max(start, at.getTime());
      return true;
    });
  } catch (error) {
    if (error instanceof CalendarNeverOpensError) return null;
    throw error;
  }
  return found === null ? null : new Date(found);
}

/**
 * The moment by which `ms` business milliseconds have passed since `start`: the wall-clock due time of a target.
 * A target that runs out exactly at closing time is due at closing time, not at the next opening.
 */
export function addBusinessMs(calendar: BusinessCalendar, start: Date, ms: number): Date {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`Business time must be a finite, non-negative number: ${ms}`);
  const from = start.getTime();
  if (ms === 0) return new Date(from);
  let remaining = ms;
  let due = from;
  walk(calendar, from, ([open, close]) => {
    const begin = Math.max(open, from);
    const available = close - begin;
    if (remaining <= available) {
      due = begin + remaining;
      return true;
    }
    remaining -= available;
    return false;
  });
  return new Date(due);
}

export function addBusinessHours(calendar: BusinessCalendar, start: Date, hours: number): Date {
  return addBusinessMs(calendar, start, hours * 3_600_000);
}

/** Business milliseconds from `a` to `b`; negative when `b` is before `a`. */
export function businessMsBetween(calendar: BusinessCalendar, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to < from) return 0 - businessMsBetween(calendar, b, a) || 0;
  let total = 0;
  let date = localDateOf(from, calendar.timeZone);
  const last = localDateOf(to, calendar.timeZone);
  for (;;) {
    const window = openingOn(calendar, date);
    if (window) total += Math.max(0, Math.min(window[1], to) - Math.max(window[0], from));
    if (date >= last) return total;
    date = addDays(date, 1);
  }
}
