import type { Locale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { markdownToPlainText, renderMarkdownEmailHtml, type MessageFormat } from '@/server/markdown/render';

/**
 * E-mail templates as plain functions returning `{ subject, text, html }`. A template describes its body as a
 * list of blocks and `renderEmailLayout` turns the same blocks into both parts, so the plain-text part cannot
 * drift from the HTML one and no template can forget to escape a value: only the layout writes markup.
 */

export const BRAND_COLOR = '#2545ea';

/** Template names as stored in OutboundEmail.template. */
export const EMAIL_TEMPLATES = {
  ticketReceived: 'ticket.received',
  agentNotification: 'agent.notification',
  agentNewTicket: 'agent.new_ticket',
  agentReply: 'agent.reply',
  statusChanged: 'ticket.status_changed',
  staffInvitation: 'staff.invitation',
  staffDigest: 'staff.digest',
  ticketMerged: 'ticket.merged',
} as const;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in quoted attribute values (both quote kinds). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Cuts to at most `max` characters (code points, so an emoji is never split in half), preferring a word
 * boundary near the end, and marks the cut with an ellipsis.
 */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value.trim());
  if (chars.length <= max) return chars.join('');
  const head = chars.slice(0, max - 1).join('');
  const lastSpace = head.search(/\s\S*$/);
  const cut = lastSpace > head.length - 40 && lastSpace > 0 ? head.slice(0, lastSpace) : head;
  return `${cut.trimEnd()}…`;
}

/**
 * The subject every e-mail about a ticket carries: the tag first, so it survives clients that truncate long
 * subjects and lets inbound mail be matched by `[VCH-10001]`; the same for all mails of a ticket, so clients
 * keep them in one conversation.
 */
export function ticketEmailSubject(ticketNumber: string, ticketSubject: string): string {
  return `[${ticketNumber}] ${singleLine(ticketSubject)}`;
}

function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** A piece of an e-mail body; the layout renders each kind in HTML and in plain text. */
export type EmailBlock =
  | { kind: 'paragraph'; text: string }
  /** A value the reader should notice at once, e.g. the ticket number. */
  | { kind: 'highlight'; label: string; value: string }
  | { kind: 'details'; rows: { label: string; value: string }[] }
  /** Text the reader wrote, shown set apart and with its line breaks kept. */
  | { kind: 'quote'; label: string; text: string }
  /** An agent's Markdown, rendered sanitised (src/server/markdown) in a quote box; readable text in the plain part. */
  | { kind: 'markdown'; label: string; source: string }
  | { kind: 'button'; label: string; url: string; fallbackHint: string }
  | { kind: 'muted'; text: string }
  /** A list of lines, each a link (a digest's notifications). */
  | { kind: 'links'; items: { text: string; url: string }[] };

export interface EmailLayoutInput {
  locale: Locale;
  /** Hidden text most clients show next to the subject in the inbox list. */
  preheader: string;
  greeting: string;
  blocks: EmailBlock[];
}

function assertWebUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`E-mail links must be http(s) URLs, got ${parsed.protocol}`);
  }
  return parsed.toString();
}

/** Escaped text with its line breaks as `<br>`: Outlook ignores `white-space: pre-wrap`. */
function htmlLines(value: string): string {
  return escapeHtml(value).replace(/\r\n|\r|\n/g, '<br>');
}

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const TEXT_COLOR = '#1f2937';
// At least 4.5:1 (WCAG AA) on the mail's grey page and the pale highlight box.
const MUTED_COLOR = '#4b5563';

