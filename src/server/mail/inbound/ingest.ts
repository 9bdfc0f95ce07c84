import { randomUUID } from 'node:crypto';
import { Prisma } from '@/generated/prisma/client';
import type { InboundEmailStatus } from '@/generated/prisma/enums';
import { db, type Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { acceptUpload } from '@/server/attachments';
import type { Principal } from '@/server/auth/policy';
import { hit } from '@/server/rate-limit';
import { createTicket } from '@/server/tickets/create';
import { replyAsCustomer, type ReplyOutcome } from '@/server/tickets/customer-actions';
import { LIMITS, ticketFieldsSchema } from '@/server/tickets/schemas';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { logger } from '@/server/logger';
import { extractThreadingKeys, verifyReplyToken } from '@/server/mail/threading';
import { classifyEmail, type EmailClassification } from './classify';
import { parseRawEmail, type ParsedEmail } from './parse';
import { stripQuotedReply } from './strip-quotes';

/**
 * The one way e-mail gets in (SMTP receiver, IMAP poller, provider webhook). Every mail is kept raw (InboundEmail,
 * with what became of it), written in the same transaction as its effect:
 *   duplicate (same Message-ID, or the same bytes without one) → nothing more;
 *   auto-reply or bounce → recorded, never answered (a hard bounce marks the address);
 *   a reply → threaded into its ticket: signed reply token, then our Message-IDs in In-Reply-To/References,
 *     then a `[VCH-n]` subject tag — the last two only when the sender is the ticket's reporter;
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
  | { kind: 'created'; inboundEmailId: string; ticketNumber: string };

type IgnoredReason = 'auto_reply' | 'bounce' | 'no_sender';

/** What the reporter and the agent see in place of the text of a mail the MIME parser could not take apart. */
const OVER_LIMITS_BODY = '(Treści tej wiadomości nie udało się odczytać automatycznie, bo jest zbyt rozbudowana. Oryginał został zachowany.)';

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
          body:
            `Tej wiadomości e-mail nie udało się odczytać automatycznie: przekracza limity analizy MIME (${overLimits.detail}). ` +
            `Oryginał jest zachowany w całości (InboundEmail ${inboundEmailId}); w razie potrzeby poproś nadawcę o prostszą wersję.`,
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
async function storeRaw(data: Prisma.InboundEmailUncheckedCreateInput): Promise<{ id: string; duplicate: boolean; status?: InboundEmailStatus }> {
  try {
    const row = await db().inboundEmail.create({ data, select: { id: true } });
    return { id: row.id, duplicate: false };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const existing = await db().inboundEmail.findUnique({ where: { messageId: data.messageId }, select: { id: true, status: true } });
      if (existing) return { id: existing.id, duplicate: true, status: existing.status };
    }
    throw error;
  }
}

/**
 * Why the mail is recorded and never answered, or null when it is for the help desk. A hard bounce also marks the
 * address, so the outbox stops writing to it.
 */
