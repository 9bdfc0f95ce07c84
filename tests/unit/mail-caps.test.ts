import { describe, expect, it } from 'vitest';
import { judgeCaps, type CapHistory } from '@/server/mail/outbound/caps';

const limits = { perRecipientPerHour: 20, perTicketPerHour: 30 };
const quiet: CapHistory = {
  bounced: false,
  bounceReason: null,
  accountMail: 0,
  staffMailOnTicket: 0,
  customerMail: 0,
  customerMailOnTicket: 0,
};
const ticketMail = { ticketId: '5b0f9a4e-8f7c-4a43-9d0e-6a1b2c3d4e5f', template: 'ticket.status_changed' };

describe('judgeCaps', () => {
  it('lets mail through while every count is under its cap', () => {
    expect(judgeCaps(ticketMail, { ...quiet, customerMail: 19, customerMailOnTicket: 29 }, limits)).toEqual({ suppressed: false });
  });

  it('holds back ticket mail to an address that reached the per-recipient cap, before the per-ticket one', () => {
    const verdict = judgeCaps(ticketMail, { ...quiet, customerMail: 20, customerMailOnTicket: 30 }, limits);
    expect(verdict).toMatchObject({ suppressed: true, reason: 'recipient_cap' });
  });

  it('holds back mail about a ticket that reached the per-ticket cap', () => {
    expect(judgeCaps(ticketMail, { ...quiet, customerMailOnTicket: 30 }, limits)).toMatchObject({ suppressed: true, reason: 'ticket_cap' });
  });

  it('caps staff notifications per ticket and agent only, whatever the address received otherwise', () => {
    const staff = { ...ticketMail, template: 'agent.new_ticket' };
    expect(judgeCaps(staff, { ...quiet, customerMail: 500, customerMailOnTicket: 500, staffMailOnTicket: 29 }, limits)).toEqual({
      suppressed: false,
    });
    expect(judgeCaps(staff, { ...quiet, staffMailOnTicket: 30 }, limits)).toMatchObject({ suppressed: true, reason: 'ticket_cap' });
  });

  it('counts account mail apart, at twice the recipient cap', () => {
    const account = { ticketId: null, template: 'auth.magicLink' };
    expect(judgeCaps(account, { ...quiet, customerMail: 500, accountMail: 39 }, limits)).toEqual({ suppressed: false });
    expect(judgeCaps(account, { ...quiet, accountMail: 40 }, limits)).toMatchObject({ suppressed: true, reason: 'account_cap' });
  });

  it('suppresses mail to a hard-bounced address with the reason, except a sign-in link', () => {
    const bounced = { ...quiet, bounced: true, bounceReason: '550 5.1.1 user unknown' };
    const verdict = judgeCaps(ticketMail, bounced, limits);
    expect(verdict).toMatchObject({ suppressed: true, reason: 'bounced' });
    expect(verdict.suppressed && verdict.lastError).toContain('550 5.1.1 user unknown');
    expect(judgeCaps({ ticketId: null, template: 'auth.magicLink' }, bounced, limits)).toEqual({ suppressed: false });
  });
});
