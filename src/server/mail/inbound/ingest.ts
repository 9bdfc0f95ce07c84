import { randomUUID } from 'node:crypto';
import { Prisma } from '@/generated/prisma/client';
import type { InboundEmailStatus } from '@/generated/prisma/enums';
import { db, type Tx } from '@/server/db/client';
import { executeIn, rawQuery, stamp, type Statement } from '@/server/db/pg-sql';
import { isUniqueViolation } from '@/server/db/errors';
import { env } from '@/server/env';
import { claimUploads, discardStoredBytes, recordStoredUploads, storeForClaim, type StoredForClaim } from '@/server/attachments';
import type { Principal } from '@/server/auth/policy';
import { countHit, hitIn } from '@/server/rate-limit';
import { replyAsCustomer, type ReplyOutcome } from '@/server/tickets/customer-actions';
import { addCollaborators } from '@/server/tickets/collaborators';
import type { CreatedTicket } from '@/server/tickets/create';
import { fileTicketFromEmail } from '@/server/tickets/file-from-email';
import type { CallerSql } from '@/server/tickets/write-sql';
import { clamp, LIMITS } from '@/server/tickets/schemas';
import { EMAIL_EVENTS } from '@/server/tickets/events';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { logger } from '@/server/logger';
import { DEFAULT_LOCALE } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { extractThreadingKeys, verifyReplyToken } from '@/server/mail/threading';
import { classifyEmail, type EmailClassification } from './classify';
import { senderAuthenticated } from './sender-auth';
import { parseRawEmail, type ParsedEmail } from './parse';
import { stripQuotedReply, type StrippedReply } from './strip-quotes';

/**
 * The one way e-mail gets in (SMTP receiver, IMAP poller, provider webhook). Every mail is kept raw (InboundEmail,
 * with what became of it), written in the same transaction as its effect:
 *   duplicate (same Message-ID, or the same bytes without one) → nothing more;
 *   auto-reply or bounce → recorded, never answered (a hard bounce marks the address);
 *   a reply → threaded into its ticket: signed reply token, then our Message-IDs in In-Reply-To/References,
 *     then a `[VCH-n]` subject tag — the last two only when the sender is the ticket's reporter, and the tag
 *     alone only when the receiving MTA authenticated the sender (else an unverified note an agent may accept);
 *   a valid token from someone else → an internal note for review, never a public message;
 *   anything else → a new ticket (channel EMAIL) for the sender;
 *   processing failed → kept as FAILED with the error, and the error goes back to the caller (which retries).
 */
export type IngestSource = 'smtp' | 'imap' | 'webhook';

export type IngestOutcome =
  | { kind: 'too_large'; size: number }
  | { kind: 'duplicate'; inboundEmailId: string }
  | { kind: 'ignored'; inboundEmailId: string; reason: IgnoredReason | 'rate_limited' }
  | { kind: 'replied'; inboundEmailId: string; ticketNumber: string; reopened: boolean }
  | { kind: 'follow_up'; inboundEmailId: string; ticketNumber: string; followUpOf: string }
  | { kind: 'flagged'; inboundEmailId: string; ticketNumber: string }
  | { kind: 'unverified'; inboundEmailId: string; ticketNumber: string }
  | { kind: 'created'; inboundEmailId: string; ticketNumber: string };

type IgnoredReason = 'auto_reply' | 'bounce' | 'no_sender';

/** New tickets one sender may open by e-mail per rate-limit window: stops mail loops and storms. */
const NEW_TICKETS_PER_SENDER = 20;

