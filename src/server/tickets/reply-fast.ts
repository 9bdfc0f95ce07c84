import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Channel } from '@/generated/prisma/enums';
import { fitsOneMessage } from '@/server/attachments';
import { customerRoleOn } from '@/server/auth/policy';
import { isUniqueViolation } from '@/server/db/errors';
import { env } from '@/server/env';
import { begin, BEGIN_RESULTS, commitWith, execute, inline, inlined, onPgConnection, prepareOn, resultAt, stamp } from '@/server/db/pg-sql';
import type { ReplyCommand, ReplyOutcome } from './customer-actions';
import { TICKET_EVENTS } from './events';
import { agentMails, replyRecipientsStatement, type Recipient } from './notify-agents';
import { accessFactsOf, lockedTicketFrom, lockTicketStatement, replyEventData, type LockedTicketRow } from './reply-parts';
import type { Reply } from './schemas';
import { canTransition, customerReplyEffect } from './status';
import { readOutboxBatch, REPLY_WRITES, attachmentRows, type CallerSql, type TicketWrites } from './write-sql';

/**
 * A customer's e-mailed reply as a few SQL statements on a connection of Prisma's pool (docs/performance.md), the
 * same rows as `writeReply` in customer-actions.ts writes through Prisma: the message (with its files, claimed by
 * it), the `customer.replied` event, the ticket's activity time and version, the agents' notifications (outbox rows,
 * digest items), and the caller's own rows (the inbound mail's record), in one transaction:
 *   1. BEGIN, the ticket read and locked (lockTicketStatement), the agents to tell and the sender's user row;
 *   2. the outbox history of the agents mailed (caps, bounces, thread), when someone is mailed;
 *   3. every row (REPLY_WRITES, prepared on the connection the first time it meets it), the caller's statements and
 *      COMMIT.
 * It covers the usual reply: one that moves no status (a reply to a solved or waiting ticket moves it, one to a
 * closed ticket starts a follow-up) and whose files one message takes. For any other, and when a unique index
 * refuses the mail (a second delivery: the Prisma path answers it from the first), it rolls back and says null;
 * the caller then takes the Prisma path, which does the same as ever. Nothing is written twice: null means nothing
 * committed.
 */
export async function replyBySql(pool: pg.Pool, command: ReplyCommand, input: Reply, channel: Channel): Promise<ReplyOutcome | null> {
  const { sql, emailMessageId, principal } = command;
  // An e-mailed reply names its ticket by id (its token) and speaks for the address the grant names.
  if (!sql || !emailMessageId || !('ticketId' in command) || principal.kind !== 'ticketLink') return null;
  if (!fitsOneMessage(sql.attachments ?? [])) return null;
  const reply: EmailedReply = { ...command, ticketId: command.ticketId, sql, emailMessageId, sender: principal.grant.email };
  try {
    return await onPgConnection(pool, (client) => write(client, reply, input, channel));
  } catch (error) {
    if (error instanceof NotCovered || isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Thrown inside the transaction (which rolls back) for a reply the Prisma path must write. */
class NotCovered extends Error {}

type EmailedReply = ReplyCommand & { ticketId: string; sql: CallerSql<ReplyOutcome>; emailMessageId: string; sender: string };

async function write(client: pg.PoolClient, command: EmailedReply, input: Reply, channel: Channel): Promise<ReplyOutcome> {
  await prepareOn(client, [REPLY_WRITES]);
  // One query: BEGIN, the ticket locked, then (in the same transaction, after the lock) the agents to tell and the
  // sender's user row (needed when the sender is someone copied on the ticket rather than its reporter).
  const lookups = (await client.query(
    [
      // As the Prisma path's transaction timeout (db/client.ts): nothing holds the connection for ever.
      begin(env().DATABASE_TRANSACTION_TIMEOUT_MS),
      inlined(client, lockTicketStatement({ ticketId: command.ticketId })),
      inlined(client, replyRecipientsStatement(command.ticketId)),
      inline(client, 'SELECT "id"::text, "name", "email" FROM "User" WHERE "email" = $1', [command.sender]),
    ].join(';\n'),
  )) as unknown as pg.QueryResult[];
  const row = resultAt(lookups, BEGIN_RESULTS).rows[0] as LockedTicketRow | undefined;
  if (!row) throw new NotCovered();
  const ticket = lockedTicketFrom(row);
  const role = customerRoleOn(command.principal, accessFactsOf(ticket));
  const sender = resultAt(lookups, BEGIN_RESULTS + 2).rows[0] as { id: string; name: string | null; email: string } | undefined;
  const actor =
    role === 'reporter' ? { id: ticket.reporterId, name: ticket.reporter.name, email: ticket.reporter.email } : role ? sender : undefined;
  if (!actor) throw new NotCovered();

  const effect = customerReplyEffect(ticket.status);
  const to = effect.kind === 'move' && canTransition(ticket.status, effect.to, 'customer') ? effect.to : ticket.status;
  if (effect.kind === 'followUp' || to !== ticket.status) throw new NotCovered();

  const recipients = resultAt(lookups, BEGIN_RESULTS + 1).rows as Recipient[];
  const attachments = attachmentRows(command.sql.attachments ?? []);
  const messageId = randomUUID();
  const now = new Date();
  const replayKey = input.idempotencyKey ? `${actor.id}:${input.idempotencyKey}` : null;
  const { mails, digest } = agentMails(
    {
      kind: 'customerReplied',
      ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject, status: to, assigneeId: ticket.assigneeId },
      customer: { name: actor.name, email: actor.email, company: ticket.company?.name ?? null },
      message: input.body,
      attachmentCount: attachments.length,
    },
    recipients,
  );
  const writes: TicketWrites = {
    ticketId: ticket.id,
    now: stamp(now),
    authorId: actor.id,
    channel,
    messageId,
    body: input.body,
    emailMessageId: command.emailMessageId,
    trimmedText: command.trimmedText ?? null,
    attachments,
    eventId: randomUUID(),
    eventType: TICKET_EVENTS.customerReplied,
    eventData: replyEventData(messageId, attachments.length, replayKey),
    digest: digest.map((item) => ({ id: randomUUID(), ...item })),
    outbox: await readOutboxBatch(client, mails),
  };
  const replied: ReplyOutcome = { kind: 'replied', ticketNumber: ticket.number, messageId, status: to, reopened: false, replayed: false };
  await commitWith(client, execute(client, REPLY_WRITES, [JSON.stringify(writes)]), command.sql.last(replied));
  return replied;
}
