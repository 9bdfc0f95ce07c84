import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  ratingUrl,
  renderAgentNotification,
  renderAgentReply,
  renderEmailLayout,
  renderStatusChanged,
  renderTicketReceived,
  type CustomerStatusNotice,
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
    quoteSubmission: true,
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
    expect(renderTicketReceived(ticket({ locale: 'en', recipientName: `Jan ${SCRIPT}` })).text).toContain(`Jan ${SCRIPT}`);
    expect(renderTicketReceived(ticket({ locale: 'en', recipientName: `Jan ${SCRIPT}` })).html).not.toContain('<script');
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
      // Polish cannot guess the form of address ("Pani Anno"), so the greeting names nobody.
      expect(part).toContain('Dzień dobry,');
      expect(part).not.toContain('Anna Nowak!');
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
    const mail = renderTicketReceived(
      ticket({ subject: 'Źle naliczona opłata 💳', summary: 'Zażółć gęślą jaźń 🎟️ (Łucja Ślęzak)', recipientName: 'Łucja Ślęzak' }),
    );
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
    expect(mail.text.startsWith('Dzień dobry,\n')).toBe(true);
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

describe('reporter e-mails for each ticket event', () => {
  const ticketUrl = 'https://support.vouchie.pl/pomoc/zgloszenia/VCH-10001?t=signed.token';
  const statusMail = (notice: CustomerStatusNotice, locale: 'pl' | 'en' = 'pl', statusLabel = 'Status') =>
    renderStatusChanged({
      locale,
      recipientName: 'Anna',
      ticketNumber: 'VCH-10001',
      subject: 'Kod nie działa',
      notice,
      statusLabel,
      ticketUrl,
    });

  it('links the rating straight to the rating section of the portal page, keeping the signed token', () => {
    expect(ratingUrl(ticketUrl)).toBe(`${ticketUrl}#ocena`);
    expect(new URL(ratingUrl(ticketUrl)).searchParams.get('t')).toBe('signed.token');
  });

  it('a resolved ticket asks for a rating with the signed link, in Polish and in English', () => {
    const pl = statusMail('resolved', 'pl', 'Rozwiązane');
    expect(pl.subject).toBe('[VCH-10001] Kod nie działa');
    expect(pl.text).toContain('Oznaczyliśmy Twoje zgłoszenie jako rozwiązane (status „Rozwiązane”).');
    expect(pl.text).toContain(`Oceń obsługę: ${ticketUrl}#ocena`);
    expect(pl.html).toContain(`href="${escapeHtml(`${ticketUrl}#ocena`)}"`);
    const en = statusMail('resolved', 'en', 'Resolved');
    expect(en.text).toContain('We’ve marked your ticket as solved (status “Resolved”).');
    expect(en.text).toContain(`Rate our support: ${ticketUrl}#ocena`);
  });

  it.each([
    ['waiting', 'Czekamy na Twoją odpowiedź', 'We’re waiting for your answer'],
    ['closed', 'Twoje zgłoszenie zostało zamknięte', 'Your ticket has been closed'],
    ['reopened', 'Ponownie otworzyliśmy Twoje zgłoszenie', 'We’ve reopened your ticket'],
  ] as const)('%s: says what happened in both languages, links the ticket and asks for no rating', (notice, pl, en) => {
    const polish = statusMail(notice);
    expect(polish.text).toContain(pl);
    expect(polish.text).toContain(`Zobacz zgłoszenie: ${ticketUrl}`);
    expect(polish.text).not.toContain('#ocena');
    expect(statusMail(notice, 'en').text).toContain(en);
  });

  it("an agent reply that opens with the agent's own greeting gets no second one from the frame", () => {
    const mail = renderAgentReply({
      locale: 'pl',
      recipientName: 'Magdalena Nowak',
      ticketNumber: 'VCH-10002',
      subject: 'Kod nie działa',
      agentName: 'Ewa',
      message: 'Dzień dobry Pani Magdaleno,\n\nkod już działa.',
      attachmentCount: 0,
      statusNotice: null,
      statusLabel: 'Otwarte',
      ticketUrl,
    });
    expect(mail.text.match(/Dzień dobry/g)).toHaveLength(1);
    expect(mail.html).not.toContain('>Dzień dobry,</p>');
    expect(mail.text.startsWith('Mamy odpowiedź w sprawie zgłoszenia VCH-10002.')).toBe(true);
  });

  it('an agent reply that solves the ticket carries the reply, the notice and the rating link', () => {
    const mail = renderAgentReply({
      locale: 'pl',
      recipientName: 'Anna',
      ticketNumber: 'VCH-10001',
      subject: 'Kod nie działa',
      agentName: 'Ewa',
      message: 'Naprawione — proszę spróbować ponownie.',
      attachmentCount: 0,
      statusNotice: 'resolved',
      statusLabel: 'Rozwiązane',
      ticketUrl,
    });
    expect(mail.text).toContain('Mamy odpowiedź w sprawie zgłoszenia VCH-10001.');
    // A Polish mail cannot guess the form of address ("Pani Magdaleno"): it greets without the full name.
    expect(mail.text.startsWith('Dzień dobry,\n')).toBe(true);
    expect(mail.text).toContain('Odpowiedź od: Ewa');
    expect(mail.text).not.toMatch(/\(a\)|::/);
    expect(mail.text).toContain('Naprawione — proszę spróbować ponownie.');
    expect(mail.text).toContain(`Oceń obsługę: ${ticketUrl}#ocena`);
  });

  it('a plain agent reply asks for no rating', () => {
    const mail = renderAgentReply({
      locale: 'en',
      ticketNumber: 'VCH-10001',
      subject: 'Code fails',
      agentName: null,
      message: 'Could you send a screenshot?',
      attachmentCount: 1,
      statusNotice: 'waiting',
      statusLabel: 'Waiting on you',
      ticketUrl,
    });
    expect(mail.text).toContain('We’re waiting for your answer');
    expect(mail.text).not.toContain('#ocena');
  });
});

describe('agent new-ticket notification', () => {
  it('names the ticket, the customer and what they wrote, in the agent’s language', () => {
    const input = {
      kind: 'newTicket' as const,
      ticketNumber: 'VCH-10002',
      subject: 'Nie mogę wydrukować vouchera',
      customer: { name: 'Jan Kowalski', email: 'jan@firma.pl' },
      statusLabel: 'Nowe',
      message: 'Drukarka wypluwa pustą kartkę.',
      ticketUrl: 'https://support.vouchie.pl/agent/zgloszenia/VCH-10002',
    };
    const pl = renderAgentNotification({ ...input, locale: 'pl' });
    expect(pl.subject).toBe('[VCH-10002] Nowe zgłoszenie: Nie mogę wydrukować vouchera');
    expect(pl.text).toContain('Wpłynęło nowe zgłoszenie VCH-10002.');
    expect(pl.text).toContain('Jan Kowalski <jan@firma.pl>');
    expect(pl.text).toContain('Drukarka wypluwa pustą kartkę.');
    const en = renderAgentNotification({ ...input, locale: 'en' });
    expect(en.subject).toBe('[VCH-10002] New ticket: Nie mogę wydrukować vouchera');
    expect(en.text).toContain('A new ticket, VCH-10002, has come in.');
  });
});