function blockHtml(block: EmailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;font-size:16px;line-height:24px;color:${TEXT_COLOR};">${htmlLines(block.text)}</p>`;
    case 'highlight':
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;"><tr><td style="padding:16px 20px;background-color:#eef1fe;border-left:4px solid ${BRAND_COLOR};border-radius:6px;">
<div style="font-size:13px;line-height:18px;color:${MUTED_COLOR};text-transform:uppercase;letter-spacing:0.04em;">${escapeHtml(block.label)}</div>
<div style="font-size:26px;line-height:34px;font-weight:700;color:${BRAND_COLOR};">${escapeHtml(block.value)}</div>
</td></tr></table>`;
    case 'details':
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;font-size:15px;line-height:22px;">
${block.rows
  .map(
    (row) =>
      `<tr><td valign="top" style="padding:4px 12px 4px 0;color:${MUTED_COLOR};white-space:nowrap;">${escapeHtml(row.label)}</td><td valign="top" style="padding:4px 0;color:${TEXT_COLOR};word-break:break-word;">${escapeHtml(row.value)}</td></tr>`,
  )
  .join('\n')}
</table>`;
    case 'quote':
      return `<p style="margin:0 0 6px;font-size:13px;line-height:18px;color:${MUTED_COLOR};text-transform:uppercase;letter-spacing:0.04em;">${escapeHtml(block.label)}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;"><tr><td style="padding:12px 16px;background-color:#f5f6f8;border-radius:6px;font-size:15px;line-height:22px;color:${TEXT_COLOR};word-break:break-word;">${htmlLines(block.text)}</td></tr></table>`;
    case 'markdown':
      return `<p style="margin:0 0 6px;font-size:13px;line-height:18px;color:${MUTED_COLOR};text-transform:uppercase;letter-spacing:0.04em;">${escapeHtml(block.label)}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;"><tr><td style="padding:12px 16px;background-color:#f5f6f8;border-radius:6px;font-size:15px;line-height:22px;color:${TEXT_COLOR};word-break:break-word;">${renderMarkdownEmailHtml(block.source)}</td></tr></table>`;
    case 'button': {
      const url = assertWebUrl(block.url);
      const href = escapeHtml(url);
      return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 12px;"><tr><td align="center" bgcolor="${BRAND_COLOR}" style="border-radius:6px;background-color:${BRAND_COLOR};">
<a href="${href}" target="_blank" style="display:inline-block;padding:12px 28px;font-family:${FONT};font-size:16px;line-height:24px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(block.label)}</a>
</td></tr></table>
<p style="margin:0 0 20px;font-size:13px;line-height:18px;color:${MUTED_COLOR};">${escapeHtml(block.fallbackHint)} <a href="${href}" style="color:${BRAND_COLOR};word-break:break-all;">${href}</a></p>`;
    }
    case 'muted':
      return `<p style="margin:0 0 16px;font-size:14px;line-height:21px;color:${MUTED_COLOR};">${htmlLines(block.text)}</p>`;
    case 'links':
      return `<ul style="margin:0 0 20px;padding:0 0 0 20px;font-size:15px;line-height:22px;color:${TEXT_COLOR};">
${block.items.map((item) => `<li style="margin:0 0 8px;"><a href="${escapeHtml(assertWebUrl(item.url))}" style="color:${BRAND_COLOR};">${escapeHtml(item.text)}</a></li>`).join('\n')}
</ul>`;
  }
}

function blockText(block: EmailBlock): string {
  switch (block.kind) {
    case 'paragraph':
    case 'muted':
      return block.text;
    case 'highlight':
      return `${block.label}: ${block.value}`;
    case 'details':
      return block.rows.map((row) => `${row.label}: ${row.value}`).join('\n');
    case 'quote':
      return `${block.label}:\n${block.text}`;
    case 'markdown':
      return `${block.label}:\n${markdownToPlainText(block.source)}`;
    case 'button':
      return `${block.label}: ${assertWebUrl(block.url)}`;
    case 'links':
      return block.items.map((item) => `- ${item.text}\n  ${assertWebUrl(item.url)}`).join('\n');
  }
}

/**
 * The frame shared by every e-mail: greeting, the template's blocks, sign-off and footer, as an HTML part
 * (table layout with inline styles, which is what mail clients render reliably, 600 px wide and fluid on phones)
 * and an equivalent plain-text part.
 */
export function renderEmailLayout(input: EmailLayoutInput): { text: string; html: string } {
  const t = translator(input.locale);
  const signOff = t('email.layout.signOff');
  const signature = t('email.layout.signature');
  const footer = t('email.layout.footer');

  const text =
    [input.greeting, ...input.blocks.map(blockText), `${signOff}\n${signature}`, `-- \n${footer}`]
      .filter((part) => part !== '')
      .join('\n\n') + '\n';

  const html = `<!DOCTYPE html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<title>${escapeHtml(input.preheader)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;font-family:${FONT};-webkit-text-size-adjust:100%;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(input.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;">
<tr><td style="padding:0 8px 16px;font-family:${FONT};font-size:22px;line-height:28px;font-weight:700;color:${BRAND_COLOR};">Vouchie</td></tr>
<tr><td style="background-color:#ffffff;border-radius:10px;border-top:4px solid ${BRAND_COLOR};padding:28px 24px;font-family:${FONT};">
${input.greeting ? `<p style="margin:0 0 16px;font-size:18px;line-height:26px;font-weight:600;color:${TEXT_COLOR};">${escapeHtml(input.greeting)}</p>` : ''}
${input.blocks.map(blockHtml).join('\n')}
<p style="margin:8px 0 0;font-size:16px;line-height:24px;color:${TEXT_COLOR};">${escapeHtml(signOff)}<br><strong>${escapeHtml(signature)}</strong></p>
</td></tr>
<tr><td style="padding:16px 8px 0;font-family:${FONT};font-size:12px;line-height:18px;color:${MUTED_COLOR};text-align:center;">${escapeHtml(footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { text, html };
}

export interface TicketReceivedInput {
  locale: Locale;
  recipientName?: string | null;
  /** As shown to people, e.g. `VCH-10001`. */
  ticketNumber: string;
  subject: string;
  categoryLabel: string;
  priorityLabel: string;
  /** What the reporter said happened. */
  summary: string;
  ticketUrl: string;
  createdAt: Date;
  /**
   * False when nobody vouches that the address is the submitter's (a guest's form, an unauthenticated e-mail): anyone
   * can type a victim's address, so the confirmation then repeats nothing they wrote (subject, name, text and any
   * links in them) and the help desk cannot be used to relay their message. Only the ticket number and our link.
   */
  quoteSubmission: boolean;
}

const SUMMARY_MAX_CHARS = 500;

/** Ticket times are shown in Polish time whatever the server's zone: the merchants are in Poland. */
function formatDateTime(date: Date, locale: Locale): string {
  return DATE_TIME_FORMATS[locale].format(date);
}

/** Built once: an Intl formatter costs far more to create than to use, and every confirmation mail needs one. */
const DATE_TIME_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  pl: new Intl.DateTimeFormat('pl-PL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Warsaw' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Warsaw' }),
};

/** The confirmation a reporter gets right after opening a ticket. */
export function renderTicketReceived(input: TicketReceivedInput): RenderedEmail {
  if (!input.quoteSubmission) return renderUnverifiedTicketReceived(input);
  const t = translator(input.locale);
  const name = input.recipientName ? singleLine(input.recipientName) : '';
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: t('email.ticketReceived.preheader', { ticketNumber: input.ticketNumber }),
    greeting: name ? t('email.ticketReceived.greetingNamed', { name }) : t('email.ticketReceived.greeting'),
    blocks: [
      { kind: 'paragraph', text: t('email.ticketReceived.intro') },
      { kind: 'highlight', label: t('email.ticketReceived.numberLabel'), value: input.ticketNumber },
      {
        kind: 'details',
        rows: [
          { label: t('email.ticketReceived.subjectLabel'), value: singleLine(input.subject) },
          { label: t('email.ticketReceived.categoryLabel'), value: input.categoryLabel },
          { label: t('email.ticketReceived.priorityLabel'), value: input.priorityLabel },
          { label: t('email.ticketReceived.createdAtLabel'), value: formatDateTime(input.createdAt, input.locale) },
        ],
      },
      { kind: 'quote', label: t('email.ticketReceived.summaryLabel'), text: truncate(input.summary, SUMMARY_MAX_CHARS) },
      { kind: 'button', label: t('email.ticketReceived.viewTicket'), url: input.ticketUrl, fallbackHint: t('email.layout.linkFallback') },
      { kind: 'paragraph', text: t('email.ticketReceived.replyHint') },
      { kind: 'muted', text: t('email.ticketReceived.nextSteps') },
    ],
  });
  return { subject: ticketEmailSubject(input.ticketNumber, input.subject), text, html };
}

function renderUnverifiedTicketReceived(input: TicketReceivedInput): RenderedEmail {
  const t = translator(input.locale);
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: t('email.ticketReceived.preheader', { ticketNumber: input.ticketNumber }),
    greeting: t('email.ticketReceived.greeting'),
    blocks: [
      { kind: 'paragraph', text: t('email.ticketReceived.intro') },
      { kind: 'highlight', label: t('email.ticketReceived.numberLabel'), value: input.ticketNumber },
      {
        kind: 'details',
        rows: [
          { label: t('email.ticketReceived.categoryLabel'), value: input.categoryLabel },
          { label: t('email.ticketReceived.createdAtLabel'), value: formatDateTime(input.createdAt, input.locale) },
        ],
      },
      { kind: 'button', label: t('email.ticketReceived.viewTicket'), url: input.ticketUrl, fallbackHint: t('email.layout.linkFallback') },
      { kind: 'paragraph', text: t('email.ticketReceived.replyHint') },
      { kind: 'muted', text: t('email.ticketReceived.notYours') },
    ],
  });
  return { subject: ticketEmailSubject(input.ticketNumber, t('email.ticketReceived.subjectUnquoted')), text, html };
}

export interface MagicLinkInput {
  locale: Locale;
  url: string;
  expiresAt: Date;
}

/** The sign-in link (next-auth e-mail provider), sent through the outbox like every other e-mail. */
export function renderMagicLink(input: MagicLinkInput): RenderedEmail {
  const t = translator(input.locale);
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: t('email.magicLink.preheader'),
    greeting: t('email.magicLink.greeting'),
    blocks: [
      { kind: 'paragraph', text: t('email.magicLink.intro') },
      { kind: 'button', label: t('email.magicLink.button'), url: input.url, fallbackHint: t('email.layout.linkFallback') },
      { kind: 'muted', text: t('email.magicLink.expiry', { time: formatDateTime(input.expiresAt, input.locale) }) },
      { kind: 'muted', text: t('email.magicLink.notYou') },
    ],
  });
  return { subject: t('email.magicLink.subject'), text, html };
}

