import { describe, expect, it } from 'vitest';
import { businessCalendar } from '@/server/calendar';
import { callbackPhone } from '@/server/phone/numbers';
import { callbackIcs } from '@/server/phone/ics';
import { callbackSlots, findSlot, MIN_LEAD_MS } from '@/server/phone/slots';

const WEEKDAYS_9_17 = businessCalendar({ hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' } });
const warsawTime = (d: Date) => d.toLocaleTimeString('pl-PL', { timeZone: 'Europe/Warsaw', hour: '2-digit', minute: '2-digit' });

describe('callback slots', () => {
  it('lays 30-minute slots over five working days inside the hours, skipping the weekend', () => {
    // Thursday 2026-12-10, 08:00 in Warsaw (07:00 UTC).
    const slots = callbackSlots(WEEKDAYS_9_17, new Date('2026-12-10T07:00:00Z'));
    const days = [...new Set(slots.map((s) => s.day))];
    expect(days).toEqual(['2026-12-10', '2026-12-11', '2026-12-14', '2026-12-15', '2026-12-16']);
    const thursday = slots.filter((s) => s.day === '2026-12-10');
    expect(thursday).toHaveLength(16);
    expect(warsawTime(thursday[0]!.start)).toBe('09:00');
    expect(warsawTime(thursday.at(-1)!.start)).toBe('16:30');
    expect(thursday.every((s) => s.end.getTime() - s.start.getTime() === 30 * 60_000)).toBe(true);
  });

  it('never offers a slot in the past or sooner than the lead time', () => {
    const now = new Date('2026-12-10T12:50:00Z'); // 13:50 in Warsaw
    const slots = callbackSlots(WEEKDAYS_9_17, now);
    expect(slots[0]!.start.getTime()).toBeGreaterThanOrEqual(now.getTime() + MIN_LEAD_MS);
    expect(warsawTime(slots[0]!.start)).toBe('14:30');
    // Late in the day: today has no slot left and does not count as one of the five days.
    const evening = callbackSlots(WEEKDAYS_9_17, new Date('2026-12-10T16:00:00Z'));
    expect([...new Set(evening.map((s) => s.day))]).toEqual(['2026-12-11', '2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17']);
  });

  it('skips public holidays and the admins’ days off, and keeps worked days', () => {
    // Monday 2026-12-21: Christmas Eve (24th, a public holiday since 2025), 25th and 26th off; a day off on the 22nd.
    const calendar = businessCalendar({
      hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
      daysOff: ['2026-12-22'],
      workingDays: ['2026-12-27'],
    });
    const days = [...new Set(callbackSlots(calendar, new Date('2026-12-21T06:00:00Z')).map((s) => s.day))];
    expect(days).toEqual(['2026-12-21', '2026-12-23', '2026-12-27', '2026-12-28', '2026-12-29']);
  });

  it('reads local wall time across the clock change (8:00 Warsaw is 7:00 UTC in winter, 6:00 in summer)', () => {
    // Saturday 2027-03-27; the clocks go forward on Sunday 28 March (Easter Sunday that year: holidays worked here).
    const calendar = businessCalendar({
      hours: { days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '10:00' },
      closedOnPublicHolidays: false,
    });
    const slots = callbackSlots(calendar, new Date('2027-03-27T05:00:00Z'), 2);
    expect(slots.filter((s) => s.day === '2027-03-27')[0]!.start.toISOString()).toBe('2027-03-27T07:00:00.000Z');
    expect(slots.filter((s) => s.day === '2027-03-28')[0]!.start.toISOString()).toBe('2027-03-28T06:00:00.000Z');
    expect(slots.filter((s) => s.day === '2027-03-28').map((s) => warsawTime(s.start))).toEqual(['08:00', '08:30', '09:00', '09:30']);
  });

  it('finds only exact slot starts', () => {
    const now = new Date('2026-12-10T07:00:00Z');
    expect(findSlot(WEEKDAYS_9_17, now, new Date('2026-12-10T09:30:00Z'))).not.toBeNull();
    expect(findSlot(WEEKDAYS_9_17, now, new Date('2026-12-10T09:40:00Z'))).toBeNull();
    expect(findSlot(WEEKDAYS_9_17, now, new Date('2026-12-12T09:30:00Z'))).toBeNull(); // Saturday
  });
});

describe('callback phone numbers', () => {
  it('normalises Polish mobiles and landlines to E.164', () => {
    expect(callbackPhone('601 234 567')).toEqual({ ok: true, e164: '+48601234567' });
    expect(callbackPhone('(22) 123-45-67')).toEqual({ ok: true, e164: '+48221234567' });
    expect(callbackPhone('0048 601 234 567')).toEqual({ ok: true, e164: '+48601234567' });
  });

  it('refuses text, foreign numbers and numbers nobody answers', () => {
    expect(callbackPhone('12345')).toEqual({ ok: false, error: 'invalid' });
    expect(callbackPhone('zadzwoń')).toEqual({ ok: false, error: 'invalid' });
    expect(callbackPhone('+44 7911 123456')).toEqual({ ok: false, error: 'notPolish' });
    expect(callbackPhone('800 123 456')).toEqual({ ok: false, error: 'notReachable' });
    expect(callbackPhone('70 123 45 67')).toEqual({ ok: false, error: 'notReachable' });
  });
});

describe('callback invitation (.ics)', () => {
  const base = {
    callbackId: '3f1c0a52-0000-4000-8000-000000000001',
    start: new Date('2026-12-14T09:00:00Z'),
    end: new Date('2026-12-14T09:30:00Z'),
    title: 'Rozmowa zwrotna Vouchie VCH-10001',
    description: 'Konsultant zadzwoni na numer +48 601 234 567.',
    url: 'https://support.vouchie.pl/pomoc/rozmowa-zwrotna?t=abc',
    organizer: { name: 'Wsparcie Vouchie', email: 'wsparcie@vouchie.pl' },
    attendee: { name: 'Ola Nowak', email: 'ola@sklep.test' },
    domain: 'vouchie.pl',
  };
  const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');

  it('is a REQUEST with a stable UID, UTC times and the sequence given', () => {
    const ics = unfold(callbackIcs({ ...base, method: 'REQUEST', sequence: 0 }));
    expect(ics).toMatch(/^METHOD:REQUEST$/m);
    expect(ics).toMatch(/^UID:callback-3f1c0a52-0000-4000-8000-000000000001@vouchie\.pl$/m);
    expect(ics).toMatch(/^DTSTART:20261214T090000Z$/m);
    expect(ics).toMatch(/^DTEND:20261214T093000Z$/m);
    expect(ics).toMatch(/^SEQUENCE:0$/m);
    expect(ics).toMatch(/^STATUS:CONFIRMED$/m);
    expect(ics).toMatch(/^ORGANIZER;CN="?Wsparcie Vouchie"?:mailto:wsparcie@vouchie\.pl$/im);
    expect(ics).toMatch(/ATTENDEE.*mailto:ola@sklep\.test/i);
  });

  it('a move keeps the UID with a higher SEQUENCE; a cancel is METHOD:CANCEL', () => {
    const moved = unfold(callbackIcs({ ...base, method: 'REQUEST', sequence: 1 }));
    const cancelled = unfold(callbackIcs({ ...base, method: 'CANCEL', sequence: 2 }));
    const uid = (ics: string) => /^UID:(.+)$/m.exec(ics)?.[1];
    expect(uid(moved)).toBe(uid(cancelled));
    expect(moved).toMatch(/^SEQUENCE:1$/m);
    expect(cancelled).toMatch(/^METHOD:CANCEL$/m);
    expect(cancelled).toMatch(/^STATUS:CANCELLED$/m);
    expect(cancelled).toMatch(/^SEQUENCE:2$/m);
  });
});