export async function ingestEmail(raw: Buffer, options: { source: IngestSource }): Promise<IngestOutcome> {
  const maxBytes = env().SMTP_INBOUND_MAX_MB;
  if (raw.length > maxBytes) return { kind: 'too_large', size: raw.length };

  const parsed = await parseRawEmail(raw);
  const classification = classifyEmail(parsed);
  const inboundEmailId = randomUUID();
  const row = (state: RecordState): InboundRow => ({
    ticketId: null,
    error: null,
    outcome: null,
    ...state,
    id: inboundEmailId,
    messageId: parsed.messageId,
    source: options.source,
    fromEmail: parsed.from?.address ?? null,
    subject: parsed.subject.slice(0, 500),
    size: raw.length,
    raw,
    classification: `${classification.kind}: ${classification.reason}`,
    processedAt: new Date(),
  });
  const finalState = (outcome: IngestOutcome, ticketId: string | null): RecordState => ({
    status: outcome.kind === 'ignored' ? 'IGNORED' : 'PROCESSED',
    outcome,
    ticketId,
  });

  // Mail that is only recorded (auto-replies, bounces, no sender) is stored with its final status at once.
  const ignored = await ignoreReason(classification, parsed);
  const sender = parsed.from?.address?.toLowerCase();
  if (ignored || !sender) {
    const outcome: IngestOutcome = { kind: 'ignored', inboundEmailId, reason: ignored ?? 'no_sender' };
    const stored = await storeRaw(row(finalState(outcome, null)));
    return stored.duplicate ? { kind: 'duplicate', inboundEmailId: stored.id } : outcome;
  }

  // Anything else is recorded (raw mail, outcome, ticket) by the very transaction that files it into a ticket: one
  // commit per mail, and no record of a mail whose work did not commit. A second delivery of the same mail fails
  // on the unique Message-ID and rolls its work back (or is answered by the idempotency keys first). A mail whose
  // processing fails is kept as FAILED, with the error, for a retry; the sender (an MTA, the IMAP poller, a
  // provider's webhook) hears of the failure and delivers it again later, so nothing is lost in between.
  const overLimits = parsed.problems.find((problem) => problem.code === 'over-limits');
  const record: Recorder = async (tx, outcome, ticketId) => {
    await insertInboundEmail(tx, row(finalState(outcome, ticketId)));
    // A mail too big for the MIME parser still has a sender waiting: it is filed like any other, and this note
    // tells the agent why its text is missing and where the whole mail is kept.
    if (overLimits && ticketId) {
      await tx.message.create({
        data: {
          ticketId,
          type: 'NOTE',
          channel: 'EMAIL',
          body: translator(DEFAULT_LOCALE)('inboundEmail.overLimitsNote', { detail: overLimits.detail, id: inboundEmailId }),
        },
      });
    }
  };
  // The same record as SQL for the fast paths (one statement sent with their COMMIT), unless the mail needs more
  // than its row: people on Cc: to add to the ticket, or the note on a mail too big to read. Those take Prisma.
  const recordSql: SqlRecorder | null =
    overLimits || parsed.cc.some((address) => address.address)
      ? null
      : (outcome, ticketId) => [inboundEmailInsert(row(finalState(outcome, ticketId)))];
  for (let attempt = 1; ; attempt++) {
    // The attachments are checked and their bytes stored before the transaction (CPU and disk, no connection held);
    // their rows are written by the transaction that files the mail, and bytes whose rows did not commit are removed.
    const attachments = new MailAttachments(await storeAttachments(parsed, inboundEmailId));
    try {
      const routed = await route(parsed, sender, inboundEmailId, { prisma: attachments.tracking(record), sql: recordSql }, attachments);
      await attachments.settle(routed.recorded);
      if (routed.recorded) return routed.outcome;
      // Nothing was written for it (an earlier delivery did the work, or the sender is over its limit): record it alone.
      const stored = await storeRaw(row(finalState(routed.outcome, routed.ticketId)));
      return stored.duplicate ? { kind: 'duplicate', inboundEmailId: stored.id } : routed.outcome;
    } catch (error) {
      await attachments.settle(false);
      const stored = await storeRaw(row({ status: 'FAILED', error: error instanceof Error ? error.message : String(error) }));
      if (!stored.duplicate) throw error;
      // A new delivery of a mail that failed before (the sender retrying after our temporary error): its FAILED
      // record stood in the way. It gives way, once, and the mail is processed afresh.
      if (stored.status === 'FAILED' && attempt === 1) {
        await db().inboundEmail.deleteMany({ where: { id: stored.id, status: 'FAILED' } });
        continue;
      }
      // Otherwise this mail met an earlier delivery of itself that succeeded: that one stands.
      return { kind: 'duplicate', inboundEmailId: stored.id };
    }
  }
}

