import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/server/db/client';
import { eventField } from './events';

/**
 * The message an earlier request with this idempotency key wrote on the ticket, if any: its event (of `type`)
 * records both the key and the message. A retried submit or a re-delivered e-mail answers with that message
 * instead of writing a second one.
 *
 * Raw SQL on purpose: Prisma does not turn a JSON-path filter's value into a parameter, so the same query written
 * with `data: { path, equals }` is compiled afresh (about a millisecond) on every call.
 */
export async function replayedMessageId(tx: Tx, ticketId: string, type: string, key: string): Promise<string | undefined> {
  const [earlier] = await tx.$queryRaw<{ data: Prisma.JsonValue }[]>`
    SELECT "data" FROM "TicketEvent"
    WHERE "ticketId" = ${ticketId}::uuid AND "type" = ${type} AND "data"->>'idempotencyKey' = ${key}
    LIMIT 1`;
  return eventField(earlier?.data, 'messageId', 'string');
}