async function ignoreReason(classification: EmailClassification, parsed: ParsedEmail): Promise<IgnoredReason | null> {
  if (classification.kind === 'bounce') {
    const { recipient, severity, diagnostic, status } = classification.bounce;
    if (recipient && severity === 'hard') {
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

async function route(parsed: ParsedEmail, sender: string, inboundEmailId: string, record: Recorder): Promise<Routed> {
  const attachmentTokens = await storeAttachments(parsed, inboundEmailId);
  const stripped = stripQuotedReply(parsed.text);
  const unread = parsed.problems.some((problem) => problem.code === 'over-limits') ? OVER_LIMITS_BODY : '';
  const body = clamp(unread || stripped.reply.trim() || parsed.text.trim() || parsed.subject.trim(), LIMITS.description.max);

  // The usual case, the reporter answering our mail, goes straight to the reply (its signed token names the
  // ticket and the sender); only when that is refused are the ticket and the other threading keys looked up.
  for (const mode of ['token', 'lookup'] as const) {
    const target = await findThread(parsed, sender, mode);
    if (target?.kind === 'flag') {
      return { outcome: await flagForReview(target.ticketId, parsed, sender, inboundEmailId, record), ticketId: target.ticketId, recorded: true };
    }
    if (!target) continue;
    const principal: Principal = { kind: 'ticketLink', grant: { ticketId: target.ticketId, email: sender, expiresAt: new Date(Date.now() + 60_000) } };
    const outcomeOf = (reply: ReplyOutcome): IngestOutcome =>
      reply.kind === 'followUp'
        ? { kind: 'follow_up', inboundEmailId, ticketNumber: reply.ticket.number, followUpOf: formatTicketNumber(reply.ticketNumber) }
        : { kind: 'replied', inboundEmailId, ticketNumber: formatTicketNumber(reply.ticketNumber), reopened: reply.reopened };
    const result = await replyAsCustomer({
      principal,
      ticketId: target.ticketId,
      body: body || '(pusta wiadomość)',
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
  const open = (tokens: string[]) =>
    createTicket({
      fields: ticketFieldsSchema.parse({ category: 'OTHER', subject: subjectFor(parsed.subject), actual: descriptionFor(body, parsed.subject) }),
      reporter: { email: sender, name: parsed.from?.name?.trim() || sender },
      channel: 'EMAIL',
      attachmentTokens: tokens,
      idempotencyKey: parsed.messageId.slice(0, 120),
      emailMessageId: parsed.messageId,
      inSameTransaction: (tx, ticket) => record(tx, { kind: 'created', inboundEmailId, ticketNumber: ticket.displayNumber }, ticket.id),
    });
  // Attachments the ticket cannot take as a set (count, total size) are dropped; the raw mail keeps them.
  const withFiles = await open(attachmentTokens);
  const created = withFiles.ok ? withFiles : await open([]);
  if (!created.ok) throw new Error(`could not open a ticket: ${created.error.kind === 'attachments' ? created.error.error.code : created.error.kind}`);
  return {
    outcome: { kind: 'created', inboundEmailId, ticketNumber: created.value.displayNumber },
    ticketId: created.value.id,
    recorded: !created.value.replayed,
  };
}

type Thread = { kind: 'reply'; ticketId: string } | { kind: 'flag'; ticketId: string };

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
      const own = await db().ticket.findFirst({ where: { id: verdict.ticketId, reporter: { email: sender } }, select: { id: true } });
      if (own) return { kind: 'reply', ticketId: own.id };
      const ticket = await db().ticket.findUnique({ where: { id: verdict.ticketId }, select: { id: true } });
      if (!ticket) continue;
      // A valid token in someone else's hands (a forward, a colleague) is never a public message on the ticket.
      return { kind: 'flag', ticketId: ticket.id };
    }
  }
  if (keys.referencedMessageIds.length) {
    const [outbound, inbound] = await Promise.all([
      db().outboundEmail.findFirst({ where: { messageId: { in: keys.referencedMessageIds }, ticketId: { not: null } }, select: { ticketId: true } }),
      db().message.findFirst({ where: { emailMessageId: { in: keys.referencedMessageIds } }, select: { ticketId: true } }),
    ]);
    const ticketId = outbound?.ticketId ?? inbound?.ticketId;
    if (ticketId) {
      const ticket = await db().ticket.findFirst({ where: { id: ticketId, reporter: { email: sender } }, select: { id: true } });
      if (ticket) return { kind: 'reply', ticketId: ticket.id };
    }
  }
  if (keys.subjectTicketNumber !== null) {
    const ticket = await db().ticket.findFirst({ where: { number: keys.subjectTicketNumber, reporter: { email: sender } }, select: { id: true } });
    if (ticket) return { kind: 'reply', ticketId: ticket.id };
  }
  return null;
}

async function storeAttachments(parsed: ParsedEmail, inboundEmailId: string): Promise<string[]> {
  const tokens: string[] = [];
  for (const [index, attachment] of parsed.attachments.entries()) {
    const name = attachment.filename ?? (attachment.cid ? `obraz-${index + 1}` : `zalacznik-${index + 1}`);
    const accepted = await acceptUpload({ fileName: name, bytes: new Uint8Array(attachment.content) });
    if (accepted.ok) tokens.push(accepted.value.token);
    else logger.info({ inboundEmailId, file: name, code: accepted.error.code }, 'e-mail attachment refused');
  }
  return tokens.slice(0, env().UPLOAD_MAX_FILES);
}

async function flagForReview(ticketId: string, parsed: ParsedEmail, sender: string, inboundEmailId: string, record: Recorder): Promise<IngestOutcome> {
  return db().$transaction(async (tx) => {
    const note = await tx.message.create({
      data: {
        ticketId,
        type: 'NOTE',
        channel: 'EMAIL',
        body: clamp(
          `E-mail od ${sender}, który nie jest zgłaszającym, przyszedł z linkiem odpowiedzi tego zgłoszenia. ` +
            `Sprawdź, zanim odpowiesz (może to być przekazana dalej wiadomość).\n\nTemat: ${parsed.subject}\n\n${parsed.text}`,
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

/** Lengths as zod's min/max count them: code points, so '𐀀' (two UTF-16 units) is one character. */
function codePoints(text: string): number {
  return [...text].length;
}

function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function subjectFor(subject: string): string {
  const clean = subject.replace(/\s+/g, ' ').trim();
  if (codePoints(clean) >= LIMITS.subject.min) return clamp(clean, LIMITS.subject.max);
  return clean ? `${clean} (e-mail)` : 'Wiadomość e-mail bez tematu';
}

function descriptionFor(body: string, subject: string): string {
  const text = codePoints(body.trim()) >= LIMITS.description.min ? body.trim() : `${subject.trim()}\n\n${body.trim()}`.trim();
  return codePoints(text) >= LIMITS.description.min ? clamp(text, LIMITS.description.max) : `${text} (wiadomość e-mail)`.trim();
}
