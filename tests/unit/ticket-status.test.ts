import { describe, expect, it } from 'vitest';
import { canTransition, customerActionsFor, customerReplyEffect, isRatable, OPEN_STATUSES, TICKET_STATUSES } from '@/server/tickets/status';
import { followUpSubject } from '@/server/tickets/customer-actions';

describe('ticket status rules', () => {
  it('lets a customer mark any open ticket solved and reopen a solved one, nothing else', () => {
    const allowed = TICKET_STATUSES.flatMap((from) =>
      TICKET_STATUSES.filter((to) => canTransition(from, to, 'customer')).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'NEW→RESOLVED',
        'OPEN→RESOLVED',
        'WAITING_ON_CUSTOMER→RESOLVED',
        'ON_HOLD→RESOLVED',
        'RESOLVED→OPEN',
        'WAITING_ON_CUSTOMER→OPEN',
      ].sort(),
    );
  });

  it('keeps a closed ticket closed for everyone', () => {
    for (const to of TICKET_STATUSES) {
      for (const actor of ['customer', 'agent', 'system'] as const) expect(canTransition('CLOSED', to, actor)).toBe(false);
    }
  });

  it('lets agents walk the lifecycle Nowe → Otwarte → Czeka na klienta → Wstrzymane → Rozwiązane → Zamknięte', () => {
    expect(canTransition('NEW', 'OPEN', 'agent')).toBe(true);
    expect(canTransition('OPEN', 'WAITING_ON_CUSTOMER', 'agent')).toBe(true);
    expect(canTransition('WAITING_ON_CUSTOMER', 'ON_HOLD', 'agent')).toBe(true);
    expect(canTransition('ON_HOLD', 'RESOLVED', 'agent')).toBe(true);
    expect(canTransition('RESOLVED', 'CLOSED', 'agent')).toBe(true);
    expect(canTransition('RESOLVED', 'CLOSED', 'customer')).toBe(false);
  });

  it('says what a customer reply does in each status', () => {
    expect(customerReplyEffect('RESOLVED')).toEqual({ kind: 'move', to: 'OPEN' });
    expect(customerReplyEffect('WAITING_ON_CUSTOMER')).toEqual({ kind: 'move', to: 'OPEN' });
    expect(customerReplyEffect('CLOSED')).toEqual({ kind: 'followUp' });
    for (const status of ['NEW', 'OPEN', 'ON_HOLD'] as const) expect(customerReplyEffect(status)).toEqual({ kind: 'keep' });
  });

  it('asks for a rating only once a ticket is solved or closed, and only from its reporter', () => {
    expect(TICKET_STATUSES.filter(isRatable)).toEqual(['RESOLVED', 'CLOSED']);
    expect(customerActionsFor('RESOLVED', 'reporter')).toEqual({ reply: true, markSolved: false, reopen: true, rate: true });
    expect(customerActionsFor('RESOLVED', 'companyAdmin').rate).toBe(false);
    for (const status of OPEN_STATUSES)
      expect(customerActionsFor(status, 'reporter')).toEqual({ reply: true, markSolved: true, reopen: false, rate: false });
    expect(customerActionsFor('CLOSED', 'reporter')).toEqual({ reply: true, markSolved: false, reopen: false, rate: true });
    expect(customerActionsFor('OPEN', null)).toEqual({ reply: false, markSolved: false, reopen: false, rate: false });
  });
});

describe('followUpSubject', () => {
  it('prefixes Re: once and stays within the subject limit', () => {
    expect(followUpSubject('Voucher nie działa')).toBe('Re: Voucher nie działa');
    expect(followUpSubject('RE: Voucher nie działa')).toBe('Re: Voucher nie działa');
    const long = followUpSubject('ż'.repeat(150));
    expect(Array.from(long)).toHaveLength(150);
    expect(long.endsWith('…')).toBe(true);
  });
});