export interface StaffInvitationInput {
  /** The invitee's language. */
  locale: Locale;
  recipientName: string;
  inviterName: string;
  role: 'AGENT' | 'ADMIN';
  url: string;
  expiresAt: Date;
}

/** An admin invited someone to the support team: a one-time sign-in link (next-auth's, valid for days) to the agent area. */
export function renderStaffInvitation(input: StaffInvitationInput): RenderedEmail {
  const t = translator(input.locale);
  const name = singleLine(input.recipientName);
  const inviter = singleLine(input.inviterName);
  const role = t(`email.staffInvitation.role.${input.role}`);
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: t('email.staffInvitation.preheader', { inviter }),
    greeting: t('email.staffInvitation.greeting', { name }),
    blocks: [
      { kind: 'paragraph', text: t('email.staffInvitation.intro', { inviter, role }) },
      { kind: 'button', label: t('email.staffInvitation.button'), url: input.url, fallbackHint: t('email.layout.linkFallback') },
      { kind: 'muted', text: t('email.staffInvitation.expiry', { time: formatDateTime(input.expiresAt, input.locale) }) },
      { kind: 'muted', text: t('email.staffInvitation.later') },
      { kind: 'muted', text: t('email.staffInvitation.notExpected') },
    ],
  });
  return { subject: t('email.staffInvitation.subject'), text, html };
}

