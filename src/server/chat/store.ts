import type { PrismaClient } from '@/generated/prisma/client';
import { Prisma } from '@/generated/prisma/client';
import { signTicketLink } from '@/server/auth/ticket-link';
import { db, type Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { ChatRollback, type ChatError } from './errors';
import { queueFactsFor } from './queue';
import type { ChatStatus } from './schemas';
import { chatMessageSelect, chatViewSelect, toChatMessageView, toChatView, type ChatMessageView, type ChatView } from './views';

type Client = Tx | PrismaClient;

/** A chat row as the write paths need it, read with its lock. */
export interface LockedChat {
  id: string;
  ticketId: string;
  status: ChatStatus;
  customerId: string;
  agentId: string | null;
  offeredToId: string | null;
  offeredAt: Date | null;
  declinedBy: string[];
  verified: boolean;
  locale: string;
  startedAt: Date;
  acceptedAt: Date | null;
}

/**
 * Reads the chat and locks its row for the rest of the transaction: every write to one chat (a message, an
 * accept, an end) takes this lock first, so they happen one at a time per chat, and its messages' seqs commit in
 * seq order (clients resume "after seq"). FOR NO KEY UPDATE: rows that reference the chat can still be written.
 */
export async function lockChat(tx: Tx, chatId: string): Promise<LockedChat | null> {
  const [row] = await tx.$queryRaw<LockedChat[]>`
    SELECT c."id", c."ticketId", c."status"::text AS "status", c."customerId", c."agentId", c."offeredToId", c."offeredAt",
           coalesce(c."declinedBy"::text[], '{}') AS "declinedBy", c."verified", c."locale", c."startedAt", c."acceptedAt"
    FROM "ChatSession" c WHERE c."id" = ${chatId}::uuid
    FOR NO KEY UPDATE`;
  return row ?? null;
}

/** A transaction whose work may throw ChatRollback: it rolls back and the error comes back as a value. */
export async function chatTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: ChatError }> {
  try {
    return { ok: true, value: await db().$transaction(work, { timeout: env().DATABASE_TRANSACTION_TIMEOUT_MS }) };
  } catch (error) {
    if (error instanceof ChatRollback) return { ok: false, error: error.error };
    throw error;
  }
}

export async function chatView(chatId: string, client: Client = db(), now = new Date()): Promise<ChatView | null> {
  const row = await client.chatSession.findUnique({ where: { id: chatId }, select: chatViewSelect });
  if (!row) return null;
  return toChatView(row, await queueFactsFor({ id: row.id, status: row.status, startedAt: row.startedAt }, client, now));
}

export interface TranscriptOptions {
  /** Agents see internal notes; customers never do. */
  includeInternal: boolean;
  /** Resume point: messages with a greater seq. */
  afterSeq?: bigint;
  /**
   * Within one chat, seqs commit in order (every send holds the chat's row lock while it takes its seq). Across
   * chats (the agent's stream resumes one seq for all its chats) a slower transaction can commit a smaller seq
   * after the client saw a greater one; such a message was inserted at most one transaction timeout before the
   * resume point's own message, so with `lookback` that window is replayed too (clients drop seqs they have).
   */
  lookback?: boolean;
  /** The link token the customer's attachment URLs carry (see toChatMessageView). */
  ticketLinkToken?: string;
}

/** Where a resume must look from: a message committed after `afterSeq` was seen was inserted no earlier than this. */
async function lateCommitFloor(client: Client, afterSeq: bigint): Promise<Date | null> {
  if (afterSeq <= 0n) return null;
  const anchor = await client.message.findFirst({ where: { seq: afterSeq }, select: { createdAt: true } });
  return anchor ? new Date(anchor.createdAt.getTime() - env().DATABASE_TRANSACTION_TIMEOUT_MS - 5_000) : null;
}

export async function resumeFilter(client: Client, afterSeq: bigint | undefined, lookback = false): Promise<Prisma.MessageWhereInput> {
  if (afterSeq === undefined || afterSeq <= 0n) return {};
  if (!lookback) return { seq: { gt: afterSeq } };
  const floor = await lateCommitFloor(client, afterSeq);
  return floor ? { OR: [{ seq: { gt: afterSeq } }, { createdAt: { gte: floor } }] } : { seq: { gt: afterSeq } };
}

export async function chatMessages(
  client: Client,
  chat: { id: string; ticketId: string },
  options: TranscriptOptions,
): Promise<ChatMessageView[]> {
  const rows = await client.message.findMany({
    where: {
      ticketId: chat.ticketId,
      ...(options.includeInternal ? {} : { type: { not: 'NOTE' } }),
      ...(await resumeFilter(client, options.afterSeq, options.lookback)),
    },
    orderBy: { seq: 'asc' },
    select: chatMessageSelect,
  });
  return rows.map((row) => toChatMessageView(row, { chatId: chat.id, ticketLinkToken: options.ticketLinkToken }));
}

export async function chatMessageBySeq(
  client: Client,
  chat: { id: string; ticketId: string },
  seq: bigint,
  options: { includeInternal: boolean; ticketLinkToken?: string },
): Promise<ChatMessageView | null> {
  const row = await client.message.findFirst({
    where: { ticketId: chat.ticketId, seq, ...(options.includeInternal ? {} : { type: { not: 'NOTE' } }) },
    select: chatMessageSelect,
  });
  return row ? toChatMessageView(row, { chatId: chat.id, ticketLinkToken: options.ticketLinkToken }) : null;
}

/** The customer's attachment link token for a chat's ticket (30 days, like e-mailed ticket links). */
export async function customerLinkToken(client: Client, ticketId: string): Promise<string | undefined> {
  const ticket = await client.ticket.findUnique({ where: { id: ticketId }, select: { reporter: { select: { email: true } } } });
  return ticket ? signTicketLink(ticketId, ticket.reporter.email) : undefined;
}

export function rollback(error: ChatError): never {
  throw new ChatRollback(error);
}
