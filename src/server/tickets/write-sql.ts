import { randomUUID } from 'node:crypto';
import type { StoredForClaim } from '@/server/attachments';
import type { Channel } from '@/generated/prisma/enums';
import { preparedSql, stamp, type Statement } from '@/server/db/pg-sql';
import type pg from 'pg';
import { outboxRecipients, outboxRows, type EmailToEnqueue } from '@/server/mail/outbound/outbox';
import { historiesFromRows, recipientHistoriesQuery, type HistoryRow, type RecipientHistory } from '@/server/mail/outbound/history';
import type { DigestItemRow } from './notify-agents';

/**
 * The rows a change to a ticket writes after the ticket row itself, as one statement from one JSON document ($1),
 * shared by the SQL fast paths of a new ticket (create-fast.ts) and of a customer's e-mailed reply (reply-fast.ts):
 * identifiers, a customer's message with its attachments (rows of files stored for it, written already claimed by
 * the message: no other transaction ever sees them unclaimed), the activity event, the ticket's activity time and
 * version (a reply), digest items and outbox rows. Each part is written only when the document has it. The same rows
 * as the Prisma path writes (the ids generated here as Prisma does, `randomUUID`); the message's search trigger runs
 * after the statement as ever (a new ticket's fast path has put the text in the document already and told the trigger
 * so, see create-fast.ts), and foreign keys are checked at its end, when the message exists. Two texts: a reply's
 * also moves the ticket's activity time and version; a new ticket's has no UPDATE of the ticket at all (an UPDATE
 * statement fires the open-count statement trigger even when it changes no row). Prepared once per connection on
 * the fast paths (`prepareOn`, db/pg-sql.ts).
 */
const ticketWrites = (touch: boolean) => `
WITH d AS (SELECT $1::jsonb AS j),
ids AS (
  INSERT INTO "TicketIdentifier" (id, "ticketId", kind, value)
  SELECT (x->>'id')::uuid, (d.j->>'ticketId')::uuid, (x->>'kind')::"IdentifierKind", x->>'value'
  FROM d, jsonb_array_elements(coalesce(d.j->'identifiers', '[]'::jsonb)) x
  RETURNING 1
), msg AS (
  INSERT INTO "Message" (id, "ticketId", type, "authorId", channel, body, "emailMessageId", "trimmedText", "createdAt")
  SELECT (d.j->>'messageId')::uuid, (d.j->>'ticketId')::uuid, 'CUSTOMER', (d.j->>'authorId')::uuid, (d.j->>'channel')::"Channel",
    d.j->>'body', d.j->>'emailMessageId', d.j->>'trimmedText', (d.j->>'now')::timestamp
  FROM d WHERE d.j ? 'messageId'
  RETURNING 1
), att AS (
  INSERT INTO "Attachment" (id, "ticketId", "messageId", "fileName", "contentType", kind, size, sha256, "storageKey", "createdAt")
  SELECT (x->>'id')::uuid, (d.j->>'ticketId')::uuid, (d.j->>'messageId')::uuid, x->>'fileName', x->>'contentType',
    (x->>'kind')::"AttachmentKind", (x->>'size')::int, x->>'sha256', x->>'storageKey', now()
  FROM d, jsonb_array_elements(coalesce(d.j->'attachments', '[]'::jsonb)) x
  RETURNING 1
), ev AS (
  INSERT INTO "TicketEvent" (id, "ticketId", "actorId", type, data, "createdAt")
  SELECT (d.j->>'eventId')::uuid, (d.j->>'ticketId')::uuid, (d.j->>'authorId')::uuid, d.j->>'eventType', d.j->'eventData',
    (d.j->>'now')::timestamp
  FROM d WHERE d.j ? 'eventId'
  RETURNING 1
),${
  touch
    ? ` touched AS (
  UPDATE "Ticket" t SET "lastActivityAt" = (d.j->>'now')::timestamp, version = t.version + 1, "updatedAt" = (d.j->>'now')::timestamp
  FROM d WHERE t.id = (d.j->>'ticketId')::uuid
  RETURNING 1
),`
    : ''
} dig AS (
  INSERT INTO "StaffDigestItem" (id, "userId", "ticketId", kind, summary, "createdAt")
  SELECT (x->>'id')::uuid, (x->>'userId')::uuid, (x->>'ticketId')::uuid, x->>'kind', x->>'summary', now()
  FROM d, jsonb_array_elements(coalesce(d.j->'digest', '[]'::jsonb)) x
  RETURNING 1
)
INSERT INTO "OutboundEmail" (id, template, priority, "ticketId", "toEmail", "toName", subject, text, html, "messageId",
  "inReplyTo", "references", headers, status, "lastError", "createdAt", "nextAttemptAt")
SELECT (x->>'id')::uuid, x->>'template', (x->>'priority')::smallint, (x->>'ticketId')::uuid, x->>'toEmail', x->>'toName',
  x->>'subject', x->>'text', x->>'html', x->>'messageId', x->>'inReplyTo',
  ARRAY(SELECT jsonb_array_elements_text(x->'references')), x->'headers',
  coalesce(x->>'status', 'PENDING')::"OutboundEmailStatus", x->>'lastError', now(), now()
FROM d, jsonb_array_elements(coalesce(d.j->'outbox', '[]'::jsonb)) WITH ORDINALITY AS e(x, ord)
ORDER BY e.ord`;

