import type { Locale } from '@/i18n/config';
import type { Messages } from '@/i18n/messages';
import { translator } from '@/i18n/messages';
import { renderEmailLayout, ticketEmailSubject, type EmailBlock, type RenderedEmail } from '@/server/mail/outbound/templates';

/**
 * The chat's own e-mails, through the shared layout (escaping, plain-text twin) and the outbox.
 * A visitor's typed address is not vouched for: their mails repeat nothing typed in the chat, only the ticket
 * number and the signed link (the same rule as a guest's ticket confirmation), so the help desk cannot be used
 * to send someone text in our name.
 */

export const CHAT_EMAIL_TEMPLATES = {
  transcript: 'chat.transcript',
  closedIntoTicket: 'chat.closed_into_ticket',
} as const;

export interface TranscriptLine {
  author: 'CUSTOMER' | 'AGENT';
  authorName: string | null;
  body: string;
  createdAt: Date;
  attachments: string[];
}

const TIME: Record<Locale, Intl.DateTimeFormat> = {
  pl: new Intl.DateTimeFormat('pl-PL', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Warsaw' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Warsaw' }),
};

function greeting(locale: Locale, base: 'transcript' | 'closedIntoTicket', name: string | null, verified: boolean): string {
  const t = translator(locale);
  const clean = name?.replace(/\s+/g, ' ').trim();
  return verified && clean ? t(`chatApi.email.${base}.greetingNamed`, { name: clean }) : t(`chatApi.email.${base}.greeting`);
}

export function renderChatTranscript(input: {
  locale: Locale;
  recipientName: string | null;
  ticketNumber: string;
  ticketSubject: string;
  ticketUrl: string;
  verified: boolean;
  lines: TranscriptLine[];
}): RenderedEmail {
  const t = translator(input.locale);
  const k = <K extends keyof Messages['chatApi']['email']['transcript']>(key: K) => `chatApi.email.transcript.${key}` as const;
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: t(k('intro')) },
    { kind: 'highlight', label: t(k('numberLabel')), value: input.ticketNumber },
  ];
  if (input.verified) {
    const text = input.lines
      .map((line) => {
        const who = line.author === 'CUSTOMER' ? t(k('you')) : (line.authorName ?? t(k('agent')));
        const files = line.attachments.map((name) => t(k('attachment'), { name }));
        return `[${TIME[input.locale].format(line.createdAt)}] ${who}:\n${[line.body, ...files].join('\n')}`;
      })
      .join('\n\n');
    blocks.push({ kind: 'quote', label: t(k('transcriptLabel')), text });
  } else {
    blocks.push({ kind: 'paragraph', text: t(k('unverified')) });
  }
  blocks.push({ kind: 'button', label: t(k('viewTicket')), url: input.ticketUrl, fallbackHint: t('email.layout.linkFallback') });
  if (!input.verified) blocks.push({ kind: 'muted', text: t(k('notYours')) });
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: t(k('preheader'), { ticketNumber: input.ticketNumber }),
    greeting: greeting(input.locale, 'transcript', input.recipientName, input.verified),
    blocks,
  });
  const subject = input.verified ? input.ticketSubject : t(k('subject'));
  return { subject: ticketEmailSubject(input.ticketNumber, subject), text, html };
}

export function renderChatClosedIntoTicket(input: {
  locale: Locale;
  recipientName: string | null;
  ticketNumber: string;
  ticketSubject: string;
  ticketUrl: string;
  verified: boolean;
  reason: 'unanswered' | 'abandoned';
}): RenderedEmail {
  const t = translator(input.locale);
  const k = <K extends keyof Messages['chatApi']['email']['closedIntoTicket']>(key: K) => `chatApi.email.closedIntoTicket.${key}` as const;
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: t(k('preheader'), { ticketNumber: input.ticketNumber }),
    greeting: greeting(input.locale, 'closedIntoTicket', input.recipientName, input.verified),
    blocks: [
      { kind: 'paragraph', text: t(k(input.reason)) },
      { kind: 'highlight', label: t(k('numberLabel')), value: input.ticketNumber },
      { kind: 'button', label: t(k('viewTicket')), url: input.ticketUrl, fallbackHint: t('email.layout.linkFallback') },
      { kind: 'paragraph', text: t(k('replyHint')) },
    ],
  });
  const subject = input.verified ? input.ticketSubject : t('email.ticketReceived.subjectUnquoted');
  return { subject: ticketEmailSubject(input.ticketNumber, subject), text, html };
}
