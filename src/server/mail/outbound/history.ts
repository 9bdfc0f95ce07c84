import { Prisma } from '@/generated/prisma/client';
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

interface HistoryRow {
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
  const since = new Date(now.getTime() - CAP_WINDOW_MS);
  const staff = [...STAFF_NOTIFICATION_TEMPLATES];
  const rows = await tx.$queryRaw<HistoryRow[]>(Prisma.sql`
    SELECT
      u."emailBouncedAt" IS NOT NULL AS "bounced",
      u."emailBounceReason" AS "bounceReason",
      coalesce(a."accountMail", 0)::int AS "accountMail",
      coalesce(a."staffMailOnTicket", 0)::int AS "staffMailOnTicket",
      coalesce(a."customerMail", 0)::int AS "customerMail",
      coalesce(t."customerMailOnTicket", 0)::int AS "customerMailOnTicket",
      th."ids" AS "threadMessageIds"
    FROM unnest(${recipients.map((r) => r.toEmail)}::text[], ${recipients.map((r) => r.ticketId)}::uuid[]) WITH ORDINALITY AS m("toEmail", "ticketId", "ord")
    LEFT JOIN "User" u ON u."email" = m."toEmail"
    LEFT JOIN LATERAL (
      SELECT
        count(*) FILTER (WHERE o."ticketId" IS NULL) AS "accountMail",
        count(*) FILTER (WHERE o."ticketId" = m."ticketId" AND o."template" = ANY(${staff}::text[])) AS "staffMailOnTicket",
        count(*) FILTER (WHERE o."ticketId" IS NOT NULL AND o."template" <> ALL(${staff}::text[])) AS "customerMail"
      FROM "OutboundEmail" o
      WHERE o."toEmail" = m."toEmail" AND o."createdAt" > ${since} AND o."status" <> 'SUPPRESSED'
    ) a ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS "customerMailOnTicket"
      FROM "OutboundEmail" o
      WHERE o."ticketId" = m."ticketId" AND o."template" <> ALL(${staff}::text[]) AND o."createdAt" > ${since} AND o."status" <> 'SUPPRESSED'
    ) t ON m."ticketId" IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT array_agg(o."messageId" ORDER BY o."createdAt") AS "ids"
      FROM "OutboundEmail" o
      WHERE o."ticketId" = m."ticketId" AND o."toEmail" = m."toEmail" AND o."status" <> 'SUPPRESSED'
    ) th ON m."ticketId" IS NOT NULL
    ORDER BY m."ord"`);
  return rows.map((row) => ({ ...row, threadMessageIds: row.threadMessageIds ?? [] }));
}
