import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  addBusinessMs,
  addDays,
  businessCalendar,
  businessMsBetween,
  easterSunday,
  isoWeekday,
  isOpen,
  localDateOf,
  nextOpening,
  offsetAt,
  polishHolidayOn,
  polishHolidays,
  zonedInstant,
  type BusinessCalendar,
} from '@/server/calendar';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
/** Mon–Fri 9–17, Warsaw, public holidays off: BIZNES's support hours. */
const biznes = businessCalendar({ hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' } });
const allDay = businessCalendar({ hours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }, closedOnPublicHolidays: false });

describe('Polish public holidays', () => {
  it('put Easter on the known Sundays', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22',
      1943: '1943-04-25',
      2000: '2000-04-23',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year))).toBe(date);
  });

  it('list the fourteen days of 2026 with the Easter-based ones in place', () => {
    expect(polishHolidays(2026)).toEqual([
      { date: '2026-01-01', holiday: 'newYear' },
      { date: '2026-01-06', holiday: 'epiphany' },
      { date: '2026-04-05', holiday: 'easterSunday' },
      { date: '2026-04-06', holiday: 'easterMonday' },
      { date: '2026-05-01', holiday: 'labourDay' },
      { date: '2026-05-03', holiday: 'constitutionDay' },
      { date: '2026-05-24', holiday: 'pentecost' },
      { date: '2026-06-04', holiday: 'corpusChristi' },
      { date: '2026-08-15', holiday: 'assumption' },
      { date: '2026-11-01', holiday: 'allSaints' },
      { date: '2026-11-11', holiday: 'independenceDay' },
      { date: '2026-12-24', holiday: 'christmasEve' },
      { date: '2026-12-25', holiday: 'christmasDay' },
      { date: '2026-12-26', holiday: 'secondChristmasDay' },
    ]);
  });

  it('add 24 December from 2025 on and 6 January from 2011 on', () => {
    expect(polishHolidayOn('2024-12-24')).toBeNull();
    expect(polishHolidayOn('2025-12-24')).toBe('christmasEve');
    expect(polishHolidayOn('2010-01-06')).toBeNull();
    expect(polishHolidayOn('2011-01-06')).toBe('epiphany');
    expect(polishHolidayOn('2026-06-04')).toBe('corpusChristi');
    expect(polishHolidayOn('2026-06-05')).toBeNull();
  });

  it('keep the Easter-based days on their weekdays in every year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const list = polishHolidays(year);
        const find = (name: string) => list.find((h) => h.holiday === name)!.date;
        expect(isoWeekday(find('easterSunday'))).toBe(7);
        expect(isoWeekday(find('easterMonday'))).toBe(1);
        expect(isoWeekday(find('pentecost'))).toBe(7);
        expect(isoWeekday(find('corpusChristi'))).toBe(4);
        // Easter falls between 22 March and 25 April.
        expect(find('easterSunday') >= `${String(year).padStart(4, '0')}-03-22`).toBe(true);
        expect(find('easterSunday') <= `${String(year).padStart(4, '0')}-04-25`).toBe(true);
        expect(new Set(list.map((h) => h.date)).size).toBe(list.length);
        expect(list.length).toBe(12 + (year >= 2011 ? 1 : 0) + (year >= 2025 ? 1 : 0));
      }),
    );
  });
});

describe('Europe/Warsaw wall clock', () => {
  it('maps local times to instants on both sides of the clock changes', () => {
    expect(new Date(zonedInstant('2026-03-27', 16 * 60 + 30)).toISOString()).toBe('2026-03-27T15:30:00.000Z');
    expect(new Date(zonedInstant('2026-03-30', 16 * 60 + 30)).toISOString()).toBe('2026-03-30T14:30:00.000Z');
    // 02:30 does not exist on 29 March 2026: it maps forward to 03:30 CEST.
    expect(new Date(zonedInstant('2026-03-29', 2 * 60 + 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October 2026: the first one (CEST).
    expect(new Date(zonedInstant('2026-10-25', 2 * 60 + 30)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(zonedInstant('2026-10-25', 24 * 60)).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(offsetAt(Date.parse('2026-07-01T12:00:00Z'))).toBe(2 * HOUR);
    expect(offsetAt(Date.parse('2026-12-01T12:00:00Z'))).toBe(HOUR);
  });

  it('round-trips every local quarter hour that exists', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 30 }), fc.integer({ min: 0, max: 95 }), (day, quarter) => {
        const date = addDays('2010-01-01', day);
        const instant = zonedInstant(date, quarter * 15);
        const minutes = Math.round((instant + offsetAt(instant) - Date.parse(`${date}T00:00:00Z`)) / 60_000);
        // Only the skipped spring hour fails to round-trip, and it lands one hour later.
        expect(minutes === quarter * 15 || minutes === quarter * 15 + 60).toBe(true);
        expect(localDateOf(instant)).toBe(date);
      }),
    );
  });
});