interface RecordState {
  status: InboundEmailStatus;
  outcome?: IngestOutcome | null;
  ticketId?: string | null;
  error?: string | null;
}

/** An InboundEmail row as the ingest writes it (receivedAt is the database's now()). */
interface InboundRow {
  id: string;
  messageId: string;
  source: IngestSource;
  fromEmail: string | null;
  subject: string;
  size: number;
  raw: Buffer;
  status: InboundEmailStatus;
  classification: string;
  outcome: IngestOutcome | null;
  ticketId: string | null;
  error: string | null;
  processedAt: Date;
}

/**
 * Every mail's one row, so a plain INSERT rather than Prisma's create: the raw statement costs the process about
 * half the CPU (no query plan to interpret, no result mapping; see docs/performance.md), and the raw bytes go as
 * they are (no copy). A unique violation (a duplicate Message-ID) is still `isUniqueViolation`.
 */
async function insertInboundEmail(client: Tx, row: InboundRow): Promise<void> {
  await executeIn(client, inboundEmailInsert(row));
}

/** The row's INSERT, for Prisma (insertInboundEmail) and for pg (storeRaw, the fast paths' last statement) alike. */
function inboundEmailInsert(row: InboundRow): Statement {
  return {
    text: `
    INSERT INTO "InboundEmail" ("id", "messageId", "source", "fromEmail", "subject", "size", "raw", "status",
                                "classification", "outcome", "ticketId", "error", "processedAt")
    VALUES ($1::uuid, $2, $3, $4, $5, $6::int, $7::bytea, $8::"InboundEmailStatus", $9, $10::jsonb, $11::uuid, $12, $13::timestamp)`,
    values: [
      row.id,
      row.messageId,
      row.source,
      row.fromEmail,
      row.subject,
      row.size,
      row.raw,
      row.status,
      row.classification,
      row.outcome === null ? null : JSON.stringify(row.outcome),
      row.ticketId,
      row.error,
      stamp(row.processedAt),
    ],
  };
}

/** Writes the mail's InboundEmail row, with the outcome, inside the transaction that did the work. */
type Recorder = (tx: Tx, outcome: IngestOutcome, ticketId: string | null) => Promise<void>;

/** The same as statements for a SQL fast path's last query (see CallerSql in tickets/write-sql.ts). */
type SqlRecorder = (outcome: IngestOutcome, ticketId: string | null) => Statement[];

/**
 * A mail's attachments, stored (storeForClaim) but without rows until a transaction that files the mail writes
 * them (one INSERT, then claimed by their tokens). Which transaction recorded the mail tells whether the rows
 * committed: if not (a duplicate, a rate-limited sender, a flagged forward, a failure), the bytes are removed.
 */
class MailAttachments {
  private writtenIn: Tx | null = null;
  private committed = false;
  constructor(readonly files: StoredForClaim[]) {}

  get tokens(): string[] {
    return this.files.map((file) => file.token);
  }

  async write(tx: Tx): Promise<void> {
    // A Prisma transaction after a fast path's attempt (which may have set `committed`): only it counts now.
    this.committed = false;
    if (!this.files.length) return;
    await recordStoredUploads(tx, this.files);
    this.writtenIn = tx;
  }

  /** The recorder, noting whether the transaction it writes in (the one that commits the mail) wrote the rows. */
  tracking(record: Recorder): Recorder {
    return async (tx, outcome, ticketId) => {
      await record(tx, outcome, ticketId);
      this.committed = this.writtenIn === tx;
    };
  }

  /**
   * The mail's files and its last statements for a SQL fast path, which writes the rows claimed by the message and
   * commits them with the record; `withFiles` false: the ticket is filed without them (they did not fit).
   */
  sql<Written>(last: (written: Written) => Statement[], withFiles = true): CallerSql<Written> {
    return {
      attachments: withFiles ? this.files : [],
      last: (written) => {
        // Sent with the COMMIT: if that fails, the caller's error or a replay says the mail was not recorded.
        this.committed = withFiles;
        return last(written);
      },
    };
  }

