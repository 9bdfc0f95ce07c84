import { describe, expect, it } from 'vitest';
import { businessCalendar } from '@/server/calendar';
import { endsSlaPause, slaChangesForMove } from '@/server/sla/clock';

const at = (iso: string) => new Date(iso);
const clock = {
  firstResponseDueAt: at('2026-11-27T12:00:00Z'),
  resolutionDueAt: at('2026-11-29T12:00:00Z'),
};
/** Round the clock, every day: business time is real time. */
const allDay = businessCalendar({ hours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }, closedOnPublicHolidays: false });
/** BIZNES's support hours: Mon–Fri 9–17, Warsaw. */
const biznes = businessCalendar({ hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' } });

describe('SLA clocks', () => {
  it('start the pause when a ticket starts waiting on the customer', () => {
    expect(
      slaChangesForMove({ ...clock, status: 'OPEN', slaPausedAt: null }, 'WAITING_ON_CUSTOMER', at('2026-11-27T10:00:00Z'), null),
    ).toEqual({
      slaPausedAt: at('2026-11-27T10:00:00Z'),
    });
  });

  it('move both due dates by the paused time when the ticket stops waiting (round-the-clock support)', () => {
    const paused = { ...clock, status: 'WAITING_ON_CUSTOMER' as const, slaPausedAt: at('2026-11-27T10:00:00Z') };
    expect(endsSlaPause(paused, 'OPEN')).toBe(true);
    expect(slaChangesForMove(paused, 'OPEN', at('2026-11-27T13:30:00Z'), allDay)).toEqual({
      slaPausedAt: null,
      firstResponseDueAt: at('2026-11-27T15:30:00Z'),
      resolutionDueAt: at('2026-11-29T15:30:00Z'),
    });
  });

  it('give back the business time that was left, counted from the reply, in support hours', () => {
    // Paused on Friday 27 Nov at 15:00 Warsaw with 1 business hour to the first response (due 16:00) and 3 to
    // resolution (due Monday 10:00: Friday 15–17 and Monday 9–10). The customer answers on Saturday.
    const paused = {
      status: 'WAITING_ON_CUSTOMER' as const,
      slaPausedAt: at('2026-11-27T14:00:00Z'),
      firstResponseDueAt: at('2026-11-27T15:00:00Z'),
      resolutionDueAt: at('2026-11-30T09:00:00Z'),
    };
    expect(slaChangesForMove(paused, 'OPEN', at('2026-11-28T11:00:00Z'), biznes)).toEqual({
      slaPausedAt: null,
      firstResponseDueAt: at('2026-11-30T09:00:00Z'), // Monday 10:00
      resolutionDueAt: at('2026-11-30T11:00:00Z'), // Monday 12:00
    });
  });

  it('leave a deadline that was already missed when the pause began where it was', () => {
    const paused = { ...clock, status: 'WAITING_ON_CUSTOMER' as const, slaPausedAt: at('2026-11-27T13:00:00Z') };
    expect(slaChangesForMove(paused, 'OPEN', at('2026-11-30T09:00:00Z'), biznes).firstResponseDueAt).toEqual(clock.firstResponseDueAt);
  });

  it('leave the clocks alone for moves that neither start nor end a pause', () => {
    expect(endsSlaPause({ status: 'NEW', slaPausedAt: null }, 'OPEN')).toBe(false);
    expect(slaChangesForMove({ ...clock, status: 'NEW', slaPausedAt: null }, 'OPEN', new Date(), null)).toEqual({});
    expect(
      slaChangesForMove(
        { ...clock, status: 'WAITING_ON_CUSTOMER', slaPausedAt: at('2026-11-27T10:00:00Z') },
        'WAITING_ON_CUSTOMER',
        new Date(),
        null,
      ),
    ).toEqual({});
  });
});