describe('local dates', () => {
  it("match Intl's in zones with odd offsets and half-hour clock changes, near every change and anywhere", () => {
    const zones = ['Europe/Warsaw', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    const reference = new Map(
      zones.map((zone) => [zone, new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })]),
    );
    // Every clock change of 2025–2027 in these zones, to the second (a daily scan, as no zone here changes twice in
    // a day, then bisection).
    const DAY = 24 * HOUR;
    const changes: { zone: string; at: number }[] = [];
    for (const zone of zones) {
      for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += DAY) {
        if (offsetAt(t, zone) === offsetAt(t + DAY, zone)) continue;
        let [low, high] = [t, t + DAY];
        while (high - low > 1000) {
          const middle = low + Math.floor((high - low) / 2000) * 1000;
          if (offsetAt(middle, zone) === offsetAt(low, zone)) low = middle;
          else high = middle;
        }
        changes.push({ zone, at: high });
      }
    }
    expect(changes.length).toBeGreaterThanOrEqual(20);
    const check = (zone: string, instant: number): void => {
      expect(localDateOf(instant, zone)).toBe(reference.get(zone)?.format(new Date(instant)));
    };
    fc.assert(
      fc.property(fc.constantFrom(...changes), fc.integer({ min: -2 * HOUR, max: 2 * HOUR }), ({ zone, at: change }, nudge) => {
        check(zone, change + nudge);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('2060-01-01T00:00:00Z') }),
        check,
      ),
      { numRuns: 3000 },
    );
    // Each second of the quarter hour either side of every Warsaw change, and each minute of the three hours.
    for (const { at: change } of changes.filter(({ zone }) => zone === 'Europe/Warsaw')) {
      for (let t = change - HOUR / 4; t <= change + HOUR / 4; t += 1000) check('Europe/Warsaw', t);
      for (let t = change - 3 * HOUR; t <= change + 3 * HOUR; t += 60_000) check('Europe/Warsaw', t);
    }
  });
});