/** What a customer did that the team should know about. */
export type AgentNotificationKind = 'newTicket' | 'customerReplied' | 'reopened' | 'solvedByCustomer' | 'rated' | 'followUp' | 'mentioned';

export interface AgentNotificationInput {
  /** The agent's language. */
  locale: Locale;
  kind: AgentNotificationKind;
  recipientName?: string | null;
  /** As shown to people, e.g. `VCH-10001`. */
  ticketNumber: string;
  subject: string;
  customer: { name: string | null; email: string; company?: string | null };
  statusLabel: string;
  /** What the customer wrote (newTicket, customerReplied, reopened by a reply, followUp). */
  message?: string;
  attachmentCount?: number;
  /** 1–5 (rated). */
  rating?: number;
  ratingComment?: string | null;
  /** The closed ticket a follow-up continues (followUp). */
  previousTicketNumber?: string;
  /** The agent whose internal note mentions the recipient (mentioned). */
  authorName?: string;
  ticketUrl: string;
}

const AGENT_MESSAGE_MAX_CHARS = 1_500;

const AGENT_NOTIFICATION_KEYS = {
  newTicket: { subject: 'email.agentNewTicket.subject', intro: 'email.agentNewTicket.intro' },
  customerReplied: { subject: 'portal.agentEmail.customerReplied.subject', intro: 'portal.agentEmail.customerReplied.intro' },
  reopened: { subject: 'portal.agentEmail.reopened.subject', intro: 'portal.agentEmail.reopened.intro' },
  solvedByCustomer: { subject: 'portal.agentEmail.solvedByCustomer.subject', intro: 'portal.agentEmail.solvedByCustomer.intro' },
  rated: { subject: 'portal.agentEmail.rated.subject', intro: 'portal.agentEmail.rated.intro' },
  followUp: { subject: 'portal.agentEmail.followUp.subject', intro: 'portal.agentEmail.followUp.intro' },
  mentioned: { subject: 'agentsWork.email.mentioned.subject', intro: 'agentsWork.email.mentioned.intro' },
} as const satisfies Record<AgentNotificationKind, { subject: string; intro: string }>;

