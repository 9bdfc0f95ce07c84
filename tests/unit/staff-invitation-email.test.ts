import { describe, expect, it } from 'vitest';
import { renderStaffInvitation } from '@/server/mail/outbound/templates';
import { inviteStaffSchema } from '@/server/admin/team-schemas';
import { toFieldErrors } from '@/server/tickets/schemas';

const url = 'http://localhost:3000/api/auth/callback/email?callbackUrl=%2Fagent&token=abc123&email=ola%40vouchie.pl';
const expiresAt = new Date('2026-12-04T09:30:00Z');

describe('staff invitation e-mail', () => {
  it('names the inviter and the role, carries the link in both parts, and says when it expires (Polish time)', () => {
    const mail = renderStaffInvitation({
      locale: 'pl',
      recipientName: 'Ola Nowak',
      inviterName: 'Joanna Mazur',
      role: 'ADMIN',
      url,
      expiresAt,
    });
    expect(mail.subject).toBe('Zaproszenie do zespołu Wsparcia Vouchie');
    expect(mail.text.startsWith('Dzień dobry,\n')).toBe(true);
    expect(mail.text).toContain('Joanna Mazur zaprasza Cię do zespołu Wsparcia Vouchie jako: administrator.');
    expect(mail.text).toContain(`Dołącz do zespołu: ${url}`);
    expect(mail.text).toContain('4 grudnia 2026 10:30');
    expect(mail.html).toContain(`href="${url.replace(/&/g, '&amp;')}"`);
  });

  it('speaks English to an English-speaking invitee and escapes names in the HTML part', () => {
    const mail = renderStaffInvitation({
      locale: 'en',
      recipientName: '<b>Tom</b>',
      inviterName: 'Ann & Co',
      role: 'AGENT',
      url,
      expiresAt,
    });
    expect(mail.subject).toBe('Your invitation to the Vouchie Support team');
    expect(mail.text).toContain('invites you to the Vouchie Support team as: agent.');
    expect(mail.html).toContain('&lt;b&gt;Tom&lt;/b&gt;');
    expect(mail.html).toContain('Ann &amp; Co');
    expect(mail.html).not.toContain('<b>Tom</b>');
  });
});

describe('invitation form schema', () => {
  it('normalises the address and names each problem with its own catalogue key', () => {
    expect(inviteStaffSchema.parse({ email: ' Ola@Vouchie.PL ', name: ' Ola ', role: 'AGENT', locale: 'pl' })).toEqual({
      email: 'ola@vouchie.pl',
      name: 'Ola',
      role: 'AGENT',
      locale: 'pl',
    });
    const parsed = inviteStaffSchema.safeParse({ email: '', name: '  ', role: 'CUSTOMER', locale: 'de' });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(toFieldErrors(parsed.error)).toEqual({
      email: ['errors.email.required'],
      name: ['adminTeam.errors.nameRequired'],
      role: ['adminTeam.errors.role'],
      locale: ['adminTeam.errors.locale'],
    });
  });
});
