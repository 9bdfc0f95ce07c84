import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/server/db/client';
import { EMAIL_TEMPLATES, renderStatusChanged, type CustomerStatusNotice } from '@/server/mail/outbound/templates';
import type { BusinessCalendar } from '@/server/calendar';
import { businessCalendarFor } from '@/server/plan-settings/read';
import { endsSlaPause, slaChangesForMove } from '@/server/sla/clock';
import { err, ok, type Result } from '@/server/result';
import { toLocale, type Locale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { mailReporterAndCollaborators } from './public-mail';
import { TICKET_EVENTS } from './events';
import { formatTicketNumber } from './numbering';
import { canTransition, isOpenStatus, type TicketStatus, type TransitionActor } from './status';

/**
 * Every status move, by anyone (an agent's field change or reply, the customer's button or reply, the auto-close
 * job), is written here: the transition rule (status.ts), the resolved/closed stamps, the SLA clocks (paused while
 * waiting on the customer), the version and last activity, the activity event, and the reporter's status e-mail.
 *
 * The reporter is e-mailed about moves made by someone else, when the move means something to them (waiting on
 * them, solved, closed, reopened). A move that comes with an agent's reply is told in that reply's e-mail
 * (`notice` in the result), never in a second one; a customer's own move is never e-mailed back to them.
 */

/** What a status move needs to know about the ticket (its row locked, or guarded by `expectedVersion`). */
export interface StatusTicket {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  slaPausedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  reporter: { email: string; name: string | null; locale: string | null };
}

/** `merge`: the duplicate closed by a merge; its reporter is told by the merge's own e-mail, not a status one. */
export type StatusVia = 'reply' | 'button' | 'auto_close' | 'merge';

export interface ChangeStatusCommand {
  ticket: StatusTicket;
  to: TicketStatus;
  actor: TransitionActor;
  /** The user who moves it; null for the system. */
  actorId: string | null;
  now: Date;
  via?: StatusVia;
  /** The event's type when the move has its own name in the activity log ("reopened", "solved by the customer"). */
  eventType?: string;
  /** Only write when the ticket is still at this version (the agent's optimistic concurrency). */
  expectedVersion?: number;
  /** Other ticket fields written in the same UPDATE (an agent's field changes, the first-response stamp). */
  alsoSet?: Prisma.TicketUncheckedUpdateManyInput;
}

export interface StatusChanged {
  from: TicketStatus;
  to: TicketStatus;
  /** What the move means to the customer, if anything: a reply's e-mail says it. */
  notice: CustomerStatusNotice | null;
}

export type ChangeStatusError =
  | { kind: 'invalid_transition'; from: TicketStatus; to: TicketStatus }
  /** The ticket is no longer at `expectedVersion` or in the status it was read in: nothing was written. */
  | { kind: 'stale' };

/**
 * The ticket fields a move from `ticket.status` to `to` writes: the stamps and the SLA clocks. `calendar` (the
 * plan's support hours) is needed when the move ends a pause (endsSlaPause).
 */
export function statusFields(
  ticket: Pick<StatusTicket, 'status' | 'slaPausedAt' | 'firstResponseDueAt' | 'resolutionDueAt'>,
  to: TicketStatus,
  now: Date,
  calendar: BusinessCalendar | null,
) {
  return {
    status: to,
    ...slaChangesForMove(ticket, to, now, calendar),
    ...(to === 'RESOLVED' ? { resolvedAt: now } : {}),
    ...(to === 'CLOSED' ? { closedAt: now } : {}),
    // Back to work: the ticket is neither solved nor closed any more, however it got there.
    ...(isOpenStatus(to) ? { resolvedAt: null, closedAt: null } : {}),
  } satisfies Prisma.TicketUncheckedUpdateManyInput;
}

/** What a move means to the customer, if they should hear of it. */
export function customerNotice(from: TicketStatus, to: TicketStatus): CustomerStatusNotice | null {
  if (from === to) return null;
  if (to === 'WAITING_ON_CUSTOMER') return 'waiting';
  if (to === 'RESOLVED') return 'resolved';
  if (to === 'CLOSED') return 'closed';
  if (isOpenStatus(to) && (from === 'RESOLVED' || from === 'CLOSED')) return 'reopened';
  return null;
}

export function reporterLocale(reporter: { locale: string | null }): Locale {
  return toLocale(reporter.locale);
}

/** The plan of the ticket's company now (null: no company, held to the smallest plan). */
async function planOfTicket(tx: Tx, ticketId: string) {
  const row = await tx.ticket.findUnique({ where: { id: ticketId }, select: { company: { select: { plan: true } } } });
  return row?.company?.plan ?? null;
}

export async function changeStatus(tx: Tx, command: ChangeStatusCommand): Promise<Result<StatusChanged, ChangeStatusError>> {
  const { ticket, to, actor, now } = command;
  const from = ticket.status;
  if (to === from || !canTransition(from, to, actor)) return err({ kind: 'invalid_transition', from, to });

  // The clocks restart in the plan's support hours: only then is the company's plan looked up.
  const calendar = endsSlaPause(ticket, to) ? await businessCalendarFor(await planOfTicket(tx, ticket.id), 'SUPPORT', tx) : null;
  const { count } = await tx.ticket.updateMany({
    where: { id: ticket.id, status: from, ...(command.expectedVersion === undefined ? {} : { version: command.expectedVersion }) },
    data: { ...command.alsoSet, ...statusFields(ticket, to, now, calendar), lastActivityAt: now, version: { increment: 1 } },
  });
  if (count === 0) return err({ kind: 'stale' });

  await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      actorId: command.actorId,
      type: command.eventType ?? TICKET_EVENTS.statusChanged,
      data: { from, to, ...(command.via ? { via: command.via } : {}) },
      createdAt: now,
    },
  });

  const notice = customerNotice(from, to);
  if (notice && actor !== 'customer' && command.via !== 'reply' && command.via !== 'merge') {
    await mailReporterAndCollaborators(tx, {
      template: EMAIL_TEMPLATES.statusChanged,
      ticket,
      render: (recipient) =>
        renderStatusChanged({
          locale: recipient.locale,
          recipientName: recipient.name,
          ticketNumber: formatTicketNumber(ticket.number),
          subject: ticket.subject,
          notice,
          statusLabel: translator(recipient.locale)(`ticket.customerStatus.${to}`),
          ticketUrl: recipient.ticketUrl,
        }),
    });
  }
  return ok({ from, to, notice });
}
