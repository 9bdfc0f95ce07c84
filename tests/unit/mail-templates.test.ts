import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  renderEmailLayout,
  renderTicketReceived,
  ticketEmailSubject,
  truncate,
  type TicketReceivedInput,
} from '@/server/mail/outbound/templates';
import { buildMessage } from '@/server/mail/outbound/sender';

const SCRIPT = '<script>alert("x")</script>';

function ticket(overrides: Partial<TicketReceivedInput> = {}): TicketReceivedInput {
  return {
    locale: 'pl',
    recipientName: 'Anna Nowak',
    ticketNumber: 'VCH-10001',
    subject: 'Voucher nie daje się zrealizować',
    categoryLabel: 'Błąd techniczny',
    priorityLabel: 'Normalny',
    summary: 'Klient pokazał kod przy kasie, a system odpowiedział „kod nieważny”.',
    ticketUrl: 'https://support.vouchie.pl/pomoc/zgloszenia/abc?token=t1&x=2',
    createdAt: new Date('2026-11-27T10:15:00Z'),
    ...overrides,
  };
}

describe('escapeHtml', () => {
  it('escapes the five characters that can open markup or close an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('leaves other text, diacritics and emoji untouched', () => {
    expect(escapeHtml('Zażółć gęślą jaźń 🎟️ 100 zł')).toBe('Zażółć gęślą jaźń 🎟️ 100 zł');
  });
});

describe('truncate', () => {
  it('keeps short text as it is', () => {
    expect(truncate('krótki opis', 500)).toBe('krótki opis');
  });

  it('cuts long text at a word boundary and marks the cut', () => {
    const cut = truncate('słowo '.repeat(200), 500);
    expect(Array.from(cut).length).toBeLessThanOrEqual(500);
    expect(cut.endsWith('słowo…')).toBe(true);
  });

  it('never splits an emoji in half', () => {
    const cut = truncate('🎟'.repeat(600), 500);
    expect(cut).toBe(`${'🎟'.repeat(499)}…`);
  });
});

describe('renderTicketReceived', () => {
  it('puts the ticket number tag first in the subject, then the ticket subject', () => {
    expect(renderTicketReceived(ticket()).subject).toBe('[VCH-10001] Voucher nie daje się zrealizować');
    expect(ticketEmailSubject('VCH-10002', '  dwie\nlinie  ')).toBe('[VCH-10002] dwie linie');
  });

  it('escapes markup from the subject, summary and name in HTML and keeps it verbatim in the text part', () => {
    const mail = renderTicketReceived(ticket({ subject: `Błąd ${SCRIPT}`, summary: `Opis ${SCRIPT}`, recipientName: `Jan ${SCRIPT}` }));
    expect(mail.html).not.toContain('<script');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.text).toContain(`Dzień dobry, Jan ${SCRIPT}!`);
    expect(mail.text).toContain(`Opis ${SCRIPT}`);
    expect(mail.subject).toBe(`[VCH-10001] Błąd ${SCRIPT}`);
  });

  it('escapes the link target and refuses links that are not http(s)', () => {
    expect(renderTicketReceived(ticket()).html).toContain('href="https://support.vouchie.pl/pomoc/zgloszenia/abc?token=t1&amp;x=2"');
    expect(() => renderTicketReceived(ticket({ ticketUrl: 'javascript:alert(1)' }))).toThrow(/http/);
  });

  it('writes Polish by default: greeting, number, button, reply hint and signature in both parts', () => {
    const mail = renderTicketReceived(ticket());
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Dzień dobry, Anna Nowak!');
      expect(part).toContain('Otrzymaliśmy Twoje zgłoszenie');
      expect(part).toContain('VCH-10001');
      expect(part).toContain('Zobacz zgłoszenie');
      expect(part).toContain('Po prostu odpowiedz na tę wiadomość');
      expect(part).toContain('Zespół Wsparcia Vouchie');
      expect(part).toContain('27 listopada 2026');
    }
    expect(mail.text).toContain('Zobacz zgłoszenie: https://support.vouchie.pl/pomoc/zgloszenia/abc?token=t1&x=2');
    expect(mail.html).toContain('lang="pl"');
    expect(mail.html).toContain('#2545ea');
  });

  it('keeps Polish diacritics and emoji intact', () => {
    const mail = renderTicketReceived(ticket({ subject: 'Źle naliczona opłata 💳', summary: 'Zażółć gęślą jaźń 🎟️', recipientName: 'Łucja Ślęzak' }));
    expect(mail.subject).toBe('[VCH-10001] Źle naliczona opłata 💳');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Źle naliczona opłata 💳');
      expect(part).toContain('Zażółć gęślą jaźń 🎟️');
      expect(part).toContain('Łucja Ślęzak');
    }
  });

  it('shortens a long summary to about 500 characters', () => {
    const mail = renderTicketReceived(ticket({ summary: `${'a'.repeat(490)} ${'koniec '.repeat(50)}` }));
    expect(mail.text).toContain('…');
    expect(mail.text).not.toContain('koniec koniec koniec');
  });

  it('greets without a name when there is none', () => {
    const mail = renderTicketReceived(ticket({ recipientName: null }));
    expect(mail.text.startsWith('Dzień dobry!\n')).toBe(true);
  });

  it('renders English for the en locale', () => {
    const mail = renderTicketReceived(ticket({ locale: 'en' }));
    expect(mail.subject).toBe('[VCH-10001] Voucher nie daje się zrealizować');
    expect(mail.text).toContain('Hello Anna Nowak,');
    expect(mail.text).toContain('We have received your ticket');
    expect(mail.text).toContain('View ticket: https://');
    expect(mail.text).toContain('Vouchie Support Team');
    expect(mail.text).toContain('27 November 2026');
    expect(mail.html).toContain('lang="en"');
    expect(mail.text).not.toContain('Zobacz zgłoszenie');
  });
});

