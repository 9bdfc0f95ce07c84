import { claimUploads } from '@/server/attachments';
import { db } from '@/server/db/client';
import { publish } from '@/server/realtime/hub';
import { err, ok, type Result } from '@/server/result';
import type { ChatError } from './errors';
import { chatEvents, type ChatSide } from './events';
import type { ChatMessageInput } from './schemas';
import { chatTransaction, customerLinkToken, lockChat, rollback } from './store';
import { chatMessageSelect, toChatMessageView, type ChatMessageView } from './views';

/**
 * Sending in a chat, typing and read receipts. A send is acknowledged only after its transaction committed; the
 * same client message id twice is one message (the second call answers with the first, `replayed`). A closed
 * chat refuses new messages. Every message is a row of the ticket's thread (channel CHAT), so the transcript is
 * the ticket's history, searchable and in the activity log like any reply.
 */

export type ChatSender = { kind: 'customer'; customerId: string } | { kind: 'agent'; agentId: string };

export interface SentMessage {
  message: ChatMessageView;
  replayed: boolean;
}

export async function postChatMessage(command: {
  chatId: string;
  side: ChatSender;
  input: Pick<ChatMessageInput, 'clientMessageId' | 'body' | 'attachmentTokens' | 'internal'>;
  now?: Date;
}): Promise<Result<SentMessage, ChatError>> {
  const { chatId, side, input } = command;
  const now = command.now ?? new Date();
  const internal = side.kind === 'agent' && input.internal;
  const result = await chatTransaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat) rollback({ kind: 'not_found' });
    if (side.kind === 'customer' && chat.customerId !== side.customerId) rollback({ kind: 'not_found' });

    // A resend is answered before anything else: the first send may have committed just before the chat ended.
    const earlier = await tx.message.findUnique({
      where: { ticketId_clientMessageId: { ticketId: chat.ticketId, clientMessageId: input.clientMessageId } },
      select: { ...chatMessageSelect, authorId: true },
    });
    if (earlier) {
      const mine = side.kind === 'customer' ? earlier.authorId === side.customerId : earlier.authorId === side.agentId;
      if (!mine) rollback({ kind: 'invalid', fieldErrors: { clientMessageId: ['errors.chat.clientMessageId'] } });
      return { row: earlier, ticketId: chat.ticketId, replayed: true };
    }

    if (chat.status === 'ENDED') rollback({ kind: 'ended' });
    if (side.kind === 'agent' && !internal && chat.agentId !== side.agentId) {
      rollback(chat.status === 'WAITING' ? { kind: 'not_waiting' } : { kind: 'not_yours' });
    }

    const authorId = side.kind === 'customer' ? side.customerId : side.agentId;
    const type = side.kind === 'customer' ? 'CUSTOMER' : internal ? 'NOTE' : 'AGENT';
    // Everything else first, the message last: it is "sent" from its INSERT, so the fewer statements between it and
    // the COMMIT, the sooner the other side sees it (bench:chat measures from the row's createdAt). One statement
    // for the ticket: its activity, and the first public answer stops the first-response SLA clock (a chat's is
    // in seconds), as an e-mailed reply does.
    await tx.$executeRaw`
      UPDATE "Ticket" SET "lastActivityAt" = ${now}, "updatedAt" = ${now},
             "firstRespondedAt" = CASE WHEN ${type === 'AGENT'} AND "firstRespondedAt" IS NULL THEN ${now} ELSE "firstRespondedAt" END
      WHERE "id" = ${chat.ticketId}::uuid`;
    if (side.kind === 'customer') {
      await tx.chatSession.update({ where: { id: chat.id }, data: { customerLastSeenAt: now } });
    }
    const created = await tx.message.create({
      data: { ticketId: chat.ticketId, type, authorId, channel: 'CHAT', body: input.body, clientMessageId: input.clientMessageId },
      select: { ...chatMessageSelect, authorId: true },
    });
    let row = created;
    if (input.attachmentTokens.length) {
      const claimed = await claimUploads(tx, { tokens: input.attachmentTokens, ticketId: chat.ticketId, messageId: created.id });
      if (!claimed.ok) rollback({ kind: 'attachments', error: claimed.error });
      row = await tx.message.findUniqueOrThrow({ where: { id: created.id }, select: { ...chatMessageSelect, authorId: true } });
    }
    // The message itself rides on the NOTIFY when it fits and has no files (their links differ per viewer): the
    // streams on every instance show it without reading it back. Otherwise they re-read it by seq.
    const view = row.attachments.length ? null : toChatMessageView(row, { chatId: chat.id });
    await publish(tx, [chatEvents.message(chat.id, created.seq, internal, view)]);
    return { row, ticketId: chat.ticketId, replayed: false };
  });
  if (!result.ok) return result;
  const { row, ticketId, replayed } = result.value;
  const linkToken = side.kind === 'customer' ? await customerLinkToken(db(), ticketId) : undefined;
  return ok({ message: toChatMessageView(row, { chatId, ticketLinkToken: linkToken }), replayed });
}

/** Typing indicators are not stored: a NOTIFY straight away, which other instances pass to their streams. */
export async function announceTyping(chatId: string, by: ChatSide, typing: boolean): Promise<void> {
  await publish(db(), [chatEvents.typing(chatId, by, typing)]);
}

/** Read receipt: the side's last read seq only moves forward. */
export async function markRead(chatId: string, by: ChatSide, seq: bigint): Promise<Result<void, ChatError>> {
  const result = await chatTransaction(async (tx) => {
    const column = by === 'CUSTOMER' ? 'customerLastReadSeq' : 'agentLastReadSeq';
    const chat = await tx.chatSession.findUnique({ where: { id: chatId }, select: { customerLastReadSeq: true, agentLastReadSeq: true } });
    if (!chat) rollback({ kind: 'not_found' });
    const current = by === 'CUSTOMER' ? chat.customerLastReadSeq : chat.agentLastReadSeq;
    if (seq <= current) return;
    await tx.chatSession.updateMany({ where: { id: chatId, [column]: { lt: seq } }, data: { [column]: seq } });
    await publish(tx, [chatEvents.read(chatId, by, seq)]);
  });
  return result.ok ? ok(undefined) : err(result.error);
}
