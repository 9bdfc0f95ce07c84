import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { enqueueEmails } from '@/server/mail/outbound/outbox';
import { EMAIL_TEMPLATES, renderAgentNotification, type AgentNotificationKind } from '@/server/mail/outbound/templates';
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
  /** The customer who acted. */
  customer: { name: string | null; email: string; company?: string | null };
  message?: string;
  attachmentCount?: number;
  rating?: number;
  ratingComment?: string | null;
  previousTicketNumber?: string;
}

/**
 * Writes the notification to the outbox, inside the caller's transaction, to the agents whose own settings ask
 * for it, each in their own language:
 * - a new ticket, and anything a customer does on a ticket nobody (active) is assigned to: every active agent
 *   and admin with "new tickets" switched on (`notifyNewTickets`); a new ticket born assigned (a category's
 *   default assignee) also goes to its assignee if "replies on my tickets" is on: it is theirs from the start;
 * - anything a customer does on an assigned ticket (reply, reopen, solve, rate, follow-up of it): the assignee
 *   alone, if "replies on my tickets" is on (`notifyAssignedReplies`). Nobody else: the ticket has an owner.
 * A ticket assigned to someone since deactivated counts as unassigned, so it cannot go unnoticed.
 */
export async function notifyAgents(tx: Tx, notification: AgentNotification): Promise<number> {
  const recipients = await recipientsFor(tx, notification);
  const number = formatTicketNumber(notification.ticket.number);
  // One batch for the whole team: two round trips however many agents are told.
  await enqueueEmails(
    tx,
    recipients.map((agent) => {
      const locale: Locale = toLocale(agent.locale);
      const mail = renderAgentNotification({
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
        ticketUrl: agentTicketUrl(notification.ticket.number),
      });
      return {
        template: notification.kind === 'newTicket' ? EMAIL_TEMPLATES.agentNewTicket : EMAIL_TEMPLATES.agentNotification,
        ticketId: notification.ticket.id,
        to: { email: agent.email, name: agent.name },
        ...mail,
      };
    }),
  );
  return recipients.length;
}

async function recipientsFor(tx: Tx, notification: AgentNotification) {
  const staff: Prisma.UserWhereInput = { active: true, role: { in: ['AGENT', 'ADMIN'] } };
  const select = { email: true, name: true, locale: true, notifyAssignedReplies: true } as const;
  const { assigneeId } = notification.ticket;
  const assignee = assigneeId ? await tx.user.findFirst({ where: { id: assigneeId, ...staff }, select }) : null;
  if (assignee && notification.kind !== 'newTicket') return assignee.notifyAssignedReplies ? [assignee] : [];
  const everyone = await tx.user.findMany({ where: { ...staff, notifyNewTickets: true }, select, orderBy: { email: 'asc' } });
  if (assignee?.notifyAssignedReplies && !everyone.some((agent) => agent.email === assignee.email)) everyone.push(assignee);
  return everyone;
}