describe('renderEmailLayout', () => {
  it('gives later templates the same frame and escaping', () => {
    const { text, html } = renderEmailLayout({
      locale: 'pl',
      preheader: 'Nowa odpowiedź',
      greeting: 'Dzień dobry!',
      blocks: [{ kind: 'paragraph', text: 'Konsultant <b>odpowiedział</b>.\nDruga linia' }],
    });
    expect(html).toContain('Konsultant &lt;b&gt;odpowiedział&lt;/b&gt;.<br>Druga linia');
    expect(text).toContain('Konsultant <b>odpowiedział</b>.\nDruga linia');
    expect(text).toContain('Pozdrawiamy,\nZespół Wsparcia Vouchie');
  });
});

describe('buildMessage', () => {
  const row = {
    id: '00000000-0000-4000-8000-000000000001',
    template: 'ticket.received',
    toEmail: 'anna@firma.pl',
    toName: 'Anna Nowak',
    subject: '[VCH-10001] Temat',
    text: 'tekst',
    html: '<p>tekst</p>',
    messageId: '<abc.vch@vouchie.localhost>',
    inReplyTo: null,
    references: [],
    headers: { 'X-Vouchie-Ticket': 'VCH-10001', 'X-Bad': 'a\r\nBcc: intruder@example.com', 'Bad Name': 'x' },
  };

  it('uses the stored Message-ID and marks notifications as auto-generated', () => {
    const message = buildMessage(row, 'Wsparcie Vouchie <wsparcie@vouchie.localhost>');
    expect(message.messageId).toBe('<abc.vch@vouchie.localhost>');
    expect(message.from).toBe('Wsparcie Vouchie <wsparcie@vouchie.localhost>');
    expect(message.to).toEqual({ name: 'Anna Nowak', address: 'anna@firma.pl' });
    expect(message.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'X-Vouchie-Ticket': 'VCH-10001' });
  });

  it('keeps stored extra headers from injecting new header lines', () => {
    const headers = buildMessage(row, 'x@vouchie.localhost').headers as Record<string, string>;
    expect(headers['X-Bad']).toBe('a Bcc: intruder@example.com');
    expect(headers).not.toHaveProperty('Bad Name');
  });
});
