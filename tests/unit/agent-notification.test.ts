import { describe, expect, it } from 'vitest';
import { renderAgentNotification, type AgentNotificationInput } from '@/server/mail/outbound/templates';

const SCRIPT = '<script>alert("x")</script>';

function input(overrides: Partial<AgentNotificationInput> = {}): AgentNotificationInput {
  return {
    locale: 'pl',
    kind: 'customerReplied',
    recipientName: 'Ewa Dąbrowska',
    ticketNumber: 'VCH-10042',
    subject: 'Voucher nie działa w kasie',
    customer: { name: 'Anna Wiśniewska', email: 'anna@kwiaciarnia.pl', company: 'Kwiaciarnia Różana' },
    statusLabel: 'Otwarte',
    message: 'Nadal nie działa.\nZrzut w załączniku.',
    attachmentCount: 1,
    ticketUrl: 'https://support.vouchie.pl/pomoc/zgloszenia/VCH-10042',
    ...overrides,
  };
}

describe('renderAgentNotification', () => {
  it('tags the subject with the ticket number and says what happened, in the agent’s language', () => {
    expect(renderAgentNotification(input()).subject).toBe('[VCH-10042] Nowa odpowiedź klienta: Voucher nie działa w kasie');
    expect(renderAgentNotification(input({ locale: 'en' })).subject).toBe('[VCH-10042] New customer reply: Voucher nie działa w kasie');
    expect(renderAgentNotification(input({ kind: 'rated', rating: 4 })).subject).toBe(
      '[VCH-10042] Ocena obsługi 4/5: Voucher nie działa w kasie',
    );
    expect(renderAgentNotification(input({ kind: 'followUp', previousTicketNumber: 'VCH-10001' })).text).toContain(
      'zamknięte zgłoszenie VCH-10001',
    );
  });

  it('carries the customer, the message and the link in both parts', () => {
    const mail = renderAgentNotification(input());
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Anna Wiśniewska');
      expect(part).toContain('Kwiaciarnia Różana');
      expect(part).toContain('https://support.vouchie.pl/pomoc/zgloszenia/VCH-10042');
    }
    expect(mail.text).toContain('Nadal nie działa.\nZrzut w załączniku.');
    expect(mail.html).toContain('Nadal nie działa.<br>Zrzut w załączniku.');
  });

  it('escapes what customers wrote', () => {
    const mail = renderAgentNotification(
      input({ message: SCRIPT, customer: { name: SCRIPT, email: 'x@example.pl' }, kind: 'rated', rating: 1, ratingComment: SCRIPT }),
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.text).toContain('★☆☆☆☆ (1/5)');
  });
});