/**
 * Tells an agent (the assignee, or every agent while nobody is assigned) that a customer replied, reopened,
 * solved, rated or followed up a ticket. The subject starts with the ticket tag and says what happened.
 */
export function renderAgentNotification(input: AgentNotificationInput): RenderedEmail {
  const t = translator(input.locale);
  const { subject: subjectKey, intro: introKey } = AGENT_NOTIFICATION_KEYS[input.kind];
  const params = notificationParams(input);
  const name = input.recipientName ? singleLine(input.recipientName) : '';
  const customer = input.customer.name ? `${singleLine(input.customer.name)} <${input.customer.email}>` : input.customer.email;

  const rows = [
    { label: t('portal.agentEmail.subjectLabel'), value: singleLine(input.subject) },
    { label: t('portal.agentEmail.customerLabel'), value: customer },
    ...(input.customer.company ? [{ label: t('portal.agentEmail.companyLabel'), value: singleLine(input.customer.company) }] : []),
    { label: t('portal.agentEmail.statusLabel'), value: input.statusLabel },
    ...(input.rating !== undefined
      ? [
          {
            label: t('portal.agentEmail.ratingLabel'),
            value: `${'★'.repeat(input.rating)}${'☆'.repeat(5 - input.rating)} (${input.rating}/5)`,
          },
        ]
      : []),
    ...(input.attachmentCount ? [{ label: t('portal.agentEmail.attachmentsLabel'), value: String(input.attachmentCount) }] : []),
  ];
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: t(introKey, params) },
    { kind: 'highlight', label: t('portal.agentEmail.numberLabel'), value: input.ticketNumber },
    { kind: 'details', rows },
  ];
  if (input.message)
    blocks.push({
      kind: 'quote',
      label: t(input.kind === 'mentioned' ? 'agentsWork.email.mentioned.noteLabel' : 'portal.agentEmail.messageLabel'),
      text: truncate(input.message, AGENT_MESSAGE_MAX_CHARS),
    });
  if (input.ratingComment)
    blocks.push({
      kind: 'quote',
      label: t('portal.agentEmail.commentLabel'),
      text: truncate(input.ratingComment, AGENT_MESSAGE_MAX_CHARS),
    });
  blocks.push({ kind: 'button', label: t('portal.agentEmail.open'), url: input.ticketUrl, fallbackHint: t('email.layout.linkFallback') });

  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: t(introKey, params),
    greeting: name ? t('portal.agentEmail.greetingNamed', { name }) : t('portal.agentEmail.greeting'),
    blocks,
  });
  return { subject: ticketEmailSubject(input.ticketNumber, `${t(subjectKey, params)}: ${input.subject}`), text, html };
}

function notificationParams(input: Pick<AgentNotificationInput, 'ticketNumber' | 'previousTicketNumber' | 'rating' | 'authorName'>) {
  return {
    ticketNumber: input.ticketNumber,
    previous: input.previousTicketNumber ?? '',
    rating: input.rating ?? 0,
    author: input.authorName ? singleLine(input.authorName) : '',
  };
}

/** One line for a digest: what happened, on which ticket. */
export function agentNotificationSummary(
  locale: Locale,
  input: Pick<AgentNotificationInput, 'kind' | 'ticketNumber' | 'subject' | 'previousTicketNumber' | 'rating' | 'authorName'>,
): string {
  const t = translator(locale);
  return `${t(AGENT_NOTIFICATION_KEYS[input.kind].subject, notificationParams(input))}: ${singleLine(input.subject)}`;
}