  /** After routing: `recorded` when the recording transaction committed. */
  async settle(recorded: boolean): Promise<void> {
    if (this.files.length && !(recorded && this.committed)) await discardStoredBytes(this.files);
  }
}

/** A sender over its new-ticket limit: thrown inside the ticket's transaction, which rolls back. */
class SenderOverLimit extends Error {}

/** Where routing ended; `recorded` when the InboundEmail row was committed with the work. */
interface Routed {
  outcome: IngestOutcome;
  ticketId: string | null;
  recorded: boolean;
}

/** Writes the record on its own; a mail already recorded under its Message-ID is a duplicate (with that record's status). */
async function storeRaw(data: InboundRow): Promise<{ id: string; duplicate: boolean; status?: InboundEmailStatus }> {
  try {
    // Through pg when it can: every auto-reply is only this statement.
    const { text, values } = inboundEmailInsert(data);
    await rawQuery(text, values);
    return { id: data.id, duplicate: false };
  } catch (error) {
    if (isUniqueViolation(error)) {
      const existing = await db().inboundEmail.findUnique({ where: { messageId: data.messageId }, select: { id: true, status: true } });
      if (existing) return { id: existing.id, duplicate: true, status: existing.status };
    }
    throw error;
  }
}

/**
 * Why the mail is recorded and never answered, or null when it is for the help desk. A hard bounce also marks the
 * address, so the outbox stops writing to it, but only a bounce that answers a message we sent to that very
 * address (see `answersOurMailTo`): anyone can write a delivery report, and a forged one must not silence a customer.
 */
async function ignoreReason(classification: EmailClassification, parsed: ParsedEmail): Promise<IgnoredReason | null> {
  if (classification.kind === 'bounce') {
    const { recipient, severity, diagnostic, status } = classification.bounce;
    if (
      recipient &&
      severity === 'hard' &&
      (await answersOurMailTo(recipient, [classification.bounce.originalMessageId, parsed.inReplyTo, ...parsed.references]))
    ) {
      await db().user.updateMany({
        where: { email: recipient.toLowerCase() },
        data: { emailBouncedAt: new Date(), emailBounceReason: (diagnostic ?? status ?? 'hard bounce').slice(0, 500) },
      });
    }
    return 'bounce';
  }
  if (classification.kind === 'auto_reply') return 'auto_reply';
  if (!parsed.from?.address) return 'no_sender';
  return null;
}

/**
 * Does the report name one of our outbox Message-IDs (in the returned message's headers, In-Reply-To or
 * References) that was addressed to `recipient`? Our Message-IDs are random, so only a server that received our
 * mail (or the recipient) knows one, and it is checked against the address it went to.
 */
async function answersOurMailTo(recipient: string, messageIds: readonly (string | null)[]): Promise<boolean> {
  const ids = [...new Set(messageIds.filter((id): id is string => !!id))].slice(0, 50);
  if (!ids.length) {
    logger.warn({ recipient }, 'hard bounce references none of our messages; address not marked');
    return false;
  }
  const ours = await db().outboundEmail.count({ where: { messageId: { in: ids }, toEmail: recipient.toLowerCase() } });
  if (!ours) logger.warn({ recipient }, 'hard bounce references no message we sent to that address; address not marked');
  return ours > 0;
}

/**
 * The people on the mail's Cc: become the ticket's collaborators (collaborators.ts skips the reporter, staff and
 * our own addresses), when the mail is the ticket's own conversation: a new ticket, or a reply the sender may make.
 */
function withCopiedPeople(parsed: ParsedEmail, record: Recorder): Recorder {
  const copied = parsed.cc.filter((address) => address.address).map((address) => address.address.toLowerCase());
  if (!copied.length) return record;
  const names = new Map(parsed.cc.filter((a) => a.name).map((a) => [a.address.toLowerCase(), a.name as string]));
  return async (tx, outcome, ticketId) => {
    await record(tx, outcome, ticketId);
    if (ticketId && (outcome.kind === 'replied' || outcome.kind === 'created'))
      await addCollaborators(tx, { ticketId, emails: copied, addedById: null, names });
  };
}

