import { randomUUID } from 'node:crypto';
import type { Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { buildReferences, createReplyToken, replyAddress, threadMessageId } from '@/server/mail/threading';
import { judgeCaps } from './caps';
import { recipientHistories, type RecipientHistory, type RecipientRef } from './history';

/** The Postgres NOTIFY channel a worker LISTENs on to wake up as soon as an e-mail is committed. */
export const OUTBOX_CHANNEL = 'vouchie_outbox';

export interface EmailToEnqueue {
  /** Which template produced it (e.g. `ticket-received`); decides headers such as Auto-Submitted. */
  template: string;
  ticketId?: string | null;
  to: { email: string; name?: string | null };
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string | null;
  references?: string[];
  headers?: Record<string, string>;
  /** Small generated text attachments (a calendar invitation), stored with the row. */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  filename: string;
  /** Full MIME type with parameters, e.g. `text/calendar; charset=utf-8; method=REQUEST`. */
  contentType: string;
  content: string;
}

/** `<uuid.vch@domain>` on our own support domain, so replies' In-Reply-To/References can be recognised as ours. */
export function newMessageId(supportEmail = env().SUPPORT_EMAIL): string {
  const domain = supportEmail.slice(supportEmail.lastIndexOf('@') + 1);
  return `<${randomUUID()}.vch@${domain}>`;
}

export interface EnqueuedEmail {
  id: string;
  messageId: string;
  suppressed: boolean;
}

/**
 * Writes an e-mail to the outbox inside the caller's transaction: it exists (and is sent) only if the change that
 * caused it commits. The Message-ID is fixed here, so every retry sends the very same message.
 *
 * An e-mail about a ticket is threaded: its Message-ID and its `Reply-To: support+TOKEN@…` carry a signed reply
 * token naming the ticket and the recipient (so a reply finds its ticket even when a mail client drops the
 * headers), and In-Reply-To / References point at the earlier mails of that ticket to that recipient, so the
 * recipient's mail client shows one conversation.
 *
 * An address that hard-bounced, or a storm over the per-recipient / per-ticket caps (see caps.ts), still gets
 * its row, for the record, but as SUPPRESSED: the worker only takes PENDING rows, so it is never sent (an
 * admin may retry it from the outbox page).
 *
 * A worker waiting on the outbox is woken by the row itself: a trigger on OutboundEmail sends NOTIFY for every
 * PENDING row written, which Postgres delivers only when (and if) this transaction commits, so a worker never
 * wakes for a row it cannot see yet, nor for one that was rolled back.
 */
/** Templates of mail to staff: sent after everything a customer or a signing-in person waits for. */
const STAFF_TEMPLATE = /^(agent|staff)\./;

/**
 * Where a mail goes in the send order when the outbox has a backlog (lower first): a sign-in link (someone is
 * waiting at the sign-in page), then mail to customers (confirmations, replies, status changes), then staff
 * notifications, which a burst of tickets multiplies.
 */
export function outboxPriority(template: string): number {
  if (template === 'auth.magicLink') return 0;
  return STAFF_TEMPLATE.test(template) ? 2 : 1;
}

export async function enqueueEmail(tx: Tx, email: EmailToEnqueue): Promise<EnqueuedEmail> {
  const [queued] = await enqueueEmails(tx, [email]);
  if (!queued) throw new Error('enqueueEmails wrote no row');
  return queued;
}

/**
 * enqueueEmail for several e-mails at once (a notification to each agent): two round trips whatever their number,
 * one reading what the outbox knows of each recipient (history.ts), one writing the rows. The e-mails should go
 * to different recipients: each is judged against the mail written before this call, not against the others in it.
 * Results come back in the order of `emails`.
 */
export async function enqueueEmails(tx: Tx, emails: readonly EmailToEnqueue[]): Promise<EnqueuedEmail[]> {
  if (!emails.length) return [];
  const recipients = outboxRecipients(emails);
  const histories = await recipientHistories(tx, recipients);
  const rows = outboxRows(emails, histories);
  // One row through `create`: Prisma caches the plan of a create, while it compiles every createMany afresh (~1 ms).
  const select = { id: true, messageId: true, status: true } as const;
  const written =
    rows.length === 1
      ? [await tx.outboundEmail.create({ data: rows[0]!, select })]
      : await tx.outboundEmail.createManyAndReturn({ data: rows, select });
  const byMessageId = new Map(written.map((row) => [row.messageId, row]));
  return rows.map((row) => {
    const stored = byMessageId.get(row.messageId);
    if (!stored) throw new Error(`outbox row ${row.messageId} was not written`);
    return { id: stored.id, messageId: stored.messageId, suppressed: stored.status === 'SUPPRESSED' };
  });
}

/** Whom the outbox must look up (history.ts) before it writes `emails`, in their order. */
export function outboxRecipients(emails: readonly EmailToEnqueue[]): RecipientRef[] {
  // Lower-cased like users' addresses, so threading, caps and the bounce check all compare like with like.
  return emails.map((email) => ({ toEmail: email.to.email.toLowerCase(), ticketId: email.ticketId ?? null }));
}

/**
 * The outbox rows for `emails`, given what the outbox knew of each recipient (`histories`, in the same order): caps
 * and the bounce check judged, thread headers and the Message-ID fixed. Shared with the SQL fast path of a new
 * ticket (tickets/create-fast.ts).
 */
export function outboxRows(emails: readonly EmailToEnqueue[], histories: readonly RecipientHistory[]) {
  const recipients = outboxRecipients(emails);
  return emails.map((email, i) => {
    const { toEmail, ticketId } = recipients[i]!;
    const history = histories[i]!;
    const verdict = judgeCaps({ ticketId, template: email.template }, history);
    const thread = ticketId ? threadFor(ticketId, toEmail, history.threadMessageIds) : null;
    return {
      template: email.template,
      priority: outboxPriority(email.template),
      ticketId,
      toEmail,
      toName: email.to.name ?? null,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: thread?.messageId ?? newMessageId(),
      inReplyTo: email.inReplyTo ?? thread?.inReplyTo ?? null,
      references: email.references ?? thread?.references ?? [],
      headers: { ...(thread ? { 'Reply-To': thread.replyTo } : {}), ...email.headers },
      ...(email.attachments?.length ? { attachments: email.attachments.map((a) => ({ ...a })) } : {}),
      ...(verdict.suppressed ? { status: 'SUPPRESSED' as const, lastError: verdict.lastError } : {}),
    };
  });
}

/** The thread headers of the next mail about `ticketId` to `recipient`, after the earlier ones (oldest first). */
function threadFor(ticketId: string, recipient: string, earlier: readonly string[]) {
  const token = createReplyToken(ticketId, recipient);
  return {
    messageId: threadMessageId(token),
    replyTo: replyAddress(token),
    inReplyTo: earlier.at(-1) ?? null,
    references: buildReferences(earlier),
  };
}
