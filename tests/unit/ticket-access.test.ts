import { describe, expect, it } from 'vitest';
import { signTicketLink, verifyTicketLink } from '@/server/auth/ticket-link';
import { sign } from '@/server/auth/signing';
import { canSeeInternalNotes, canViewAttachment, canViewTicket, type Principal } from '@/server/auth/policy';
import { formatTicketNumber, parseTicketNumber } from '@/server/tickets/numbering';

const ticketId = '6f1c2a44-9d7b-4c1e-8a2f-3b5d7e9f1a2c';
const ticket = { id: ticketId, reporterId: 'u-reporter', companyId: 'c-1', reporterEmail: 'anna@firma.pl' };

describe('ticket links', () => {
  it('verifies a link for its ticket and recipient until it expires', () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const token = signTicketLink(ticketId, 'Anna@Firma.pl', now);
    expect(verifyTicketLink(token, now)).toMatchObject({ ticketId, email: 'anna@firma.pl' });
    expect(verifyTicketLink(token, new Date('2026-12-28T10:00:00Z'))).toBeNull();
  });

  it('refuses a tampered payload or signature', () => {
    const token = signTicketLink(ticketId, 'anna@firma.pl');
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ t: ticketId, e: 'mallory@evil.pl', x: 4_000_000_000 })).toString('base64url');
    expect(verifyTicketLink(`${forged}.${mac}`)).toBeNull();
    expect(verifyTicketLink(`${body}.${mac.slice(0, -2)}xx`)).toBeNull();
    expect(verifyTicketLink('garbage')).toBeNull();
    expect(verifyTicketLink('')).toBeNull();
  });

  it('refuses a token signed for another purpose', () => {
    const other = sign('magic-link', { t: ticketId, e: 'anna@firma.pl', x: 4_000_000_000 });
    expect(verifyTicketLink(other)).toBeNull();
  });
});

describe('policy', () => {
  const customer = (over: Partial<Extract<Principal, { kind: 'user' }>> = {}): Principal => ({
    kind: 'user',
    userId: 'u-other',
    role: 'CUSTOMER',
    companyId: 'c-2',
    isCompanyAdmin: false,
    ...over,
  });

  it('lets the reporter, their company admin and staff see a ticket; nobody else', () => {
    expect(canViewTicket(customer({ userId: 'u-reporter' }), ticket)).toBe(true);
    expect(canViewTicket(customer({ companyId: 'c-1', isCompanyAdmin: true }), ticket)).toBe(true);
    expect(canViewTicket(customer({ companyId: 'c-1', isCompanyAdmin: false }), ticket)).toBe(false);
    expect(canViewTicket(customer(), ticket)).toBe(false);
    expect(canViewTicket(customer({ role: 'AGENT' }), ticket)).toBe(true);
    expect(canViewTicket({ kind: 'guest' }, ticket)).toBe(false);
  });

  it('accepts a ticket link only for its own ticket and recipient', () => {
    const grant = { ticketId, email: 'anna@firma.pl', expiresAt: new Date() };
    expect(canViewTicket({ kind: 'ticketLink', grant }, ticket)).toBe(true);
    expect(canViewTicket({ kind: 'ticketLink', grant: { ...grant, ticketId: 'other' } }, ticket)).toBe(false);
    expect(canViewTicket({ kind: 'ticketLink', grant: { ...grant, email: 'x@firma.pl' } }, ticket)).toBe(false);
  });

  it('keeps internal notes and their files from customers', () => {
    expect(canSeeInternalNotes(customer({ userId: 'u-reporter' }))).toBe(false);
    expect(canSeeInternalNotes(customer({ role: 'ADMIN' }))).toBe(true);
    const noteFile = { ticket, uploadToken: null, isOnInternalNote: true };
    expect(canViewAttachment(customer({ userId: 'u-reporter' }), noteFile)).toBe(false);
    expect(canViewAttachment(customer({ role: 'AGENT' }), noteFile)).toBe(true);
  });

  it('shows an unattached upload only to the holder of its upload token', () => {
    const upload = { ticket: null, uploadToken: 'secret-token', isOnInternalNote: false };
    expect(canViewAttachment({ kind: 'guest' }, upload, 'secret-token')).toBe(true);
    expect(canViewAttachment({ kind: 'guest' }, upload, 'other')).toBe(false);
    expect(canViewAttachment(customer({ role: 'AGENT' }), upload)).toBe(false);
  });
});

describe('ticket numbers', () => {
  it('formats and parses VCH numbers and rejects anything else', () => {
    expect(formatTicketNumber(10001)).toBe('VCH-10001');
    expect(parseTicketNumber('VCH-10001')).toBe(10001);
    expect(parseTicketNumber('vch-42')).toBe(42);
    expect(parseTicketNumber('10001')).toBe(10001);
    for (const bad of ['VCH-', 'VCH-1e3', '../10001', '10001; DROP', '-5', '0', '']) expect(parseTicketNumber(bad)).toBeNull();
  });
});