describe('business hours', () => {
  it('know when BIZNES is open', () => {
    expect(isOpen(biznes, at('2026-11-27T08:00:00Z'))).toBe(true); // Friday 09:00
    expect(isOpen(biznes, at('2026-11-27T07:59:59Z'))).toBe(false);
    expect(isOpen(biznes, at('2026-11-27T16:00:00Z'))).toBe(false); // Friday 17:00
    expect(isOpen(biznes, at('2026-11-28T10:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(biznes, at('2026-11-11T10:00:00Z'))).toBe(false); // Independence Day, a Wednesday
  });

  it('give the next opening: now when open, else the next working morning', () => {
    expect(nextOpening(biznes, at('2026-11-27T10:00:00Z'))).toEqual(at('2026-11-27T10:00:00Z'));
    expect(nextOpening(biznes, at('2026-11-27T16:00:00Z'))).toEqual(at('2026-11-30T08:00:00Z'));
    // Christmas 2026: Thursday 24 to Saturday 26 off, then the weekend.
    expect(nextOpening(biznes, at('2026-12-23T17:00:00Z'))).toEqual(at('2026-12-28T08:00:00Z'));
    expect(nextOpening(businessCalendar({ hours: { days: [], from: '09:00', to: '17:00' } }), at('2026-12-23T17:00:00Z'))).toBeNull();
  });

  it('make a BIZNES ticket filed on Friday at 16:30 with 8 h due on Monday at 16:30', () => {
    expect(addBusinessHours(biznes, at('2026-11-27T15:30:00Z'), 8)).toEqual(at('2026-11-30T15:30:00Z'));
  });

  it('skip Easter Monday: Friday 16:30 before it is due on Tuesday 16:30', () => {
    expect(addBusinessHours(biznes, at('2026-04-03T14:30:00Z'), 8)).toEqual(at('2026-04-07T14:30:00Z'));
  });

  it('keep 16:30 across the clock change weekends (71 h of real time in spring, 73 h in autumn)', () => {
    const spring = addBusinessHours(biznes, at('2026-03-27T15:30:00Z'), 8);
    expect(spring).toEqual(at('2026-03-30T14:30:00Z'));
    expect(spring.getTime() - at('2026-03-27T15:30:00Z').getTime()).toBe(71 * HOUR);
    const autumn = addBusinessHours(biznes, at('2026-10-23T14:30:00Z'), 8);
    expect(autumn).toEqual(at('2026-10-26T15:30:00Z'));
    expect(autumn.getTime() - at('2026-10-23T14:30:00Z').getTime()).toBe(73 * HOUR);
  });

  it('count the real length of a day that the clock changes', () => {
    expect(businessMsBetween(allDay, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(23 * HOUR);
    expect(businessMsBetween(allDay, at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(25 * HOUR);
  });

  it('end a target that runs out at closing time at closing time, and start one filed at night at opening', () => {
    expect(addBusinessHours(biznes, at('2026-11-27T15:30:00Z'), 0.5)).toEqual(at('2026-11-27T16:00:00Z'));
    expect(addBusinessHours(biznes, at('2026-11-29T20:00:00Z'), 2)).toEqual(at('2026-11-30T10:00:00Z'));
  });

  it('apply the admins days off and working days', () => {
    const withExceptions = businessCalendar({
      hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
      daysOff: ['2026-11-30'],
      workingDays: ['2026-11-28', '2026-11-11'],
    });
    expect(isOpen(withExceptions, at('2026-11-30T10:00:00Z'))).toBe(false); // Monday off
    expect(isOpen(withExceptions, at('2026-11-28T10:00:00Z'))).toBe(true); // Saturday worked
    expect(isOpen(withExceptions, at('2026-11-11T10:00:00Z'))).toBe(true); // holiday worked
    expect(addBusinessHours(withExceptions, at('2026-11-27T15:30:00Z'), 8)).toEqual(at('2026-11-28T15:30:00Z'));
    const throughHolidays = businessCalendar({
      hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
      closedOnPublicHolidays: false,
    });
    expect(isOpen(throughHolidays, at('2026-11-11T10:00:00Z'))).toBe(true);
  });
});

/** Random calendars: any non-empty set of weekdays, any half-hour window, holidays on or off, a few days off. */
const calendars: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    from: fc.integer({ min: 0, max: 46 }),
    length: fc.integer({ min: 1, max: 48 }),
    closedOnPublicHolidays: fc.boolean(),
    daysOff: fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 5 }),
  })
  .map(({ days, from, length, closedOnPublicHolidays, daysOff }) => {
    const to = Math.min(48, from + length);
    const hhmm = (half: number) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`;
    return businessCalendar({
      hours: { days, from: hhmm(from), to: hhmm(to) },
      closedOnPublicHolidays,
      daysOff: daysOff.map((d) => addDays('2026-01-01', d)),
    });
  });
const instants = fc.integer({ min: Date.parse('2025-10-01T00:00:00Z'), max: Date.parse('2028-04-01T00:00:00Z') }).map((t) => new Date(t));
const durations = fc.integer({ min: 0, max: 300 * HOUR });

// Each property walks calendars day by day across years of random instants: about a second of CPU when the machine is
// idle, several when it is shared, so these get more than the default 5 s.
describe('business time, for any calendar', { timeout: 60_000 }, () => {
  it('adds exactly the business time asked for', () => {
    fc.assert(
      fc.property(calendars, instants, durations, (calendar, start, ms) => {
        const due = addBusinessMs(calendar, start, ms);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(businessMsBetween(calendar, start, due)).toBe(ms);
        // The last business millisecond was spent inside opening hours.
        if (ms > 0) expect(isOpen(calendar, new Date(due.getTime() - 1))).toBe(true);
      }),
    );
  });

  it('is monotonic: more business time is never due earlier', () => {
    fc.assert(
      fc.property(calendars, instants, durations, durations, (calendar, start, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        expect(addBusinessMs(calendar, start, short).getTime()).toBeLessThanOrEqual(addBusinessMs(calendar, start, long).getTime());
      }),
    );
  });

  it('counts business time additively, antisymmetrically and never more than real time', () => {
    fc.assert(
      fc.property(calendars, instants, instants, instants, (calendar, a, b, c) => {
        const ab = businessMsBetween(calendar, a, b);
        expect(ab + businessMsBetween(calendar, b, c)).toBe(businessMsBetween(calendar, a, c));
        expect(businessMsBetween(calendar, b, a) + ab).toBe(0);
        expect(Math.abs(ab)).toBeLessThanOrEqual(Math.abs(b.getTime() - a.getTime()));
      }),
    );
  });

  it('opens next at a moment that is open, with no business time before it', () => {
    fc.assert(
      fc.property(calendars, instants, (calendar, when) => {
        const opening = nextOpening(calendar, when)!;
        expect(isOpen(calendar, opening)).toBe(true);
        expect(businessMsBetween(calendar, when, opening)).toBe(0);
        expect(opening.getTime() === when.getTime()).toBe(isOpen(calendar, when));
      }),
    );
  });
});
