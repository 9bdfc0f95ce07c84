import { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { transact as transactWith } from '@/server/db/transact';
import { isStaff, type Principal } from '@/server/auth/policy';
import { EMAIL_TEMPLATES, renderTicketMerged } from '@/server/mail/outbound/templates';
import { err, ok, type Result } from '@/server/result';
import { statusFields } from './change-status';
import { addCollaborators, collaboratorsOf } from './collaborators';
import { ticketUrl } from './create';
import { TICKET_EVENTS } from './events';
import { formatTicketNumber, parseTicketNumber } from './numbering';
import { mailReporterAndCollaborators } from './public-mail';

/**
 * Merging a duplicate into another ticket, in one transaction: the duplicate's thread (messages with their files),
 * its identifiers and its inbound e-mails move to the target; its reporter and the people copied on it are copied
 * on the target, so they follow the conversation there and their e-mail replies thread in; the duplicate is closed
 * with a link to the target (`mergedIntoId`), and its reporter is told by e-mail. A reply to any of the
 * duplicate's e-mails lands in the target (the inbound ingest follows `mergedIntoId`).
 *
 * The close is written here with changeStatus's stamps (statusFields) rather than through changeStatus: an agent
 * may not otherwise close a ticket that is not solved, and the merge's own e-mail replaces the status e-mail.
 */

export const mergeInputSchema = z.object({
  target: z
    .string()
    .trim()
    .transform((value, ctx) => {
      const number = parseTicketNumber(value);
      if (number === null) ctx.addIssue({ code: 'custom', message: 'agentsWork.merge.errors.target' });
      return number ?? 0;
    }),
});

export type MergeError =
  | { kind: 'not_found' }
  | { kind: 'invalid'; fieldErrors: Record<string, string[]> }
  /** The duplicate is closed or merged already, or the target cannot take it (closed, merged, the same ticket). */
  | { kind: 'not_mergeable'; reason: 'same' | 'sourceClosed' | 'targetClosed' | 'alreadyMerged' };

export interface Merged {
  sourceNumber: string;
  targetNumber: string;
  movedMessages: number;
}

const transact = <T>(work: (tx: Tx) => Promise<Result<T, MergeError>>) => transactWith<T, MergeError>(work);

const select = {
  id: true,
  number: true,
  subject: true,
  status: true,
  version: true,
  mergedIntoId: true,
  slaPausedAt: true,
  firstResponseDueAt: true,
  resolutionDueAt: true,
  reporter: { select: { email: true, name: true, locale: true } },
} as const;

export async function mergeTickets(command: {
  principal: Principal;
  sourceNumber: number;
  target: unknown;
}): Promise<Result<Merged, MergeError>> {
  const { principal } = command;
  if (!isStaff(principal) || principal.kind !== 'user') return err({ kind: 'not_found' });
  const parsed = mergeInputSchema.safeParse({ target: command.target });
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: { target: ['agentsWork.merge.errors.target'] } });
  const targetNumber = parsed.data.target;
  if (targetNumber === command.sourceNumber) return err({ kind: 'not_mergeable', reason: 'same' });

  return transact<Merged>(async (tx) => {
    // Both rows locked, in number order, so two merges of the same pair cannot deadlock.
    const locked = await tx.$queryRaw<{ id: string; number: number }[]>`
      SELECT "id", "number" FROM "Ticket" WHERE "number" IN (${command.sourceNumber}, ${targetNumber}) ORDER BY "number" FOR NO KEY UPDATE`;
    const sourceId = locked.find((row) => row.number === command.sourceNumber)?.id;
    const targetId = locked.find((row) => row.number === targetNumber)?.id;
    if (!sourceId) return err({ kind: 'not_found' });
    if (!targetId) return err({ kind: 'invalid', fieldErrors: { target: ['agentsWork.merge.errors.targetMissing'] } });
    const [source, target] = await Promise.all([
      tx.ticket.findUniqueOrThrow({ where: { id: sourceId }, select }),
      tx.ticket.findUniqueOrThrow({ where: { id: targetId }, select }),
    ]);
    if (source.mergedIntoId || target.mergedIntoId) return err({ kind: 'not_mergeable', reason: 'alreadyMerged' });
    if (source.status === 'CLOSED') return err({ kind: 'not_mergeable', reason: 'sourceClosed' });
    if (target.status === 'CLOSED') return err({ kind: 'not_mergeable', reason: 'targetClosed' });

    const now = new Date();
    const moved = await tx.message.updateMany({ where: { ticketId: source.id }, data: { ticketId: target.id } });
    await tx.attachment.updateMany({ where: { ticketId: source.id }, data: { ticketId: target.id } });
    await tx.inboundEmail.updateMany({ where: { ticketId: source.id }, data: { ticketId: target.id } });
    const targetIdentifiers = await tx.ticketIdentifier.findMany({ where: { ticketId: target.id }, select: { kind: true, value: true } });
    const known = new Set(targetIdentifiers.map((identifier) => `${identifier.kind}:${identifier.value}`));
    const sourceIdentifiers = await tx.ticketIdentifier.findMany({
      where: { ticketId: source.id },
      select: { id: true, kind: true, value: true },
    });
    const fresh = sourceIdentifiers.filter((identifier) => !known.has(`${identifier.kind}:${identifier.value}`));
    await tx.ticketIdentifier.updateMany({
      where: { id: { in: fresh.map((identifier) => identifier.id) } },
      data: { ticketId: target.id },
    });
    await tx.ticketIdentifier.deleteMany({ where: { ticketId: source.id } });

    const copied = await collaboratorsOf(tx, source.id);
    await addCollaborators(tx, {
      ticketId: target.id,
      emails: [source.reporter.email, ...copied.map((person) => person.email)],
      addedById: principal.userId,
    });

    const sourceNumber = formatTicketNumber(source.number);
    const targetLabel = formatTicketNumber(target.number);
    await tx.ticket.update({
      where: { id: source.id },
      data: {
        // Closing never resumes an SLA clock, so no business calendar is needed.
        ...statusFields(source, 'CLOSED', now, null),
        mergedIntoId: target.id,
        mergedAt: now,
        lastActivityAt: now,
        version: { increment: 1 },
      },
    });
    await tx.ticket.update({ where: { id: target.id }, data: { lastActivityAt: now, version: { increment: 1 } } });
    await tx.ticketEvent.createMany({
      data: [
        {
          ticketId: source.id,
          actorId: principal.userId,
          type: TICKET_EVENTS.statusChanged,
          data: { from: source.status, to: 'CLOSED', via: 'merge' },
          createdAt: now,
        },
        { ticketId: source.id, actorId: principal.userId, type: TICKET_EVENTS.mergedInto, data: { number: target.number }, createdAt: now },
        {
          ticketId: target.id,
          actorId: principal.userId,
          type: TICKET_EVENTS.mergedFrom,
          data: { number: source.number, messages: moved.count },
          createdAt: now,
        },
      ],
    });

    // The duplicate's people hear where the conversation went; their links open the target (they are on it now).
    await mailReporterAndCollaborators(tx, {
      template: EMAIL_TEMPLATES.ticketMerged,
      ticket: source,
      render: (recipient) =>
        renderTicketMerged({
          locale: recipient.locale,
          recipientName: recipient.name,
          ticketNumber: sourceNumber,
          subject: source.subject,
          targetNumber: targetLabel,
          targetSubject: target.subject,
          targetUrl: ticketUrl(target.id, target.number, recipient.email),
        }),
    });
    return ok({ sourceNumber, targetNumber: targetLabel, movedMessages: moved.count });
  });
}
