import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { EMAIL_TEMPLATES, renderAgentNotification, type AgentNotificationKind } from '@/server/mail/outbound/templates';
import { isLocale, type Locale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import type { TicketStatus } from './status';
import { formatTicketNumber } from './numbering';

/** Where an agent opens a ticket: the agent view's ticket page (signing in first if needed). */
export function agentTicketUrl(number: number): string {
  return `${env().APP_URL.replace(/\/$/, '')}/agent/zgloszenia/${formatTicketNumber(number)}`;
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
 * Writes the notification to the outbox, inside the caller's transaction: to the ticket's assignee while they
 * are an active agent, otherwise to every active agent and admin, each in their own language.
 */
export async function notifyAgents(tx: Tx, notification: AgentNotification): Promise<number> {
  const staff: Prisma.UserWhereInput = { active: true, role: { in: ['AGENT', 'ADMIN'] } };
  const select = { email: true, name: true, locale: true } as const;
  const assignee = notification.ticket.assigneeId
    ? await tx.user.findFirst({ where: { id: notification.ticket.assigneeId, ...staff }, select })
    : null;
  const recipients = assignee ? [assignee] : await tx.user.findMany({ where: staff, select, orderBy: { email: 'asc' } });

  const number = formatTicketNumber(notification.ticket.number);
  for (const agent of recipients) {
    const locale: Locale = isLocale(agent.locale) ? agent.locale : 'pl';
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
    await enqueueEmail(tx, {
      template: EMAIL_TEMPLATES.agentNotification,
      ticketId: notification.ticket.id,
      to: { email: agent.email, name: agent.name },
      ...mail,
    });
  }
  return recipients.length;
}