/** A duplicate merged into another ticket answers for that one: a reply to its old e-mails lands in the target. */
async function followMerges(ticketId: string): Promise<string> {
  let id = ticketId;
  // A chain is short (a merged ticket can be merged again only by merging its target); the bound stops a loop.
  for (let hop = 0; hop < 5; hop++) {
    // Raw, and through pg when it can: every threaded reply asks this once, and Prisma's findUnique costs several
    // times the CPU for one column.
    const [ticket] = await rawQuery<{ mergedIntoId: string | null }>('SELECT "mergedIntoId"::text FROM "Ticket" WHERE "id" = $1::uuid', [
      id,
    ]);
    if (!ticket?.mergedIntoId) return id;
    id = ticket.mergedIntoId;
  }
  return id;
}

async function route(
  parsed: ParsedEmail,
  sender: string,
  inboundEmailId: string,
  recorders: { prisma: Recorder; sql: SqlRecorder | null },
  attachments: MailAttachments,
): Promise<Routed> {
  const record = withCopiedPeople(parsed, recorders.prisma);
  const recordSql = recorders.sql;
  const attachmentTokens = attachments.tokens;
  const stripped = stripQuotedReply(parsed.text, parsed.htmlSource);
  const unread = parsed.problems.some((problem) => problem.code === 'over-limits')
    ? translator(DEFAULT_LOCALE)('inboundEmail.overLimitsBody')
    : '';
  const body = clamp(unread || stripped.reply.trim() || parsed.text.trim() || parsed.subject.trim(), LIMITS.description.max);
  // What trimming took off, kept beside the reply for the agent (and the API): null when the body is not the trimmed reply.
  const trimmedText = unread || !stripped.reply.trim() ? null : removedByTrimming(stripped);

  // The usual case, the reporter answering our mail, goes straight to the reply (its signed token names the
  // ticket and the sender); only when that is refused are the ticket and the other threading keys looked up.
  for (const mode of ['token', 'lookup'] as const) {
    const found = await findThread(parsed, sender, mode);
    const target = found ? await mergedThread(found, sender) : null;
    if (target?.kind === 'flag') {
      return {
        outcome: await flagForReview(target.ticketId, parsed, sender, inboundEmailId, record),
        ticketId: target.ticketId,
        recorded: true,
      };
    }
    if (target?.kind === 'unverified') {
      const outcome = await fileUnverifiedReply(target.ticketId, {
        body: body || '(pusta wiadomość)',
        trimmedText,
        parsed,
        sender,
        inboundEmailId,
        attachments,
        record,
      });
      return { outcome, ticketId: target.ticketId, recorded: true };
    }
    if (!target) continue;
    const principal: Principal = {
      kind: 'ticketLink',
      grant: { ticketId: target.ticketId, email: sender, expiresAt: new Date(Date.now() + 60_000) },
    };
    const outcomeOf = (reply: ReplyOutcome): IngestOutcome =>
      reply.kind === 'followUp'
        ? { kind: 'follow_up', inboundEmailId, ticketNumber: reply.ticket.number, followUpOf: formatTicketNumber(reply.ticketNumber) }
        : { kind: 'replied', inboundEmailId, ticketNumber: formatTicketNumber(reply.ticketNumber), reopened: reply.reopened };
    const result = await replyAsCustomer({
      principal,
      ticketId: target.ticketId,
      body: body || translator(DEFAULT_LOCALE)('inboundEmail.emptyMessage'),
      trimmedText,
      attachmentTokens,
      channel: 'EMAIL',
      idempotencyKey: parsed.messageId.slice(0, 120),
      emailMessageId: parsed.messageId,
      beforeWrite: (tx) => attachments.write(tx),
      inSameTransaction: (tx, reply) => record(tx, outcomeOf(reply), target.ticketId),
      sql: recordSql ? attachments.sql<ReplyOutcome>((reply) => recordSql(outcomeOf(reply), target.ticketId)) : undefined,
    });
    if (result.ok) return { outcome: outcomeOf(result.value), ticketId: target.ticketId, recorded: !result.value.replayed };
    // Not the reporter after all (their address changed, a colleague holds the token): look again.
    if (mode === 'token' && result.error.kind === 'not_found') continue;
    logger.warn({ inboundEmailId, error: result.error }, 'threaded reply refused; opening a new ticket instead');
    break;
  }

  const created = await fileTicketFromEmail({
    sender,
    senderName: parsed.from?.name,
    subject: parsed.subject,
    body,
    trimmedText,
    messageId: parsed.messageId,
    // The confirmation repeats the mail only to a sender the receiving MTA authenticated (docs/security.md).
    reporterVerified: senderAuthenticated(parsed.headers, sender, env().INBOUND_TRUSTED_AUTHSERV_IDS),
    attachmentTokens,
    // The sender's new-ticket count is one statement of the ticket's own transaction (one commit per mail); over the
    // limit, the transaction rolls back before anything is written, and the count with it (it stays at the limit).
    beforeWrite: async (tx, withAttachments) => {
      const limit = await hitIn(tx, `inbound:from:${sender}`, NEW_TICKETS_PER_SENDER);
      if (!limit.allowed) throw new SenderOverLimit();
      if (withAttachments) await attachments.write(tx);
    },
    inSameTransaction: (tx, ticket) => record(tx, { kind: 'created', inboundEmailId, ticketNumber: ticket.displayNumber }, ticket.id),
    // The same on the SQL fast path: the count sent with BEGIN (over the limit, everything rolls back), the record with COMMIT.
    sql: recordSql
      ? (withAttachments) => {
          const counted = countHit(`inbound:from:${sender}`, NEW_TICKETS_PER_SENDER);
          return {
            first: {
              statement: counted.statement,
              check: (rows) => {
                if (!counted.decide(rows).allowed) throw new SenderOverLimit();
              },
            },
            ...attachments.sql<CreatedTicket>(
              (ticket) => recordSql({ kind: 'created', inboundEmailId, ticketNumber: ticket.displayNumber }, ticket.id),
              withAttachments,
            ),
          };
        }
      : undefined,
  }).catch((error: unknown) => {
    if (error instanceof SenderOverLimit) return null;
    throw error;
  });
  if (!created) return { outcome: { kind: 'ignored', inboundEmailId, reason: 'rate_limited' }, ticketId: null, recorded: false };
  return {
    outcome: { kind: 'created', inboundEmailId, ticketNumber: created.displayNumber },
    ticketId: created.id,
    recorded: !created.replayed,
  };
}

