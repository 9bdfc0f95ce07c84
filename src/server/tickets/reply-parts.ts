import type { TicketCategory, TicketPriority } from '@/generated/prisma/enums';
import type { Statement } from '@/server/db/pg-sql';
import type { TicketAccessFacts } from '@/server/auth/policy';
import type { TicketStatus } from './status';

/**
 * What a customer's action and its SQL fast path (reply-fast.ts) share: the statement that reads and locks the
 * ticket, the ticket it gives, and the reply's event data.
 */

/** The ticket as a customer action sees it, read and locked in one statement (see lockTicketStatement). */
export interface LockedTicket {
  id: string;
  number: number;
  subject: string;
  category: TicketCategory;
  priority: TicketPriority;
  status: TicketStatus;
  reporterId: string;
  companyId: string | null;
  assigneeId: string | null;
  rating: number | null;
  ratingComment: string | null;
  slaPausedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  reporter: { name: string | null; email: string; locale: string | null };
  company: { name: string } | null;
  collaboratorEmails: string[];
  collaboratorIds: string[];
}

export type LockedTicketRow = Omit<LockedTicket, 'reporter' | 'company'> & {
  reporterName: string | null;
  reporterEmail: string;
  reporterLocale: string | null;
  companyName: string | null;
};

/**
 * Reads the ticket with its reporter, company and collaborators, and locks the ticket row (not the others) for the
 * rest of the transaction: one customer action at a time per ticket (FOR NO KEY UPDATE still lets others insert
 * rows that reference it). Every e-mail reply and portal action starts here.
 */
export function lockTicketStatement(ref: { number: number } | { ticketId: string }): Statement {
  return {
    text: `
    SELECT t."id"::text, t."number", t."subject", t."category"::text, t."priority"::text, t."status"::text,
           t."reporterId"::text, t."companyId"::text, t."assigneeId"::text, t."rating", t."ratingComment", t."slaPausedAt",
           t."firstResponseDueAt", t."resolutionDueAt", u."name" AS "reporterName", u."email" AS "reporterEmail",
           u."locale" AS "reporterLocale", c."name" AS "companyName",
           ARRAY(SELECT lower(cu."email") FROM "TicketCollaborator" tc JOIN "User" cu ON cu."id" = tc."userId"
                 WHERE tc."ticketId" = t."id") AS "collaboratorEmails",
           ARRAY(SELECT tc."userId"::text FROM "TicketCollaborator" tc WHERE tc."ticketId" = t."id") AS "collaboratorIds"
    FROM "Ticket" t
    JOIN "User" u ON u."id" = t."reporterId"
    LEFT JOIN "Company" c ON c."id" = t."companyId"
    WHERE ${'number' in ref ? 't."number" = $1::int' : 't."id" = $1::uuid'}
    FOR NO KEY UPDATE OF t`,
    values: ['number' in ref ? ref.number : ref.ticketId],
  };
}

export function lockedTicketFrom(row: LockedTicketRow): LockedTicket {
  const { reporterName, reporterEmail, reporterLocale, companyName, ...columns } = row;
  return {
    ...columns,
    reporter: { name: reporterName, email: reporterEmail, locale: reporterLocale },
    company: companyName === null ? null : { name: companyName },
  };
}

/** What policy.ts needs to know to say who the principal is on the ticket. */
export function accessFactsOf(ticket: LockedTicket): TicketAccessFacts {
  return {
    id: ticket.id,
    reporterId: ticket.reporterId,
    companyId: ticket.companyId,
    reporterEmail: ticket.reporter.email,
    collaboratorEmails: ticket.collaboratorEmails,
    collaboratorIds: ticket.collaboratorIds,
  };
}

/** The `customer.replied` event's data: the message, how many files it has, and the replay key if any. */
export function replyEventData(
  messageId: string,
  attachments: number,
  replayKey: string | null,
): { messageId: string; attachments: number; idempotencyKey?: string } {
  return { messageId, attachments, ...(replayKey ? { idempotencyKey: replayKey } : {}) };
}
