import { randomUUID } from 'node:crypto';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { acceptUpload } from '@/server/attachments';
import type { Principal } from '@/server/auth/policy';
import { hit } from '@/server/rate-limit';
import { createTicket } from '@/server/tickets/create';
import { replyAsCustomer } from '@/server/tickets/customer-actions';
import { LIMITS, ticketFieldsSchema } from '@/server/tickets/schemas';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { logger } from '@/server/logger';
import { extractThreadingKeys, verifyReplyToken } from '@/server/mail/threading';
import { classifyEmail, type EmailClassification } from './classify';
import { parseRawEmail, type ParsedEmail } from './parse';
import { stripQuotedReply } from './strip-quotes';

/**
 * The one way e-mail gets in (SMTP receiver, IMAP poller, provider webhook): store the raw message, then
 *   duplicate (same Message-ID, or the same bytes without one) → nothing more;
 *   auto-reply or bounce → recorded, never answered (a hard bounce marks the address);
 *   a reply → threaded into its ticket: signed reply token, then our Message-IDs in In-Reply-To/References,
 *     then a `[VCH-n]` subject tag — the last two only when the sender is the ticket's reporter;
 *   a valid token from someone else → an internal note for review, never a public message;
 *   anything else → a new ticket (channel EMAIL) for the sender.
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

/** New tickets one sender may open by e-mail per rate-limit window: stops mail loops and storms. */
const NEW_TICKETS_PER_SENDER = 20;

export async function ingestEmail(raw: Buffer, options: { source: IngestSource }): Promise<IngestOutcome> {
  const maxBytes = env().SMTP_INBOUND_MAX_MB;
  if (raw.length > maxBytes) return { kind: 'too_large', size: raw.length };

  const parsed = await parseRawEmail(raw);
  const classification = classifyEmail(parsed);
  const classified = `${classification.kind}: ${classification.reason}`;

  // Mail that is only recorded (auto-replies, bounces, no sender) is stored with its final status in one
  // statement: at 100+ mails/s every round trip per mail counts.
  const ignored = await ignoreReason(classification, parsed);
  const sender = parsed.from?.address?.toLowerCase();
  if (ignored || !sender) {
    const id = randomUUID();
    const outcome: IngestOutcome = { kind: 'ignored', inboundEmailId: id, reason: ignored ?? 'no_sender' };
    const stored = await storeRaw(raw, parsed, options.source, {
      id,
      status: 'IGNORED',
      classification: classified,
      outcome: outcome as unknown as Prisma.InputJsonValue,
      processedAt: new Date(),
    });
    return stored.duplicate ? { kind: 'duplicate', inboundEmailId: stored.id } : outcome;
  }

  // Anything else is stored first, so a mail whose processing fails is kept (FAILED, with the error) for a retry.
  const stored = await storeRaw(raw, parsed, options.source);
  if (stored.duplicate) return { kind: 'duplicate', inboundEmailId: stored.id };
  const inboundEmailId = stored.id;

  // What routing learns (the ticket) is written with the final status in one update.
  const record: RouteRecord = { classification: classified, ticketId: null };
  try {
    const outcome = await route(parsed, sender, inboundEmailId, record);
    await db().inboundEmail.update({
      where: { id: inboundEmailId },
      data: {
        ...record,
        status: outcome.kind === 'ignored' ? 'IGNORED' : 'PROCESSED',
        outcome: outcome as unknown as Prisma.InputJsonValue,
        processedAt: new Date(),
      },
    });
    return outcome;
  } catch (error) {
    await db().inboundEmail.update({
      where: { id: inboundEmailId },
      data: { ...record, status: 'FAILED', error: error instanceof Error ? error.message : String(error), processedAt: new Date() },
    });
    throw error;
  }
}

interface RouteRecord {
  classification: string | null;
  ticketId: string | null;
}

type StoredState = Pick<Prisma.InboundEmailUncheckedCreateInput, 'id' | 'status' | 'classification' | 'outcome' | 'processedAt'>;