/** Longest trimmed part kept on a message; the raw mail (InboundEmail.raw) always has all of it. */
const TRIMMED_TEXT_MAX = 100_000;

/** The signature and the quoted history trimming removed, in the mail's order, or null when it removed nothing. */
function removedByTrimming(stripped: StrippedReply): string | null {
  const removed = [stripped.signature, stripped.quoted].filter((part) => part.trim() !== '').join('\n\n');
  return removed === '' ? null : clamp(removed, TRIMMED_TEXT_MAX);
}

/**
 * The thread the mail continues in; for a merged duplicate, the target, answered as a reply when the sender may speak
 * there (the duplicate's reporter was copied on the target by the merge), otherwise flagged like any other.
 */
async function mergedThread(found: Thread, sender: string): Promise<Thread> {
  const ticketId = await followMerges(found.ticketId);
  if (ticketId === found.ticketId) return found;
  if (found.kind !== 'reply') return { kind: found.kind, ticketId };
  const speaks = await db().ticket.findFirst({ where: { id: ticketId, ...fromParticipant(sender) }, select: { id: true } });
  return { kind: speaks ? 'reply' : 'flag', ticketId };
}

/** The ticket's reporter or someone copied on it. */
function fromParticipant(sender: string): Prisma.TicketWhereInput {
  return { OR: [{ reporter: { email: sender } }, { collaborators: { some: { user: { email: sender } } } }] };
}

type Thread = { kind: 'reply'; ticketId: string } | { kind: 'flag'; ticketId: string } | { kind: 'unverified'; ticketId: string };

/**
 * The ticket the mail answers. In `token` mode, a reply token signed for this very sender is trusted as it is (no
 * query: replyAsCustomer checks the sender against the reporter when it locks the ticket) and nothing else is
 * tried. In `lookup` mode, every key is checked against the database, in order of trust.
 */
