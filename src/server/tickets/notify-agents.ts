import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/server/db/client';
import type { Statement } from '@/server/db/pg-sql';
import { env } from '@/server/env';
import { enqueueEmails, type EmailToEnqueue } from '@/server/mail/outbound/outbox';
import {
  agentNotificationSummary,
  EMAIL_TEMPLATES,
  renderAgentNotification,
  type AgentNotificationKind,
} from '@/server/mail/outbound/templates';
import { type Locale, toLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import type { TicketStatus } from './status';
import { formatTicketNumber } from './numbering';
import { absoluteUrl, agentTicketPath } from '@/server/links';

/** Where an agent opens a ticket: the agent view's ticket page (signing in first if needed). */
export function agentTicketUrl(number: number): string {
  return absoluteUrl(env().APP_URL, agentTicketPath(number));
}

export interface AgentNotification {
  kind: AgentNotificationKind;
  ticket: { id: string; number: number; subject: string; status: TicketStatus; assigneeId: string | null };
  /** The customer who acted (for a mention: the ticket's reporter). */
  customer: { name: string | null; email: string; company?: string | null };
  message?: string;
  attachmentCount?: number;
  rating?: number;
  ratingComment?: string | null;
  previousTicketNumber?: string;
  /** A mention: the agent who wrote the note, and the agents it names (ids). */
  author?: { id: string; name: string | null; email: string };
  mentionedIds?: string[];
}

/**
 * Who hears about what, each by their own settings and nothing else:
 * - a new ticket: the agents with "new tickets" on (`notifyNewTickets`); one born assigned (a category's default
 *   assignee) also goes to its assignee if "replies on my tickets" is on;
 * - a customer's reply (also one that reopens the ticket, or follows up a closed one): the assignee alone, if "replies on my tickets" is on
 *   (`notifyAssignedReplies`); while nobody is assigned, the agents with "new tickets" on, so it is not missed;
 * - the customer solving, reopening (by the button) or rating a ticket: its assignee alone, as for a reply, and
 *   nobody while it is unassigned: nothing there needs an agent's attention now (the queue shows it);
 * - a mention in an internal note: the agents it names (not its author), whatever their switches say.
 * A ticket assigned to someone since deactivated counts as unassigned, so it cannot go unnoticed.
 */
type Audience = 'team' | 'assigneeOrTeam' | 'assigneeOnly' | 'mentioned';

function audienceOf(notification: AgentNotification): Audience {
  switch (notification.kind) {
    case 'newTicket':
      return 'team';
    case 'customerReplied':
    case 'followUp':
      return 'assigneeOrTeam';
    case 'reopened':
      // Reopened by a reply: the reply is what matters, told like any other.
      return notification.message ? 'assigneeOrTeam' : 'assigneeOnly';
    case 'solvedByCustomer':
    case 'rated':
      return 'assigneeOnly';
    case 'mentioned':
      return 'mentioned';
  }
}

export interface Recipient {
  id: string;
  email: string;
  name: string | null;
  locale: string;
  notifyDigest: boolean;
}

/**
 * Writes the notification, inside the caller's transaction, for the agents `audienceOf` names, each in their own
 * language: an outbox e-mail, or, for an agent who chose the digest, an item the worker sends with the others
 * (sendStaffDigests). Returns how many agents were told.
 */
export async function notifyAgents(
  tx: Tx,
  notification: AgentNotification,
  /**
   * Other e-mails of the same change (a new ticket's confirmation to the customer), written in the same batch as the
   * agents' so the whole lot costs two round trips. They must go to other recipients than the agents (see enqueueEmails).
   */
  alongside: readonly EmailToEnqueue[] = [],
): Promise<number> {
  const recipients = await recipientsFor(tx, notification);
  const { mails, digest } = agentMails(notification, recipients);
  // One batch for the whole team: two round trips however many agents are told.
  // An agent filing a ticket to their own address: the confirmation first, so the notification threads after it.
  const overlaps = alongsideOverlaps(alongside, mails);
  if (overlaps) await enqueueEmails(tx, alongside);
  await enqueueEmails(tx, [...(overlaps ? [] : alongside), ...mails]);
  if (digest.length) await tx.staffDigestItem.createMany({ data: digest });
  return recipients.length;
}

export interface DigestItemRow {
  userId: string;
  ticketId: string;
  kind: string;
  summary: string;
}

/**
 * What `notifyAgents` writes for these recipients, without writing it: an e-mail for each agent who gets them one
 * by one (each in their own language), a digest item for each agent who chose the digest. Shared with the SQL fast
 * path of a new ticket (create-fast.ts).
 */
export function agentMails(
  notification: AgentNotification,
  recipients: readonly Recipient[],
): { mails: EmailToEnqueue[]; digest: DigestItemRow[] } {
  const number = formatTicketNumber(notification.ticket.number);
  const render = (agent: Recipient) => {
    const locale: Locale = toLocale(agent.locale);
    return renderAgentNotification({
      locale,
      kind: notification.kind,
      recipientName: agent.name,
      ticketNumber: number,
      subject: notification.ticket.subject,
      customer: notification.customer,
      statusLabel: translator(locale)(`ticket.status.${notification.ticket.status}`),
      message: notification.message,
      attachmentCount: notification.attachmentCount,
      rating: notification.rating,
      ratingComment: notification.ratingComment,
      previousTicketNumber: notification.previousTicketNumber,
      authorName: notification.author ? (notification.author.name ?? notification.author.email) : undefined,
      ticketUrl: agentTicketUrl(notification.ticket.number),
    });
  };
  const mails = recipients
    .filter((agent) => !agent.notifyDigest)
    .map((agent) => ({
      template: notification.kind === 'newTicket' ? EMAIL_TEMPLATES.agentNewTicket : EMAIL_TEMPLATES.agentNotification,
      ticketId: notification.ticket.id,
      to: { email: agent.email, name: agent.name },
      ...render(agent),
    }));
  const digest = recipients
    .filter((agent) => agent.notifyDigest)
    .map((agent) => ({
      userId: agent.id,
      ticketId: notification.ticket.id,
      kind: notification.kind,
      summary: agentNotificationSummary(toLocale(agent.locale), {
        kind: notification.kind,
        ticketNumber: number,
        subject: notification.ticket.subject,
        previousTicketNumber: notification.previousTicketNumber,
        rating: notification.rating,
        authorName: notification.author ? (notification.author.name ?? notification.author.email) : undefined,
      }),
    }));
  return { mails, digest };
}

/** Whether one of `alongside` goes to an agent who is mailed too: then it is written first, in a batch of its own. */
export function alongsideOverlaps(alongside: readonly EmailToEnqueue[], agentMailsToSend: readonly EmailToEnqueue[]): boolean {
  const agentAddresses = new Set(agentMailsToSend.map((mail) => mail.to.email.toLowerCase()));
  return alongside.some((email) => agentAddresses.has(email.to.email.toLowerCase()));
}

const STAFF: Prisma.UserWhereInput = { active: true, role: { in: ['AGENT', 'ADMIN'] } };
const SELECT = { id: true, email: true, name: true, locale: true, notifyAssignedReplies: true, notifyDigest: true } as const;

async function recipientsFor(tx: Tx, notification: AgentNotification): Promise<Recipient[]> {
  const audience = audienceOf(notification);
  if (audience === 'mentioned') {
    const ids = (notification.mentionedIds ?? []).filter((id) => id !== notification.author?.id);
    if (!ids.length) return [];
    return tx.user.findMany({ where: { ...STAFF, id: { in: ids } }, select: SELECT, orderBy: { email: 'asc' } });
  }
  const { assigneeId } = notification.ticket;
  const assignee = assigneeId ? await tx.user.findFirst({ where: { id: assigneeId, ...STAFF }, select: SELECT }) : null;
  if (audience !== 'team' && assignee) return assignee.notifyAssignedReplies ? [assignee] : [];
  if (audience === 'assigneeOnly') return [];
  const everyone = await tx.user.findMany({ where: { ...STAFF, notifyNewTickets: true }, select: SELECT, orderBy: { email: 'asc' } });
  if (assignee?.notifyAssignedReplies && !everyone.some((agent) => agent.id === assignee.id)) everyone.push(assignee);
  return everyone;
}

/**
 * `recipientsFor` of a customer's reply (audience "assigneeOrTeam") as one statement, for the e-mailed reply's SQL
 * fast path (reply-fast.ts), read in the ticket's transaction: the active assignee alone (if "replies on my tickets"
 * is on), or while nobody (active) is assigned, the agents with "new tickets" on, by address.
 */
export function replyRecipientsStatement(ticketId: string): Statement {
  return {
    text: `
    WITH a AS (
      SELECT u.* FROM "Ticket" t JOIN "User" u ON u."id" = t."assigneeId" AND u."active" AND u."role" IN ('AGENT', 'ADMIN')
      WHERE t."id" = $1::uuid
    )
    SELECT "id"::text, "email", "name", "locale", "notifyDigest" FROM a WHERE a."notifyAssignedReplies"
    UNION ALL
    SELECT g."id"::text, g."email", g."name", g."locale", g."notifyDigest" FROM "User" g
    WHERE NOT EXISTS (SELECT 1 FROM a) AND g."active" AND g."role" IN ('AGENT', 'ADMIN') AND g."notifyNewTickets"
    ORDER BY "email"`,
    values: [ticketId],
  };
}