/** A new ticket's rows (its own row was written by the statement before). */
export const TICKET_WRITES = preparedSql(ticketWrites(false));
/** A reply's rows, and the ticket's `lastActivityAt` and `updatedAt` moved to `now`, its `version` up by one. */
export const REPLY_WRITES = preparedSql(ticketWrites(true));

/** The document TICKET_WRITES takes; every part is optional but the ticket. */
export interface TicketWrites {
  ticketId: string;
  /** The message's and the event's time, and the ticket's new activity time (REPLY_WRITES); ISO. */
  now?: string;
  authorId?: string;
  channel?: Channel;
  identifiers?: { id: string; kind: string; value: string }[];
  messageId?: string;
  body?: string;
  emailMessageId?: string | null;
  trimmedText?: string | null;
  attachments?: AttachmentRow[];
  eventId?: string;
  eventType?: string;
  eventData?: Record<string, unknown>;
  digest?: (DigestItemRow & { id: string })[];
  outbox?: Record<string, unknown>[];
}

type AttachmentRow = Pick<StoredForClaim['row'], 'fileName' | 'contentType' | 'kind' | 'size' | 'sha256' | 'storageKey'> & { id: string };

/** The rows of files stored for a message (storeForClaim), as TICKET_WRITES writes them, claimed by it. */
export function attachmentRows(files: readonly StoredForClaim[]): AttachmentRow[] {
  return files.map(({ row }) => ({
    id: randomUUID(),
    fileName: row.fileName,
    contentType: row.contentType,
    kind: row.kind,
    size: row.size,
    sha256: row.sha256,
    storageKey: row.storageKey,
  }));
}

/** The outbox rows for `emails` from their recipients' histories, with their ids, as TICKET_WRITES takes them. */
export function outboxBatch(emails: readonly EmailToEnqueue[], histories: readonly RecipientHistory[]): Record<string, unknown>[] {
  return outboxRows(emails, histories).map((row) => ({ id: randomUUID(), ...row }));
}

/** The outbox batch for `emails`, with their recipients' history read on `client` first (inside the transaction). */
export async function readOutboxBatch(client: pg.ClientBase, emails: readonly EmailToEnqueue[]): Promise<Record<string, unknown>[]> {
  if (!emails.length) return [];
  const { text, values } = recipientHistoriesQuery(outboxRecipients(emails));
  const { rows } = await client.query<HistoryRow>(
    text,
    values.map((v) => (v instanceof Date ? stamp(v) : v)),
  );
  return outboxBatch(emails, historiesFromRows(rows));
}

/**
 * A caller's own writes on a SQL fast path (an inbound mail's: its sender's count, its attachments, its record), the
 * counterpart of the `beforeWrite` / `inSameTransaction` hooks it gives the Prisma path. They travel with the fast
 * path's own statements (no round trip of their own) and commit or roll back with them.
 */
export interface CallerSql<Written> {
  /** Run first, sent with BEGIN: `check` gets its rows and throws to roll everything back (nothing is written). */
  first?: { statement: Statement; check: (rows: readonly Record<string, unknown>[]) => void };
  /** Files stored for the message (storeForClaim): their rows are written claimed by it. */
  attachments?: readonly StoredForClaim[];
  /** Run last, sent with COMMIT, given what was written. */
  last: (written: Written) => Statement[];
}
