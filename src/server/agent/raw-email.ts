import { isStaff, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { formatTicketNumber } from '@/server/tickets/numbering';

export interface RawEmailDownload {
  /** The mail exactly as it was received. */
  raw: Uint8Array;
  /** `VCH-10001-<first 8 of the message id>.eml` */
  fileName: string;
}

/**
 * The e-mail a thread message came in as, byte for byte (InboundEmail.raw, matched by its Message-ID), for staff
 * only: the raw mail holds everything trimming took off, internal headers included. Null when the message does not
 * exist, did not come by e-mail, or the principal is not staff (callers answer 404 in every case).
 */
export async function rawEmailOfMessage(messageId: string, principal: Principal): Promise<RawEmailDownload | null> {
  if (!isStaff(principal) || !/^[0-9a-f-]{36}$/i.test(messageId)) return null;
  const message = await db().message.findUnique({
    where: { id: messageId },
    select: { id: true, emailMessageId: true, ticket: { select: { number: true } } },
  });
  if (!message?.emailMessageId) return null;
  const inbound = await db().inboundEmail.findUnique({ where: { messageId: message.emailMessageId }, select: { raw: true } });
  if (!inbound) return null;
  return { raw: inbound.raw, fileName: `${formatTicketNumber(message.ticket.number)}-${message.id.slice(0, 8)}.eml` };
}
