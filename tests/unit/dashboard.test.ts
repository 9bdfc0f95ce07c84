import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import pl from '@/i18n/messages/pl.json';
import en from '@/i18n/messages/en.json';
import { attainment, warsawDay, warsawDayStart, windowDays, zeroFill } from '@/server/agent/dashboard';
import { durationParts, formatDuration, niceCeiling, type DurationTranslator } from '@/components/agent/dashboard/format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const tPl = createTranslator({ locale: 'pl', messages: pl, namespace: 'dashboard.duration' }) as unknown as DurationTranslator;
const tEn = createTranslator({ locale: 'en', messages: en, namespace: 'dashboard.duration' }) as unknown as DurationTranslator;

describe('duration formatting', () => {
  it('reads like a person would say it, in Polish', () => {
    expect(formatDuration(20_000, tPl)).toBe('< 1 min');
    expect(formatDuration(45 * MINUTE, tPl)).toBe('45 min');
    expect(formatDuration(2 * HOUR + 15 * MINUTE, tPl)).toBe('2 godz. 15 min');
    expect(formatDuration(3 * HOUR, tPl)).toBe('3 godz.');
    expect(formatDuration(DAY + 4 * HOUR, tPl)).toBe('1 dzień 4 godz.');
    expect(formatDuration(2 * DAY, tPl)).toBe('2 dni');
    expect(formatDuration(5 * DAY + HOUR, tPl)).toBe('5 dni 1 godz.');
  });

  it('reads naturally in English, with plural days', () => {
    expect(formatDuration(2 * HOUR + 15 * MINUTE, tEn)).toBe('2 h 15 min');
    expect(formatDuration(DAY + 4 * HOUR, tEn)).toBe('1 day 4 h');
    expect(formatDuration(3 * DAY, tEn)).toBe('3 days');
  });

  it('rounds to minutes below a day and to hours above, carrying into the next unit', () => {
    expect(durationParts(59 * MINUTE + 40_000)).toEqual({ unit: 'hours', hours: 1, minutes: 0 });
    expect(durationParts(DAY - 20_000)).toEqual({ unit: 'days', days: 1, hours: 0 });
    expect(durationParts(DAY + 4 * HOUR + 40 * MINUTE)).toEqual({ unit: 'days', days: 1, hours: 5 });
    expect(durationParts(2 * DAY - 10 * MINUTE)).toEqual({ unit: 'days', days: 2, hours: 0 });
    expect(durationParts(-5 * MINUTE)).toEqual({ unit: 'lessThanMinute' });
  });
});

describe('Warsaw days', () => {
  it('puts an instant on its Europe/Warsaw calendar day, not the UTC one', () => {
    expect(warsawDay(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-16');
    expect(warsawDay(new Date('2026-07-15T21:59:00Z'))).toBe('2026-07-15');
    expect(warsawDay(new Date('2026-07-15T22:00:00Z'))).toBe('2026-07-16');
  });

  it('finds midnight in winter, in summer and on both DST change days', () => {
    expect(warsawDayStart('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(warsawDayStart('2026-07-15').toISOString()).toBe('2026-07-14T22:00:00.000Z');
    // Clocks go forward at 02:00 on 29 March and back at 03:00 on 25 October 2026: both days still start at CET / CEST midnight.
    expect(warsawDayStart('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(warsawDayStart('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(warsawDayStart('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(warsawDayStart('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('lists the last N days up to today, across a month end', () => {
    const days = windowDays(new Date('2026-03-02T08:00:00Z'), 30);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-02-01');
    expect(days.slice(-3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    // 00:30 Warsaw on 1 March is still 28 February in UTC.
    expect(windowDays(new Date('2026-02-28T23:30:00Z'), 2)).toEqual(['2026-02-28', '2026-03-01']);
  });

  it('zero-fills missing days in order and ignores days outside the window', () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03'];
    expect(
      zeroFill(days, [
        { day: '2026-03-03', count: 4 },
        { day: '2026-02-27', count: 9 },
        { day: '2026-03-01', count: 1 },
      ]),
    ).toEqual([
      { day: '2026-03-01', count: 1 },
      { day: '2026-03-02', count: 0 },
      { day: '2026-03-03', count: 4 },
    ]);
    expect(zeroFill(days, [])).toEqual(days.map((day) => ({ day, count: 0 })));
  });
});

describe('SLA attainment', () => {
  it('is a share of decided tickets, and unknown when none is decided', () => {
    expect(attainment(3, 4)).toEqual({ met: 3, total: 4, rate: 0.75 });
    expect(attainment(0, 0)).toEqual({ met: 0, total: 0, rate: null });
  });
});

describe('chart scale', () => {
  it('tops the chart at a round number at or above the busiest day, with a whole middle line', () => {
    expect(niceCeiling(0)).toBe(4);
    expect(niceCeiling(3)).toBe(4);
    expect(niceCeiling(5)).toBe(6);
    expect(niceCeiling(9)).toBe(10);
    expect(niceCeiling(10)).toBe(10);
    expect(niceCeiling(11)).toBe(20);
    expect(niceCeiling(41)).toBe(60);
    expect(niceCeiling(1370)).toBe(2000);
    expect(niceCeiling(2000)).toBe(2000);
  });
});