export interface StaffDigestInput {
  locale: Locale;
  recipientName: string | null;
  /** Oldest first, each with the ticket it is about. */
  items: { ticketNumber: string; summary: string; at: Date; ticketUrl: string }[];
  queueUrl: string;
}

/** The digest an agent chose instead of single notifications: one line per notification, each with its link. */
export function renderStaffDigest(input: StaffDigestInput): RenderedEmail {
  const t = translator(input.locale);
  const name = input.recipientName ? singleLine(input.recipientName) : '';
  const intro = t('agentsWork.email.digest.intro', { count: input.items.length });
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: intro,
    greeting: name ? t('portal.agentEmail.greetingNamed', { name }) : t('portal.agentEmail.greeting'),
    blocks: [
      { kind: 'paragraph', text: intro },
      {
        kind: 'links',
        items: input.items.map((item) => ({
          text: `${formatDateTime(item.at, input.locale)} · ${item.ticketNumber} · ${item.summary}`,
          url: item.ticketUrl,
        })),
      },
      { kind: 'button', label: t('agentsWork.email.digest.open'), url: input.queueUrl, fallbackHint: t('email.layout.linkFallback') },
      { kind: 'muted', text: t('agentsWork.email.digest.settings') },
    ],
  });
  return { subject: t('agentsWork.email.digest.subject', { count: input.items.length }), text, html };
}

/** Why the customer hears about a status change (each has its own wording). */
export type CustomerStatusNotice = 'waiting' | 'resolved' | 'closed' | 'reopened';

export interface AgentReplyInput {
  /** The reporter's language. */
  locale: Locale;
  recipientName?: string | null;
  ticketNumber: string;
  subject: string;
  agentName: string | null;
  message: string;
  /** How `message` is written; an agent's reply is Markdown since formatting came in. */
  format?: MessageFormat;
  attachmentCount: number;
  /** Set when the reply also moved the ticket somewhere the customer should know about. */
  statusNotice: CustomerStatusNotice | null;
  statusLabel: string;
  /** The reporter's signed link to the ticket. */
  ticketUrl: string;
}

/**
 * An agent's public reply, sent to the reporter: the whole reply (it is the answer they are waiting for), the
 * number of files, what the reply did to the status, and the signed link. Replying to the e-mail adds to the ticket.
 */
const OPENS_WITH_GREETING = /^\s*(dzień dobry|dobry wieczór|witam|witaj|cześć|szanown|hello|hi\b|dear|good (morning|afternoon|evening))/iu;

export function renderAgentReply(input: AgentReplyInput): RenderedEmail {
  const t = translator(input.locale);
  const name = input.recipientName ? singleLine(input.recipientName) : '';
  const agent = input.agentName ? singleLine(input.agentName) : t('email.agentReply.team');
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: t('email.agentReply.intro', { agent, ticketNumber: input.ticketNumber }) },
    input.format === 'MARKDOWN'
      ? { kind: 'markdown', label: t('email.agentReply.messageLabel', { agent }), source: input.message }
      : { kind: 'quote', label: t('email.agentReply.messageLabel', { agent }), text: input.message },
  ];
  if (input.attachmentCount) blocks.push({ kind: 'muted', text: t('email.agentReply.attachments', { count: input.attachmentCount }) });
  if (input.statusNotice)
    blocks.push({ kind: 'paragraph', text: t(`email.statusChanged.${input.statusNotice}`, { status: input.statusLabel }) });
  if (input.statusNotice === 'resolved') blocks.push(...ratingBlocks(input.locale, input.ticketUrl));
  blocks.push(
    { kind: 'button', label: t('email.agentReply.viewTicket'), url: input.ticketUrl, fallbackHint: t('email.layout.linkFallback') },
    { kind: 'muted', text: t('email.agentReply.replyHint') },
  );
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: truncate(input.format === 'MARKDOWN' ? markdownToPlainText(input.message) : input.message, 120),
    // One greeting per mail: when the agent's reply opens with its own, the frame adds none.
    greeting: OPENS_WITH_GREETING.test(input.message)
      ? ''
      : name
        ? t('email.ticketReceived.greetingNamed', { name })
        : t('email.ticketReceived.greeting'),
    blocks,
  });
  return { subject: ticketEmailSubject(input.ticketNumber, input.subject), text, html };
}