async function findThread(parsed: ParsedEmail, sender: string, mode: 'token' | 'lookup'): Promise<Thread | null> {
  const keys = extractThreadingKeys(parsed);
  if (mode === 'token') {
    for (const token of keys.replyTokens) {
      const verdict = verifyReplyToken(token, sender);
      if (verdict.valid) return { kind: 'reply', ticketId: verdict.ticketId };
    }
    return null;
  }
  // Every key in one query, then the same order of trust as ever: a token's ticket (the sender's own → reply,
  // anyone else's → flag), the ticket of one of our Message-IDs (ours sent before theirs), the subject tag.
  const tokenTickets = keys.replyTokens.flatMap((token) => {
    const verdict = verifyReplyToken(token, sender);
    return verdict.valid || verdict.reason === 'other-recipient' ? [verdict.ticketId] : [];
  });
  const candidates = await threadCandidates(sender, tokenTickets, keys.referencedMessageIds, keys.subjectTicketNumber);
  const found = (kind: ThreadCandidate['kind'], ticketId?: string) =>
    candidates.find((row) => row.kind === kind && (ticketId === undefined || row.ticketId === ticketId));
  for (const ticketId of tokenTickets) {
    const ticket = found('token', ticketId);
    // A valid token in someone else's hands (a forward, a colleague) is never a public message on the ticket.
    if (ticket) return { kind: ticket.participant ? 'reply' : 'flag', ticketId: ticket.ticketId };
  }
  const referenced = found('outbound') ?? found('inbound');
  if (referenced?.participant) return { kind: 'reply', ticketId: referenced.ticketId };
  const tagged = found('subject');
  // A subject tag and a From: header are what anyone can write: only a sender the receiving MTA authenticated
  // speaks for the reporter; anything else waits, hidden from the customer, for an agent to accept it.
  if (tagged?.participant)
    return {
      kind: senderAuthenticated(parsed.headers, sender, env().INBOUND_TRUSTED_AUTHSERV_IDS) ? 'reply' : 'unverified',
      ticketId: tagged.ticketId,
    };
  return null;
}

interface ThreadCandidate {
  kind: 'token' | 'outbound' | 'inbound' | 'subject';
  ticketId: string;
  /** The sender is the ticket's reporter or someone copied on it. */
  participant: boolean;
}

/**
 * The tickets the mail's threading keys name, with whether the sender takes part in each, in one statement (it was
 * up to five): the tickets of signed tokens, the ticket of one of our outbox Message-IDs and of an earlier inbound
 * message among the referenced ids, and the ticket of the subject tag.
 */
async function threadCandidates(
  sender: string,
  tokenTickets: string[],
  referencedMessageIds: string[],
  subjectNumber: number | null,
): Promise<ThreadCandidate[]> {
  if (!tokenTickets.length && !referencedMessageIds.length && subjectNumber === null) return [];
  return rawQuery<ThreadCandidate>(
    `
    SELECT k."kind", t."id"::text AS "ticketId",
           (u."email" = $1 OR EXISTS (SELECT 1 FROM "TicketCollaborator" tc JOIN "User" cu ON cu."id" = tc."userId"
                                      WHERE tc."ticketId" = t."id" AND cu."email" = $1)) AS "participant"
    FROM (
      SELECT 'token' AS "kind", x."id" FROM unnest($2::uuid[]) AS x("id")
      UNION ALL
      SELECT 'outbound', (SELECT o."ticketId" FROM "OutboundEmail" o
                          WHERE o."messageId" = ANY($3::text[]) AND o."ticketId" IS NOT NULL LIMIT 1)
      UNION ALL
      SELECT 'inbound', (SELECT m."ticketId" FROM "Message" m WHERE m."emailMessageId" = ANY($3::text[]) LIMIT 1)
      UNION ALL
      SELECT 'subject', (SELECT s."id" FROM "Ticket" s WHERE s."number" = $4::int)
    ) k
    JOIN "Ticket" t ON t."id" = k."id"
    JOIN "User" u ON u."id" = t."reporterId"`,
    [sender, tokenTickets, referencedMessageIds, subjectNumber],
  );
}

