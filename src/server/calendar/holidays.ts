import { addDays, type DateKey } from './zone';

/**
 * Polish public holidays (dni wolne od pracy, ustawa z 18 stycznia 1951 r. as amended): the fixed dates, the four
 * that follow Easter, Trzech Króli from 2011 and Wigilia from 2025. Computed for any year of the Gregorian calendar;
 * before 1990 the list is today's law applied backwards (the People's Republic kept other days), which is all a
 * help desk needs.
 */
export const POLISH_HOLIDAYS = [
  'newYear',
  'epiphany',
  'easterSunday',
  'easterMonday',
  'labourDay',
  'constitutionDay',
  'pentecost',
  'corpusChristi',
  'assumption',
  'allSaints',
  'independenceDay',
  'christmasEve',
  'christmasDay',
  'secondChristmasDay',
] as const;

export type PolishHoliday = (typeof POLISH_HOLIDAYS)[number];

export interface Holiday {
  date: DateKey;
  holiday: PolishHoliday;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (year: number, month: number, day: number): DateKey => `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): DateKey {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateOf(year, month, day);
}

/** The year's public holidays in date order. */
export function polishHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`No Gregorian Easter for year ${year}`);
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: dateOf(year, 1, 1), holiday: 'newYear' },
    ...(year >= 2011 ? [{ date: dateOf(year, 1, 6), holiday: 'epiphany' as const }] : []),
    { date: easter, holiday: 'easterSunday' },
    { date: addDays(easter, 1), holiday: 'easterMonday' },
    { date: dateOf(year, 5, 1), holiday: 'labourDay' },
    { date: dateOf(year, 5, 3), holiday: 'constitutionDay' },
    { date: addDays(easter, 49), holiday: 'pentecost' },
    { date: addDays(easter, 60), holiday: 'corpusChristi' },
    { date: dateOf(year, 8, 15), holiday: 'assumption' },
    { date: dateOf(year, 11, 1), holiday: 'allSaints' },
    { date: dateOf(year, 11, 11), holiday: 'independenceDay' },
    ...(year >= 2025 ? [{ date: dateOf(year, 12, 24), holiday: 'christmasEve' as const }] : []),
    { date: dateOf(year, 12, 25), holiday: 'christmasDay' },
    { date: dateOf(year, 12, 26), holiday: 'secondChristmasDay' },
  ];
  return list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

const byYear = new Map<number, Map<DateKey, PolishHoliday>>();

/** Which public holiday falls on `date`, if any (years are computed once and kept). */
export function polishHolidayOn(date: DateKey): PolishHoliday | null {
  const year = Number(date.slice(0, date.indexOf('-', 1)));
  if (year < 1583) return null;
  let days = byYear.get(year);
  if (!days) {
    days = new Map(polishHolidays(year).map((h) => [h.date, h.holiday]));
    byYear.set(year, days);
  }
  return days.get(date) ?? null;
}
