import { randomUUID } from 'node:crypto';
import type { Tx } from '@/server/db/client';
import { env } from '@/server/env';

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
 */
export async function enqueueEmail(tx: Tx, email: EmailToEnqueue): Promise<{ id: string; messageId: string }> {
  const messageId = newMessageId();
  const row = await tx.outboundEmail.create({
    data: {
      template: email.template,
      ticketId: email.ticketId ?? null,
      toEmail: email.to.email,
      toName: email.to.name ?? null,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId,
      inReplyTo: email.inReplyTo ?? null,
      references: email.references ?? [],
      headers: email.headers,
    },
    select: { id: true },
  });
  // Postgres delivers a NOTIFY only when (and if) this transaction commits, so a worker never wakes for a
  // row it cannot see yet, nor for one that was rolled back.
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
  return { id: row.id, messageId };
}