/** The mail's attachments that pass the upload checks, at most as many as a message takes (the raw mail keeps all). */
async function storeAttachments(parsed: ParsedEmail, inboundEmailId: string): Promise<StoredForClaim[]> {
  const stored: StoredForClaim[] = [];
  const max = env().UPLOAD_MAX_FILES;
  for (const [index, attachment] of parsed.attachments.entries()) {
    if (stored.length >= max) break;
    const name =
      attachment.filename ??
      translator(DEFAULT_LOCALE)(attachment.cid ? 'inboundEmail.imageName' : 'inboundEmail.attachmentName', { number: String(index + 1) });
    const accepted = await storeForClaim({ fileName: name, bytes: attachment.content, source: 'email' });
    if (accepted.ok) stored.push(accepted.value);
    else logger.info({ inboundEmailId, file: name, code: accepted.error.code }, 'e-mail attachment refused');
  }
  return stored;
}

async function flagForReview(
  ticketId: string,
  parsed: ParsedEmail,
  sender: string,
  inboundEmailId: string,
  record: Recorder,
): Promise<IngestOutcome> {
  return db().$transaction(async (tx) => {
    const note = await tx.message.create({
      data: {
        ticketId,
        type: 'NOTE',
        channel: 'EMAIL',
        body: clamp(
          translator(DEFAULT_LOCALE)('inboundEmail.flaggedForReview', { sender, subject: parsed.subject, text: parsed.text }),
          LIMITS.description.max,
        ),
        emailMessageId: parsed.messageId,
      },
      select: { id: true },
    });
    await tx.ticketEvent.create({ data: { ticketId, type: EMAIL_EVENTS.flaggedForReview, data: { from: sender, messageId: note.id } } });
    const ticket = await tx.ticket.update({ where: { id: ticketId }, data: { lastActivityAt: new Date() }, select: { number: true } });
    const outcome: IngestOutcome = { kind: 'flagged', inboundEmailId, ticketNumber: formatTicketNumber(ticket.number) };
    await record(tx, outcome, ticketId);
    return outcome;
  });
}

/**
 * A reply that names its ticket only by the subject tag, from a sender nobody authenticated: kept as an internal
 * note marked `unverifiedSender` (never shown to the customer, never mailed), with its attachments, until an agent
 * accepts it as the reporter's reply (src/server/tickets/unverified-replies.ts).
 */
async function fileUnverifiedReply(
  ticketId: string,
  mail: {
    body: string;
    trimmedText: string | null;
    parsed: ParsedEmail;
    sender: string;
    inboundEmailId: string;
    attachments: MailAttachments;
    record: Recorder;
  },
): Promise<IngestOutcome> {
  return db().$transaction(async (tx) => {
    const ticket = await tx.ticket.update({
      where: { id: ticketId },
      data: { lastActivityAt: new Date() },
      select: { number: true, reporterId: true },
    });
    const message = await tx.message.create({
      data: {
        ticketId,
        type: 'NOTE',
        unverifiedSender: true,
        authorId: ticket.reporterId,
        channel: 'EMAIL',
        body: clamp(mail.body, LIMITS.description.max),
        trimmedText: mail.trimmedText,
        emailMessageId: mail.parsed.messageId,
      },
      select: { id: true },
    });
    if (mail.attachments.files.length) {
      await mail.attachments.write(tx);
      const claimed = await claimUploads(tx, { tokens: mail.attachments.tokens, ticketId, messageId: message.id });
      if (!claimed.ok)
        logger.info({ inboundEmailId: mail.inboundEmailId, code: claimed.error.code }, 'attachments of an unverified reply dropped');
    }
    await tx.ticketEvent.create({
      data: { ticketId, type: EMAIL_EVENTS.unverifiedReply, data: { from: mail.sender, messageId: message.id } },
    });
    const outcome: IngestOutcome = {
      kind: 'unverified',
      inboundEmailId: mail.inboundEmailId,
      ticketNumber: formatTicketNumber(ticket.number),
    };
    await mail.record(tx, outcome, ticketId);
    return outcome;
  });
}
