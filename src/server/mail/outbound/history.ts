import type { Tx } from '@/server/db/client';
import { CAP_WINDOW_MS, STAFF_NOTIFICATION_TEMPLATES, type CapHistory } from './caps';

/** Everything the outbox must know about earlier mail to one recipient before it writes the next one. */
export interface RecipientHistory extends CapHistory {
  /** Message-IDs of the earlier mail about this ticket to this address that was not suppressed, oldest first. */
  threadMessageIds: string[];
}

export interface RecipientRef {
  /** Lower-cased, as the outbox stores it. */
  toEmail: string;
  ticketId: string | null;
}

export interface HistoryRow {
  bounced: boolean;
  bounceReason: string | null;
  accountMail: number;
  staffMailOnTicket: number;
  customerMail: number;
  customerMailOnTicket: number;
  threadMessageIds: string[] | null;
}

/**
 * One round trip for any number of recipients (a new ticket mails the reporter and each agent): the bounce mark on
 * the address, the counts the caps need (caps.ts) over the last CAP_WINDOW_MS, and the ticket thread so far for
 * In-Reply-To / References. Reads run in the caller's transaction, so they see its own earlier writes.
 *
 * The counts walk the (toEmail, createdAt) and (ticketId, createdAt) indexes, bounded by the window; the thread
 * walks (ticketId, createdAt) for one ticket. Results come back in the order of `recipients`.
 */
export async function recipientHistories(tx: Tx, recipients: readonly RecipientRef[], now = new Date()): Promise<RecipientHistory[]> {
  if (!recipients.length) return [];
  const { text, values } = recipientHistoriesQuery(recipients, now);
  return historiesFromRows(await tx.$queryRawUnsafe<HistoryRow[]>(text, ...values));
}

/** The rows of `recipientHistoriesQuery` as histories (in the order of its recipients). */
export function historiesFromRows(rows: readonly (HistoryRow & { ord?: unknown })[]): RecipientHistory[] {
  return rows.map(({ ord: _ord, ...row }) => ({ ...row, threadMessageIds: row.threadMessageIds ?? [] }));
}

/**
 * The one statement of `recipientHistories`, as text and positional values, for Prisma and for the SQL fast path
 * (tickets/create-fast.ts) alike.
 */
export function recipientHistoriesQuery(
  recipients: readonly RecipientRef[],
  now = new Date(),
  /** The number of the first placeholder, when the query is embedded in a statement with parameters of its own. */
  first = 1,
): { text: string; values: unknown[] } {
  const since = new Date(now.getTime() - CAP_WINDOW_MS);
  const staff = [...STAFF_NOTIFICATION_TEMPLATES];
  const [emails, tickets, templates, window] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  return {
    text: `
    SELECT
      u."emailBouncedAt" IS NOT NULL AS "bounced",
      u."emailBounceReason" AS "bounceReason",
      coalesce(a."accountMail", 0)::int AS "accountMail",
      coalesce(a."staffMailOnTicket", 0)::int AS "staffMailOnTicket",
      coalesce(a."customerMail", 0)::int AS "customerMail",
      coalesce(t."customerMailOnTicket", 0)::int AS "customerMailOnTicket",
      th."ids" AS "threadMessageIds",
      m."ord"
    FROM unnest(${emails}::text[], ${tickets}::uuid[]) WITH ORDINALITY AS m("toEmail", "ticketId", "ord")
    LEFT JOIN "User" u ON u."email" = m."toEmail"
    LEFT JOIN LATERAL (
      SELECT
        count(*) FILTER (WHERE o."ticketId" IS NULL) AS "accountMail",
        count(*) FILTER (WHERE o."ticketId" = m."ticketId" AND o."template" = ANY(${templates}::text[])) AS "staffMailOnTicket",
        count(*) FILTER (WHERE o."ticketId" IS NOT NULL AND o."template" <> ALL(${templates}::text[])) AS "customerMail"
      FROM "OutboundEmail" o
      WHERE o."toEmail" = m."toEmail" AND o."createdAt" > ${window}::timestamp AND o."status" <> 'SUPPRESSED'
    ) a ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS "customerMailOnTicket"
      FROM "OutboundEmail" o
      WHERE o."ticketId" = m."ticketId" AND o."template" <> ALL(${templates}::text[]) AND o."createdAt" > ${window}::timestamp AND o."status" <> 'SUPPRESSED'
    ) t ON m."ticketId" IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT array_agg(o."messageId" ORDER BY o."createdAt") AS "ids"
      FROM "OutboundEmail" o
      WHERE o."ticketId" = m."ticketId" AND o."toEmail" = m."toEmail" AND o."status" <> 'SUPPRESSED'
    ) th ON m."ticketId" IS NOT NULL
    ORDER BY m."ord"`,
    values: [recipients.map((r) => r.toEmail), recipients.map((r) => r.ticketId), staff, since],
  };
}