export interface StatusChangedInput {
  locale: Locale;
  recipientName?: string | null;
  ticketNumber: string;
  subject: string;
  notice: CustomerStatusNotice;
  statusLabel: string;
  ticketUrl: string;
}

/** The id of the rating section on the portal's ticket page: e-mails link straight to it. */
export const RATING_SECTION_ID = 'ocena';

/** The reporter's signed ticket link, opening at the rating section. */
export function ratingUrl(ticketUrl: string): string {
  const url = new URL(ticketUrl);
  url.hash = RATING_SECTION_ID;
  return url.toString();
}

/** A solved ticket asks for a rating while the help is fresh in mind; the link is the signed one, so no sign-in. */
function ratingBlocks(locale: Locale, ticketUrl: string): EmailBlock[] {
  const t = translator(locale);
  return [
    { kind: 'paragraph', text: t('email.statusChanged.rateIntro') },
    { kind: 'button', label: t('email.statusChanged.rateButton'), url: ratingUrl(ticketUrl), fallbackHint: t('email.layout.linkFallback') },
  ];
}

/** Tells the reporter their ticket now waits on them, was solved (with a rating link), closed or reopened by the team. */
export function renderStatusChanged(input: StatusChangedInput): RenderedEmail {
  const t = translator(input.locale);
  const name = input.recipientName ? singleLine(input.recipientName) : '';
  const intro = t(`email.statusChanged.${input.notice}`, { status: input.statusLabel });
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: intro,
    greeting: name ? t('email.ticketReceived.greetingNamed', { name }) : t('email.ticketReceived.greeting'),
    blocks: [
      { kind: 'paragraph', text: intro },
      {
        kind: 'details',
        rows: [
          { label: t('email.statusChanged.numberLabel'), value: input.ticketNumber },
          { label: t('email.ticketReceived.subjectLabel'), value: singleLine(input.subject) },
          { label: t('email.statusChanged.statusLabel'), value: input.statusLabel },
        ],
      },
      ...(input.notice === 'resolved' ? ratingBlocks(input.locale, input.ticketUrl) : []),
      { kind: 'button', label: t('email.agentReply.viewTicket'), url: input.ticketUrl, fallbackHint: t('email.layout.linkFallback') },
      { kind: 'muted', text: t(`email.statusChanged.hint.${input.notice}`) },
    ],
  });
  return { subject: ticketEmailSubject(input.ticketNumber, input.subject), text, html };
}

export interface TicketMergedInput {
  locale: Locale;
  recipientName?: string | null;
  /** The duplicate, closed by the merge. */
  ticketNumber: string;
  subject: string;
  /** The ticket the conversation continues in, and the recipient's link to it. */
  targetNumber: string;
  targetSubject: string;
  targetUrl: string;
}

/** Tells the reporter (and those copied) that their ticket was merged into another, where the conversation goes on. */
export function renderTicketMerged(input: TicketMergedInput): RenderedEmail {
  const t = translator(input.locale);
  const name = input.recipientName ? singleLine(input.recipientName) : '';
  const params = { number: input.ticketNumber, target: input.targetNumber };
  const intro = t('agentsWork.email.merged.intro', params);
  const { text, html } = renderEmailLayout({
    locale: input.locale,
    preheader: intro,
    greeting: name ? t('email.ticketReceived.greetingNamed', { name }) : t('email.ticketReceived.greeting'),
    blocks: [
      { kind: 'paragraph', text: intro },
      {
        kind: 'details',
        rows: [
          { label: t('agentsWork.email.merged.closedLabel'), value: `${input.ticketNumber} · ${singleLine(input.subject)}` },
          { label: t('agentsWork.email.merged.targetLabel'), value: `${input.targetNumber} · ${singleLine(input.targetSubject)}` },
        ],
      },
      {
        kind: 'button',
        label: t('agentsWork.email.merged.open', params),
        url: input.targetUrl,
        fallbackHint: t('email.layout.linkFallback'),
      },
      { kind: 'muted', text: t('agentsWork.email.merged.replyHint', params) },
    ],
  });
  return { subject: ticketEmailSubject(input.ticketNumber, input.subject), text, html };
}
