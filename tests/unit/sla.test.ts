import { describe, expect, it } from 'vitest';
import { slaChangesForMove } from '@/server/sla/clock';

const at = (iso: string) => new Date(iso);
const clock = {
  firstResponseDueAt: at('2026-11-27T12:00:00Z'),
  resolutionDueAt: at('2026-11-29T12:00:00Z'),
};

describe('SLA clocks', () => {
  it('start the pause when a ticket starts waiting on the customer', () => {
    expect(slaChangesForMove({ ...clock, status: 'OPEN', slaPausedAt: null }, 'WAITING_ON_CUSTOMER', at('2026-11-27T10:00:00Z'))).toEqual({
      slaPausedAt: at('2026-11-27T10:00:00Z'),
    });
  });

  it('move both due dates by the paused time when the ticket stops waiting', () => {
    const paused = { ...clock, status: 'WAITING_ON_CUSTOMER' as const, slaPausedAt: at('2026-11-27T10:00:00Z') };
    expect(slaChangesForMove(paused, 'OPEN', at('2026-11-27T13:30:00Z'))).toEqual({
      slaPausedAt: null,
      firstResponseDueAt: at('2026-11-27T15:30:00Z'),
      resolutionDueAt: at('2026-11-29T15:30:00Z'),
    });
  });

  it('leave the clocks alone for moves that neither start nor end a pause', () => {
    expect(slaChangesForMove({ ...clock, status: 'NEW', slaPausedAt: null }, 'OPEN', new Date())).toEqual({});
    expect(
      slaChangesForMove(
        { ...clock, status: 'WAITING_ON_CUSTOMER', slaPausedAt: at('2026-11-27T10:00:00Z') },
        'WAITING_ON_CUSTOMER',
        new Date(),
      ),
    ).toEqual({});
  });
});
