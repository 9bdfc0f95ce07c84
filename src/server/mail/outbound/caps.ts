import { env } from '@/server/env';
import { EMAIL_TEMPLATES } from './templates';

/**
 * Storm brakes for outgoing mail, decided once, when the e-mail is written to the outbox (inside the writing
 * transaction). A mail loop (an auto-responder the classifier missed, a script hammering the API, a bug) would
 * otherwise bury a customer's inbox and our sender reputation. Over a cap the row is still written, for the
 * record, but as SUPPRESSED with the reason in `lastError`, and the worker never hands it to the transport.
 *
 * Three kinds of mail are counted apart:
 * - mail to customers about a ticket (a `ticketId`): at most MAIL_CAP_PER_RECIPIENT_PER_HOUR to one address, and
 *   MAIL_CAP_PER_TICKET_PER_HOUR about one ticket (all its customer-side recipients together);
 * - staff notifications (new ticket, customer activity): no per-recipient cap, because a busy desk
 *   legitimately sends one agent more than 20 new tickets an hour (and ticket creation is rate-limited per IP
 *   and address upstream); instead MAIL_CAP_PER_TICKET_PER_HOUR per ticket *and agent*, which is what stops a
 *   loop (an auto-responder replying to itself on one ticket) without muting a fan-out to a large team;
 * - account mail (no ticket: sign-in links, staff invitations): never ticket-capped, and counted only against
 *   other account mail to that address, with twice the recipient cap. A storm of ticket mail must never lock
 *   someone out of signing in, and sign-in requests are already rate-limited per address upstream
 *   (RATE_LIMIT_SIGN_IN_PER_EMAIL), so this cap only catches a runaway loop.
 *
 * Race-safety: the counts (history.ts) use the (toEmail, createdAt) and (ticketId, createdAt) indexes and run in
 * the caller's transaction without a lock. Concurrent transactions that have not committed yet do not see each
 * other, so a burst can overshoot a cap by at most the number of transactions writing mail to that address at the same
 * instant (bounded by the connection pools). That is enough to stop a storm, which is many transactions one
 * after another. An advisory lock per recipient would make the count exact, but transactions that mail several
 * people (a new ticket mails the reporter and then each agent) would take those locks in different orders and
 * could deadlock each other, failing the very change that caused the mail.
 *
 * A row an admin retries goes back to PENDING and is not counted again: caps are checked here only, never by
 * the worker, so the retry is the admin's deliberate override of the cap that stopped it.
 */

export const CAP_WINDOW_MS = 60 * 60_000;
/** Account mail (no ticket) may reach this multiple of the per-recipient cap, counted separately. */
export const ACCOUNT_MAIL_CAP_FACTOR = 2;

export type CapVerdict =
  { suppressed: false } | { suppressed: true; reason: 'recipient_cap' | 'ticket_cap' | 'account_cap' | 'bounced'; lastError: string };

export interface CapLimits {
  perRecipientPerHour: number;
  perTicketPerHour: number;
}

export function capLimits(): CapLimits {
  const settings = env();
  return { perRecipientPerHour: settings.MAIL_CAP_PER_RECIPIENT_PER_HOUR, perTicketPerHour: settings.MAIL_CAP_PER_TICKET_PER_HOUR };
}

/** Mail to the team about a ticket: capped per ticket and agent, not per address (see above). */
export const STAFF_NOTIFICATION_TEMPLATES: ReadonlySet<string> = new Set([
  EMAIL_TEMPLATES.agentNotification,
  EMAIL_TEMPLATES.agentNewTicket,
]);

/** Templates that may reach an address that hard-bounced: asking for a sign-in link proves somebody reads it again. */
export const BOUNCE_EXEMPT_TEMPLATES: ReadonlySet<string> = new Set(['auth.magicLink']);

/** What the outbox knew about earlier mail to the recipient when it judged a new one (see history.ts). */
export interface CapHistory {
  bounced: boolean;
  bounceReason: string | null;
  /** Account mail (no ticket) to this address within the window. */
  accountMail: number;
  /** Staff notifications about this ticket to this address within the window. */
  staffMailOnTicket: number;
  /** Customer-side mail about any ticket to this address within the window. */
  customerMail: number;
  /** Customer-side mail about this ticket, to anyone, within the window. */
  customerMailOnTicket: number;
}

/**
 * Whether the e-mail about to be written must be held back, and why, from the counts of earlier mail (the
 * window's rows, SUPPRESSED ones left out: a cap that already stopped the storm should not keep the address
 * muted longer). Addresses are compared lower-cased, as enqueueEmail stores them.
 */
export function judgeCaps(
  mail: { ticketId: string | null; template: string },
  history: CapHistory,
  limits: CapLimits = capLimits(),
): CapVerdict {
  if (history.bounced && !BOUNCE_EXEMPT_TEMPLATES.has(mail.template)) {
    const reason = history.bounceReason ? ` (${history.bounceReason})` : '';
    return { suppressed: true, reason: 'bounced', lastError: `recipient address hard-bounced earlier${reason}; not sent` };
  }
  if (!mail.ticketId) {
    const limit = limits.perRecipientPerHour * ACCOUNT_MAIL_CAP_FACTOR;
    return history.accountMail >= limit
      ? {
          suppressed: true,
          reason: 'account_cap',
          lastError: `cap reached: ${limit} account e-mails to this address within an hour; not sent`,
        }
      : { suppressed: false };
  }
  if (STAFF_NOTIFICATION_TEMPLATES.has(mail.template)) {
    return history.staffMailOnTicket >= limits.perTicketPerHour
      ? {
          suppressed: true,
          reason: 'ticket_cap',
          lastError: `cap reached: ${limits.perTicketPerHour} notifications about this ticket to this agent within an hour; not sent`,
        }
      : { suppressed: false };
  }
  if (history.customerMail >= limits.perRecipientPerHour) {
    return {
      suppressed: true,
      reason: 'recipient_cap',
      lastError: `cap reached: ${limits.perRecipientPerHour} e-mails to this address within an hour; not sent`,
    };
  }
  if (history.customerMailOnTicket >= limits.perTicketPerHour) {
    return {
      suppressed: true,
      reason: 'ticket_cap',
      lastError: `cap reached: ${limits.perTicketPerHour} e-mails about this ticket within an hour; not sent`,
    };
  }
  return { suppressed: false };
}
