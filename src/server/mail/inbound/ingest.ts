import { randomUUID } from 'node:crypto';
import { Prisma } from '@/generated/prisma/client';
import type { InboundEmailStatus } from '@/generated/prisma/enums';
import { db, type Tx } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { env } from '@/server/env';
import { acceptUpload, claimUploads } from '@/server/attachments';
import type { Principal } from '@/server/auth/policy';
import { hit } from '@/server/rate-limit';
import { replyAsCustomer, type ReplyOutcome } from '@/server/tickets/customer-actions';
import { addCollaborators } from '@/server/tickets/collaborators';
import { fileTicketFromEmail } from '@/server/tickets/file-from-email';
import { clamp, LIMITS } from '@/server/tickets/schemas';
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
  const row = (state: RecordState): Prisma.InboundEmailUncheckedCreateInput => ({
    ...state,
    id: inboundEmailId,
    messageId: parsed.messageId,
    source: options.source,
    fromEmail: parsed.from?.address ?? null,
    subject: parsed.subject.slice(0, 500),
    size: raw.length,
    raw: new Uint8Array(raw),
    classification: `${classification.kind}: ${classification.reason}`,
    processedAt: new Date(),
  });
  const finalState = (outcome: IngestOutcome, ticketId: string | null): RecordState => ({
    status: outcome.kind === 'ignored' ? 'IGNORED' : 'PROCESSED',
    outcome: outcome as unknown as Prisma.InputJsonValue,
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
    await tx.inboundEmail.create({ data: row(finalState(outcome, ticketId)), select: { id: true } });
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
  for (let attempt = 1; ; attempt++) {
    try {
      const routed = await route(parsed, sender, inboundEmailId, record);
      if (routed.recorded) return routed.outcome;
      // Nothing was written for it (an earlier delivery did the work, or the sender is over its limit): record it alone.
      const stored = await storeRaw(row(finalState(routed.outcome, routed.ticketId)));
      return stored.duplicate ? { kind: 'duplicate', inboundEmailId: stored.id } : routed.outcome;
    } catch (error) {
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

type RecordState = Pick<Prisma.InboundEmailUncheckedCreateInput, 'status' | 'outcome' | 'ticketId' | 'error'>;

/** Writes the mail's InboundEmail row, with the outcome, inside the transaction that did the work. */
type Recorder = (tx: Tx, outcome: IngestOutcome, ticketId: string | null) => Promise<void>;

/** Where routing ended; `recorded` when the InboundEmail row was committed with the work. */
interface Routed {
  outcome: IngestOutcome;
  ticketId: string | null;
  recorded: boolean;
}

/** Writes the record on its own; a mail already recorded under its Message-ID is a duplicate (with that record's status). */
async function storeRaw(
  data: Prisma.InboundEmailUncheckedCreateInput,
): Promise<{ id: string; duplicate: boolean; status?: InboundEmailStatus }> {
  try {
    const row = await db().inboundEmail.create({ data, select: { id: true } });
    return { id: row.id, duplicate: false };
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
    const ticket = await db().ticket.findUnique({ where: { id }, select: { mergedIntoId: true } });
    if (!ticket?.mergedIntoId) return id;
    id = ticket.mergedIntoId;
  }
  return id;
}

async function route(parsed: ParsedEmail, sender: string, inboundEmailId: string, plainRecord: Recorder): Promise<Routed> {
  const record = withCopiedPeople(parsed, plainRecord);
  const attachmentTokens = await storeAttachments(parsed, inboundEmailId);
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
        attachmentTokens,
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
      inSameTransaction: (tx, reply) => record(tx, outcomeOf(reply), target.ticketId),
    });
    if (result.ok) return { outcome: outcomeOf(result.value), ticketId: target.ticketId, recorded: !result.value.replayed };
    // Not the reporter after all (their address changed, a colleague holds the token): look again.
    if (mode === 'token' && result.error.kind === 'not_found') continue;
    logger.warn({ inboundEmailId, error: result.error }, 'threaded reply refused; opening a new ticket instead');
    break;
  }

  const limit = await hit(`inbound:from:${sender}`, NEW_TICKETS_PER_SENDER);
  if (!limit.allowed) return { outcome: { kind: 'ignored', inboundEmailId, reason: 'rate_limited' }, ticketId: null, recorded: false };
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
    inSameTransaction: (tx, ticket) => record(tx, { kind: 'created', inboundEmailId, ticketNumber: ticket.displayNumber }, ticket.id),
  });
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
  for (const token of keys.replyTokens) {
    const verdict = verifyReplyToken(token, sender);
    if (verdict.valid || verdict.reason === 'other-recipient') {
      // One query when the reporter answers; the second only to tell a forward from no ticket.
      const own = await db().ticket.findFirst({ where: { id: verdict.ticketId, ...fromParticipant(sender) }, select: { id: true } });
      if (own) return { kind: 'reply', ticketId: own.id };
      const ticket = await db().ticket.findUnique({ where: { id: verdict.ticketId }, select: { id: true } });
      if (!ticket) continue;
      // A valid token in someone else's hands (a forward, a colleague) is never a public message on the ticket.
      return { kind: 'flag', ticketId: ticket.id };
    }
  }
  if (keys.referencedMessageIds.length) {
    const [outbound, inbound] = await Promise.all([
      db().outboundEmail.findFirst({
        where: { messageId: { in: keys.referencedMessageIds }, ticketId: { not: null } },
        select: { ticketId: true },
      }),
      db().message.findFirst({ where: { emailMessageId: { in: keys.referencedMessageIds } }, select: { ticketId: true } }),
    ]);
    const ticketId = outbound?.ticketId ?? inbound?.ticketId;
    if (ticketId) {
      const ticket = await db().ticket.findFirst({ where: { id: ticketId, ...fromParticipant(sender) }, select: { id: true } });
      if (ticket) return { kind: 'reply', ticketId: ticket.id };
    }
  }
  if (keys.subjectTicketNumber !== null) {
    const ticket = await db().ticket.findFirst({
      where: { number: keys.subjectTicketNumber, ...fromParticipant(sender) },
      select: { id: true },
    });
    // A subject tag and a From: header are what anyone can write: only a sender the receiving MTA authenticated
    // speaks for the reporter; anything else waits, hidden from the customer, for an agent to accept it.
    if (ticket)
      return {
        kind: senderAuthenticated(parsed.headers, sender, env().INBOUND_TRUSTED_AUTHSERV_IDS) ? 'reply' : 'unverified',
        ticketId: ticket.id,
      };
  }
  return null;
}

