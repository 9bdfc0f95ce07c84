import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { EMAIL_TEMPLATES, renderStatusChanged } from '@/server/mail/outbound/templates';
import { toLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { ticketUrl } from './create';
import { TICKET_EVENTS } from './events';
import { formatTicketNumber } from './numbering';

/**
 * The worker's ticket jobs. Each is one set-based statement (safe with several workers: a row changes once,
 * because the WHERE clause no longer matches it after the first worker's UPDATE) plus its events.
 */

const OPEN_FOR_SLA = ['NEW', 'OPEN', 'ON_HOLD'] as const;

/** Records each SLA target missed, once: an event for the activity log and a timestamp for the queue. */
export async function recordSlaBreaches(now = new Date()): Promise<{ firstResponse: number; resolution: number }> {
  return db().$transaction(async (tx) => {
    const firstResponse = await tx.ticket.updateManyAndReturn({
      where: {
        status: { in: [...OPEN_FOR_SLA] },
        firstRespondedAt: null,
        firstResponseBreachedAt: null,
        slaPausedAt: null,
        firstResponseDueAt: { lt: now },
      },
      data: { firstResponseBreachedAt: now },
      select: { id: true, firstResponseDueAt: true },
    });
    const resolution = await tx.ticket.updateManyAndReturn({
      where: { status: { in: [...OPEN_FOR_SLA] }, resolutionBreachedAt: null, slaPausedAt: null, resolutionDueAt: { lt: now } },
      data: { resolutionBreachedAt: now },
      select: { id: true, resolutionDueAt: true },
    });
    await tx.ticketEvent.createMany({
      data: [
        ...firstResponse.map((t) => ({ ticketId: t.id, type: TICKET_EVENTS.firstResponseBreached, data: { dueAt: t.firstResponseDueAt?.toISOString() ?? null }, createdAt: now })),
        ...resolution.map((t) => ({ ticketId: t.id, type: TICKET_EVENTS.resolutionBreached, data: { dueAt: t.resolutionDueAt?.toISOString() ?? null }, createdAt: now })),
      ],
    });
    return { firstResponse: firstResponse.length, resolution: resolution.length };
  });
}

/** Resolved tickets nobody answered for AUTO_CLOSE_RESOLVED_DAYS close, and the reporter is told. */
export async function autoCloseResolvedTickets(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - env().AUTO_CLOSE_RESOLVED_DAYS * 86_400_000);
  return db().$transaction(async (tx) => {
    const closed = await tx.ticket.updateManyAndReturn({
      where: { status: 'RESOLVED', lastActivityAt: { lt: cutoff } },
      data: { status: 'CLOSED', closedAt: now, lastActivityAt: now, version: { increment: 1 } },
      select: { id: true, number: true, subject: true, reporter: { select: { email: true, name: true, locale: true } } },
    });
    for (const ticket of closed) {
      await tx.ticketEvent.create({
        data: { ticketId: ticket.id, type: TICKET_EVENTS.statusChanged, data: { from: 'RESOLVED', to: 'CLOSED', via: 'auto_close' }, createdAt: now },
      });
      const locale = toLocale(ticket.reporter.locale);
      const mail = renderStatusChanged({
        locale,
        recipientName: ticket.reporter.name,
        ticketNumber: formatTicketNumber(ticket.number),
        subject: ticket.subject,
        notice: 'closed',
        statusLabel: translator(locale)('ticket.status.CLOSED'),
        ticketUrl: ticketUrl(ticket.id, ticket.number, ticket.reporter.email),
      });
      await enqueueEmail(tx, { template: EMAIL_TEMPLATES.statusChanged, ticketId: ticket.id, to: { email: ticket.reporter.email, name: ticket.reporter.name }, ...mail });
    }
    return closed.length;
  });
}