async function storeRaw(raw: Buffer, parsed: ParsedEmail, source: IngestSource, state: StoredState = {}): Promise<{ id: string; duplicate: boolean }> {
  try {
    const row = await db().inboundEmail.create({
      data: {
        ...state,
        messageId: parsed.messageId,
        source,
        fromEmail: parsed.from?.address ?? null,
        subject: parsed.subject.slice(0, 500),
        size: raw.length,
        raw: new Uint8Array(raw),
      },
      select: { id: true },
    });
    return { id: row.id, duplicate: false };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const existing = await db().inboundEmail.findUniqueOrThrow({ where: { messageId: parsed.messageId }, select: { id: true } });
      return { id: existing.id, duplicate: true };
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

async function route(parsed: ParsedEmail, sender: string, inboundEmailId: string, record: RouteRecord): Promise<IngestOutcome> {
  const attachmentTokens = await storeAttachments(parsed, inboundEmailId);
  const stripped = stripQuotedReply(parsed.text);
  const body = clamp(stripped.reply.trim() || parsed.text.trim() || parsed.subject.trim(), LIMITS.description.max);

  // The usual case, the reporter answering our mail, goes straight to the reply (its signed token names the
  // ticket and the sender); only when that is refused are the ticket and the other threading keys looked up.
  for (const mode of ['token', 'lookup'] as const) {
    const target = await findThread(parsed, sender, mode);
    if (target?.kind === 'flag') {
      record.ticketId = target.ticketId;
      return flagForReview(target.ticketId, parsed, sender, inboundEmailId);
    }
    if (!target) continue;
    const principal: Principal = { kind: 'ticketLink', grant: { ticketId: target.ticketId, email: sender, expiresAt: new Date(Date.now() + 60_000) } };
    const result = await replyAsCustomer({
      principal,
      ticketId: target.ticketId,
      body: body || '(pusta wiadomość)',
      attachmentTokens,
      channel: 'EMAIL',
      idempotencyKey: parsed.messageId.slice(0, 120),
      emailMessageId: parsed.messageId,
    });
    if (result.ok) {
      record.ticketId = target.ticketId;
      if (result.value.kind === 'followUp') {
        return { kind: 'follow_up', inboundEmailId, ticketNumber: result.value.ticket.number, followUpOf: formatTicketNumber(result.value.ticketNumber) };
      }
      return { kind: 'replied', inboundEmailId, ticketNumber: formatTicketNumber(result.value.ticketNumber), reopened: result.value.reopened };
    }
    // Not the reporter after all (their address changed, a colleague holds the token): look again.
    if (mode === 'token' && result.error.kind === 'not_found') continue;
    logger.warn({ inboundEmailId, error: result.error }, 'threaded reply refused; opening a new ticket instead');
    break;
  }

  const limit = await hit(`inbound:from:${sender}`, NEW_TICKETS_PER_SENDER);
  if (!limit.allowed) return { kind: 'ignored', inboundEmailId, reason: 'rate_limited' };
  const open = (tokens: string[]) =>
    createTicket({
      fields: ticketFieldsSchema.parse({ category: 'OTHER', subject: subjectFor(parsed.subject), actual: descriptionFor(body, parsed.subject) }),
      reporter: { email: sender, name: parsed.from?.name?.trim() || sender },
      channel: 'EMAIL',
      attachmentTokens: tokens,
      idempotencyKey: parsed.messageId.slice(0, 120),
      emailMessageId: parsed.messageId,
    });
  // Attachments the ticket cannot take as a set (count, total size) are dropped; the raw mail keeps them.
  const withFiles = await open(attachmentTokens);
  const created = withFiles.ok ? withFiles : await open([]);
  if (!created.ok) throw new Error(`could not open a ticket: ${created.error.kind === 'attachments' ? created.error.error.code : created.error.kind}`);
  record.ticketId = created.value.id;
  return { kind: 'created', inboundEmailId, ticketNumber: created.value.displayNumber };
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

async function flagForReview(ticketId: string, parsed: ParsedEmail, sender: string, inboundEmailId: string): Promise<IngestOutcome> {
  const ticket = await db().$transaction(async (tx) => {
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
    return tx.ticket.update({ where: { id: ticketId }, data: { lastActivityAt: new Date() }, select: { number: true } });
  });
  return { kind: 'flagged', inboundEmailId, ticketNumber: formatTicketNumber(ticket.number) };
}

function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function subjectFor(subject: string): string {
  const clean = subject.replace(/\s+/g, ' ').trim();
  if (clean.length >= LIMITS.subject.min) return clamp(clean, LIMITS.subject.max);
  return clean ? `${clean} (e-mail)` : 'Wiadomość e-mail bez tematu';
}

function descriptionFor(body: string, subject: string): string {
  const text = body.trim().length >= LIMITS.description.min ? body.trim() : `${subject.trim()}\n\n${body.trim()}`.trim();
  return text.length >= LIMITS.description.min ? clamp(text, LIMITS.description.max) : `${text} (wiadomość e-mail)`.trim();
}