async function storeAttachments(parsed: ParsedEmail, inboundEmailId: string): Promise<string[]> {
  const tokens: string[] = [];
  for (const [index, attachment] of parsed.attachments.entries()) {
    const name =
      attachment.filename ??
      translator(DEFAULT_LOCALE)(attachment.cid ? 'inboundEmail.imageName' : 'inboundEmail.attachmentName', { number: String(index + 1) });
    const accepted = await acceptUpload({ fileName: name, bytes: new Uint8Array(attachment.content), source: 'email' });
    if (accepted.ok) tokens.push(accepted.value.token);
    else logger.info({ inboundEmailId, file: name, code: accepted.error.code }, 'e-mail attachment refused');
  }
  return tokens.slice(0, env().UPLOAD_MAX_FILES);
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
    await tx.ticketEvent.create({ data: { ticketId, type: 'email.flagged_for_review', data: { from: sender, messageId: note.id } } });
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
    attachmentTokens: string[];
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
    if (mail.attachmentTokens.length) {
      const claimed = await claimUploads(tx, { tokens: mail.attachmentTokens, ticketId, messageId: message.id });
      if (!claimed.ok)
        logger.info({ inboundEmailId: mail.inboundEmailId, code: claimed.error.code }, 'attachments of an unverified reply dropped');
    }
    await tx.ticketEvent.create({ data: { ticketId, type: 'email.unverified_reply', data: { from: mail.sender, messageId: message.id } } });
    const outcome: IngestOutcome = {
      kind: 'unverified',
      inboundEmailId: mail.inboundEmailId,
      ticketNumber: formatTicketNumber(ticket.number),
    };
    await mail.record(tx, outcome, ticketId);
    return outcome;
  });
}
