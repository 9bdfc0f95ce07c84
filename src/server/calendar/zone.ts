/**
 * Wall-clock arithmetic in one IANA time zone with nothing but Intl: the local date of an instant, and the instant of
 * a local date and time. Support hours are kept in Europe/Warsaw, whose clocks move twice a year; everything here is
 * exact across those changes (a local time in the spring gap maps forward, an ambiguous autumn time to its first
 * occurrence, as Temporal's "compatible" disambiguation does).
 */

/** The support team's time zone: opening hours, holidays and "today" are all read in it. */
export const SUPPORT_TIME_ZONE = 'Europe/Warsaw';

/** A calendar date in the support time zone, `YYYY-MM-DD`. */
export type DateKey = string;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Opening and closing instants are asked for again and again (every due date walks the same days): kept here. */
const instants = new Map<string, number>();
const MAX_CACHED_INSTANTS = 50_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(at: number, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  let bc = false;
  for (const part of formatter(timeZone).formatToParts(new Date(at))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (out.year ?? 0) : (out.year ?? 0);
  return { year, month: out.month ?? 1, day: out.day ?? 1, hour: out.hour ?? 0, minute: out.minute ?? 0, second: out.second ?? 0 };
}

function utcOf(w: WallClock): number {
  const date = new Date(0);
  date.setUTCFullYear(w.year, w.month - 1, w.day);
  date.setUTCHours(w.hour, w.minute, w.second, 0);
  return date.getTime();
}

/** Local time minus UTC at instant `at`, in ms (+3,600,000 for CET, +7,200,000 for CEST). */
export function offsetAt(at: number, timeZone = SUPPORT_TIME_ZONE): number {
  const whole = Math.floor(at / 1000) * 1000;
  return utcOf(wallClock(whole, timeZone)) - whole;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function keyOf(year: number, month: number, day: number): DateKey {
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The offset that holds through a whole quarter hour of UTC (by its readings at the quarter's first and last second),
 * or null for a quarter in which the clocks change: "today" is asked for on every ticket filed, and one reading of
 * Intl's wall clock costs more than the rest of a due date's walk.
 */
const QUARTER_MS = 900_000;
const steadyOffsets = new Map<string, number | null>();
const MAX_CACHED_OFFSETS = 10_000;

function steadyOffset(at: number, timeZone: string): number | null {
  const quarter = Math.floor(at / QUARTER_MS);
  const key = `${timeZone}|${quarter}`;
  let offset = steadyOffsets.get(key);
  if (offset === undefined) {
    const first = offsetAt(quarter * QUARTER_MS, timeZone);
    offset = first === offsetAt(quarter * QUARTER_MS + QUARTER_MS - 1000, timeZone) ? first : null;
    if (steadyOffsets.size >= MAX_CACHED_OFFSETS) steadyOffsets.clear();
    steadyOffsets.set(key, offset);
  }
  return offset;
}

/** The local calendar date of an instant. */
export function localDateOf(at: Date | number, timeZone = SUPPORT_TIME_ZONE): DateKey {
  const ms = typeof at === 'number' ? at : at.getTime();
  const offset = steadyOffset(ms, timeZone);
  if (offset !== null) return keyOfMs(ms + offset);
  const w = wallClock(ms, timeZone);
  return keyOf(w.year, w.month, w.day);
}

const KEY = /^(-?\d{4,})-(\d{2})-(\d{2})$/;

/** Midnight UTC of the date's own numbers: for date arithmetic only, never an instant of the time zone. */
function dateMs(date: DateKey): number {
  const m = KEY.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getTime();
}

function keyOfMs(ms: number): DateKey {
  const d = new Date(ms);
  return keyOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The day after each date asked for (the due dates' walks step a day at a time through the same weeks). */
const nextDays = new Map<DateKey, DateKey>();
const MAX_CACHED_NEXT_DAYS = 10_000;

export function addDays(date: DateKey, days: number): DateKey {
  if (days !== 1) return keyOfMs(dateMs(date) + days * DAY_MS);
  let next = nextDays.get(date);
  if (next === undefined) {
    next = keyOfMs(dateMs(date) + DAY_MS);
    if (nextDays.size >= MAX_CACHED_NEXT_DAYS) nextDays.clear();
    nextDays.set(date, next);
  }
  return next;
}

/** ISO weekday of a date: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: DateKey): number {
  const day = new Date(dateMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: DateKey, b: DateKey): number {
  return Math.round((dateMs(b) - dateMs(a)) / DAY_MS);
}

/** Whether `date` is a real `YYYY-MM-DD` calendar date (no 31 February). */
export function isDateKey(date: string): boolean {
  return KEY.test(date) && keyOfMs(dateMs(date)) === date;
}

/**
 * The instant at which the local clock on `date` shows `minuteOfDay` minutes past midnight (1440 = the next
 * midnight). A time the spring change skips maps forward by the gap (02:30 → 03:30); an autumn time that occurs
 * twice maps to its first occurrence.
 */
export function zonedInstant(date: DateKey, minuteOfDay: number, timeZone = SUPPORT_TIME_ZONE): number {
  const key = `${timeZone}|${date}|${minuteOfDay}`;
  const cached = instants.get(key);
  if (cached !== undefined) return cached;
  const naive = dateMs(date) + minuteOfDay * 60_000;
  const offsetBefore = offsetAt(naive - DAY_MS, timeZone);
  const offsetAfter = offsetAt(naive + DAY_MS, timeZone);
  let instant: number;
  if (offsetBefore === offsetAfter) {
    instant = naive - offsetBefore;
  } else {
    // A clock change within a day either side: keep the readings that really show this wall time.
    const valid = [naive - offsetBefore, naive - offsetAfter].filter((candidate) => candidate + offsetAt(candidate, timeZone) === naive);
    instant = valid.length ? Math.min(...valid) : naive - offsetBefore;
  }
  if (instants.size >= MAX_CACHED_INSTANTS) instants.clear();
  instants.set(key, instant);
  return instant;
}
