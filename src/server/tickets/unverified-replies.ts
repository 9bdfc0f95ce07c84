import { isStaff, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { err, ok, type Result } from '@/server/result';
import { EMAIL_EVENTS } from '@/server/tickets/events';

export type AcceptUnverifiedReplyError = { kind: 'not_found' };

/**
 * "Przyjmij jako odpowiedź klienta": an agent vouches for an e-mail reply that named its ticket only by the subject
 * tag and whose sender the receiving MTA did not authenticate (src/server/mail/inbound/ingest.ts). The internal
 * note becomes the reporter's public reply, as if it had arrived with the signed reply address; the ticket's
 * status stays the agent's call. Staff only; anything else (another ticket's message, one already accepted, an
 * ordinary note) is "not found". Idempotent under a double click: only one acceptance matches.
 */
export async function acceptUnverifiedReply(
  principal: Principal,
  input: { ticketNumber: number; messageId: string },
): Promise<Result<{ accepted: boolean }, AcceptUnverifiedReplyError>> {
  if (!isStaff(principal) || principal.kind !== 'user') return err({ kind: 'not_found' });
  return db().$transaction(async (tx) => {
    const message = await tx.message.findFirst({
      where: { id: input.messageId, ticket: { number: input.ticketNumber } },
      select: { id: true, ticketId: true, type: true, unverifiedSender: true, ticket: { select: { reporterId: true } } },
    });
    if (!message) return err({ kind: 'not_found' });
    if (!message.unverifiedSender) return message.type === 'CUSTOMER' ? ok({ accepted: false }) : err({ kind: 'not_found' });
    const { count } = await tx.message.updateMany({
      where: { id: message.id, unverifiedSender: true, type: 'NOTE' },
      data: { type: 'CUSTOMER', unverifiedSender: false, authorId: message.ticket.reporterId },
    });
    if (count === 0) return ok({ accepted: false });
    const now = new Date();
    await tx.ticket.update({ where: { id: message.ticketId }, data: { lastActivityAt: now } });
    await tx.ticketEvent.create({
      data: {
        ticketId: message.ticketId,
        actorId: principal.userId,
        type: EMAIL_EVENTS.unverifiedReplyAccepted,
        data: { messageId: message.id },
        createdAt: now,
      },
    });
    return ok({ accepted: true });
  });
}
