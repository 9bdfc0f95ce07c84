import { randomUUID } from 'node:crypto';
import type { Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { buildReferences, createReplyToken, replyAddress, threadMessageId } from '@/server/mail/threading';
import { checkCaps } from './caps';

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
}

/** `<uuid.vch@domain>` on our own support domain, so replies' In-Reply-To/References can be recognised as ours. */
export function newMessageId(supportEmail = env().SUPPORT_EMAIL): string {
  const domain = supportEmail.slice(supportEmail.lastIndexOf('@') + 1);
  return `<${randomUUID()}.vch@${domain}>`;
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
 */
export async function enqueueEmail(tx: Tx, email: EmailToEnqueue): Promise<{ id: string; messageId: string; suppressed: boolean }> {
  // Lower-cased like users' addresses, so threading, caps and the bounce check all compare like with like.
  const toEmail = email.to.email.toLowerCase();
  const ticketId = email.ticketId ?? null;
  const verdict = await checkCaps(tx, { toEmail, ticketId, template: email.template });
  const thread = ticketId ? await threadFor(tx, ticketId, toEmail) : null;
  const messageId = thread?.messageId ?? newMessageId();
  const row = await tx.outboundEmail.create({
    data: {
      template: email.template,
      ticketId,
      toEmail,
      toName: email.to.name ?? null,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId,
      inReplyTo: email.inReplyTo ?? thread?.inReplyTo ?? null,
      references: email.references ?? thread?.references ?? [],
      headers: { ...(thread ? { 'Reply-To': thread.replyTo } : {}), ...email.headers },
      ...(verdict.suppressed ? { status: 'SUPPRESSED' as const, lastError: verdict.lastError } : {}),
    },
    select: { id: true },
  });
  if (verdict.suppressed) return { id: row.id, messageId, suppressed: true };
  // Postgres delivers a NOTIFY only when (and if) this transaction commits, so a worker never wakes for a
  // row it cannot see yet, nor for one that was rolled back.
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
  return { id: row.id, messageId, suppressed: false };
}

async function threadFor(tx: Tx, ticketId: string, recipient: string) {
  const token = createReplyToken(ticketId, recipient);
  const earlier = await tx.outboundEmail.findMany({
    // A suppressed mail never reached the recipient's client: pointing at it would leave a gap in the thread.
    where: { ticketId, toEmail: recipient, status: { not: 'SUPPRESSED' } },
    orderBy: { createdAt: 'asc' },
    select: { messageId: true },
  });
  const references = buildReferences(earlier.map((e) => e.messageId));
  return {
    messageId: threadMessageId(token),
    replyTo: replyAddress(token),
    inReplyTo: earlier.at(-1)?.messageId ?? null,
    references,
  };
}
