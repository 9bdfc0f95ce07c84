import { db } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { realtimeHub, type HubSignal } from '@/server/realtime/hub';
import type { SseStream } from '@/server/realtime/sse';
import { agentBeat, agentInbox, chatSummary } from './agents';
import { AGENT_INBOX_TOPIC, agentTopic, chatTopic } from './events';
import { chatMessageBySeq, chatMessages, chatView, customerLinkToken } from './store';
import type { ChatMessageView } from './views';

/**
 * The chat's event streams (SSE). Each connection:
 * 1. subscribes to its topics first (nothing committed from then on can be missed),
 * 2. replays from Postgres every message after the client's last seq, then sends the chat's current state
 *    (a status change missed while away is seen at once: a closed chat shows closed),
 * 3. passes live events on: a message as its NOTIFY carried it (no query), or re-read from Postgres by its seq
 *    when it has files or was too long to carry (a message is never sent twice on one connection; the client drops
 *    seqs it already has).
 * Work on one connection runs strictly in order (one promise chain), so events leave in the order they came.
 */

const log = childLogger({ module: 'chat-stream' });

/** How often an open stream says "still here": the customer for the abandonment sweep, the agent for "online". */
export const CUSTOMER_BEAT_MS = 60_000;
export const AGENT_BEAT_MS = 30_000;
/** A burst of inbox changes (several chats starting at once) is sent as one inbox. */
const INBOX_DEBOUNCE_MS = 150;

/**
 * One connection's work, in order. A step that fails (the database busy past its wait) closes the stream: the
 * client reconnects with its last seq and nothing is skipped, where carrying on would leave a hole.
 */
class Serial {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly stream: SseStream) {}
  run(work: () => Promise<void>): void {
    this.tail = this.tail.then(work).catch((error: unknown) => {
      log.warn({ err: error }, 'chat stream step failed; closing the stream so the client resumes');
      this.stream.close();
    });
  }
}

interface ChatRef {
  id: string;
  ticketId: string;
}

/** Tracks which seqs went out, so a replay overlapping live delivery never sends a message twice. */
class SentSeqs {
  private readonly seen = new Set<string>();
  max = 0n;
  has(seq: string): boolean {
    return this.seen.has(seq);
  }
  add(seq: string): void {
    this.seen.add(seq);
    const value = BigInt(seq);
    if (value > this.max) this.max = value;
    // Bounded: old seqs cannot come back once past the late-commit window, which is far fewer than this.
    if (this.seen.size > 5_000) {
      const first = this.seen.values().next().value;
      if (first !== undefined) this.seen.delete(first);
    }
  }
}

/**
 * One read per message per process, however many of this process's streams show it (a customer's tabs, the agent,
 * onlookers): the first stream's query is shared for a few seconds.
 */
const sharedReads = new Map<string, Promise<ChatMessageView | null>>();
const SHARED_READ_MS = 5_000;

function messageForStreams(ref: ChatRef, seq: bigint, includeInternal: boolean, ticketLinkToken?: string): Promise<ChatMessageView | null> {
  const key = `${ref.id}:${seq}:${includeInternal ? 'staff' : 'customer'}`;
  let read = sharedReads.get(key);
  if (!read) {
    read = chatMessageBySeq(db(), ref, seq, { includeInternal, ticketLinkToken });
    sharedReads.set(key, read);
    const forget = () => setTimeout(() => sharedReads.delete(key), SHARED_READ_MS).unref?.();
    read.then(forget, () => sharedReads.delete(key));
  }
  return read;
}

/**
 * The message a NOTIFY carried (chatEvents.message), when it did and it is the seq announced; null: read it back.
 * Carried only for messages without files, whose view is the same for every viewer.
 */
function carriedMessage(signal: HubSignal, chatId: string): ChatMessageView | null {
  const message = signal.data?.message;
  if (typeof message !== 'object' || message === null) return null;
  const view = message as ChatMessageView;
  return view.seq === signal.seq && view.chatId === chatId && Array.isArray(view.attachments) && view.attachments.length === 0
    ? view
    : null;
}

function sendMessage(stream: SseStream, sent: SentSeqs, message: ChatMessageView): void {
  if (sent.has(message.seq)) return;
  sent.add(message.seq);
  stream.send('message', message, message.seq);
}

/** The customer's stream of one chat: messages (never internal notes), state, the agent's typing, read receipts. */
export async function streamCustomerChat(stream: SseStream, chat: ChatRef & { customerId: string }, afterSeq: bigint): Promise<void> {
  const serial = new Serial(stream);
  const sent = new SentSeqs();
  const linkToken = await customerLinkToken(db(), chat.ticketId);
  let stateTimer: NodeJS.Timeout | undefined;

  const sendState = async () => {
    const view = await chatView(chat.id);
    if (view) stream.send('chat', view);
  };
  const replay = async (after: bigint) => {
    for (const message of await chatMessages(db(), chat, { includeInternal: false, afterSeq: after, ticketLinkToken: linkToken })) {
      sendMessage(stream, sent, message);
    }
  };

  const onSignal = (signal: HubSignal) => {
    if (stream.closed) return;
    switch (signal.kind) {
      case 'message':
        if (signal.data?.internal === true || !signal.seq || sent.has(signal.seq)) return;
        serial.run(async () => {
          const message =
            carriedMessage(signal, chat.id) ??
            (await chatMessageBySeq(db(), chat, BigInt(signal.seq ?? '0'), {
              includeInternal: false,
              ticketLinkToken: linkToken,
            }));
          if (message) sendMessage(stream, sent, message);
        });
        return;
      case 'chat':
        serial.run(sendState);
        return;
      case 'typing':
        if (signal.data?.by === 'AGENT') stream.send('typing', { chatId: chat.id, ...signal.data });
        return;
      case 'read':
        stream.send('read', { chatId: chat.id, ...signal.data });
        return;
      case 'inbox':
        // The queue moved: a waiting customer's position and estimate may have changed (debounced).
        clearTimeout(stateTimer);
        stateTimer = setTimeout(() => serial.run(sendState), INBOX_DEBOUNCE_MS);
        return;
      case 'resync':
        serial.run(async () => {
          await replay(sent.max);
          await sendState();
        });
        return;
    }
  };

  const unsubscribe = [realtimeHub().subscribe(chatTopic(chat.id), onSignal), realtimeHub().subscribe(AGENT_INBOX_TOPIC, onSignal)];
  const beat = async () => {
    await db().chatSession.updateMany({ where: { id: chat.id, status: { not: 'ENDED' } }, data: { customerLastSeenAt: new Date() } });
  };
  const beatTimer = setInterval(() => serial.run(beat), CUSTOMER_BEAT_MS);
  beatTimer.unref?.();
  stream.onClose(() => {
    for (const off of unsubscribe) off();
    clearInterval(beatTimer);
    clearTimeout(stateTimer);
  });
  serial.run(async () => {
    await beat();
    await replay(afterSeq);
    await sendState();
  });
}

/**
 * The agent's stream: the inbox (sent whole on any change, debounced), offers made to them, and every message,
 * state change, customer typing and read receipt of the chats they hold, plus `watch`ed chats (any staff member
 * may look on). A chat assigned to them while connected joins the stream at once.
 */
/** `afterSeq` null: no replay (a first connection reads each chat with GET); a reconnect passes its last seq. */
export async function streamAgentInbox(
  stream: SseStream,
  agentId: string,
  afterSeq: bigint | null,
  watch: readonly string[],
): Promise<void> {
  const serial = new Serial(stream);
  const sent = new SentSeqs();
  const chats = new Map<string, { ref: ChatRef; off: () => void; watched: boolean }>();
  let inboxTimer: NodeJS.Timeout | undefined;

  const sendInbox = async () => {
    stream.send('inbox', await agentInbox(agentId));
  };
  const scheduleInbox = () => {
    clearTimeout(inboxTimer);
    inboxTimer = setTimeout(() => serial.run(sendInbox), INBOX_DEBOUNCE_MS);
  };

  const onChatSignal = (ref: ChatRef) => (signal: HubSignal) => {
    if (stream.closed) return;
    switch (signal.kind) {
      case 'message':
        if (!signal.seq || sent.has(signal.seq)) return;
        serial.run(async () => {
          const message = carriedMessage(signal, ref.id) ?? (await messageForStreams(ref, BigInt(signal.seq ?? '0'), true));
          if (message) sendMessage(stream, sent, message);
        });
        return;
      case 'chat':
        serial.run(async () => {
          const view = await chatView(ref.id);
          if (view) stream.send('chat', view);
        });
        return;
      case 'typing':
        if (signal.data?.by === 'CUSTOMER') stream.send('typing', { chatId: ref.id, ...signal.data });
        return;
      case 'read':
        stream.send('read', { chatId: ref.id, ...signal.data });
        return;
      case 'resync':
        serial.run(async () => {
          const after = sent.max > 0n ? sent.max : (afterSeq ?? 0n);
          for (const message of await chatMessages(db(), ref, { includeInternal: true, afterSeq: after, lookback: true }))
            sendMessage(stream, sent, message);
          const view = await chatView(ref.id);
          if (view) stream.send('chat', view);
        });
        return;
    }
  };

  const follow = async (chatId: string, watched: boolean, replayAfter: bigint | null) => {
    const existing = chats.get(chatId);
    if (existing) {
      existing.watched ||= watched;
      return;
    }
    const row = await db().chatSession.findUnique({ where: { id: chatId }, select: { id: true, ticketId: true } });
    if (!row || stream.closed) return;
    const ref = { id: row.id, ticketId: row.ticketId };
    chats.set(chatId, { ref, off: realtimeHub().subscribe(chatTopic(chatId), onChatSignal(ref)), watched });
    if (replayAfter !== null) {
      for (const message of await chatMessages(db(), ref, { includeInternal: true, afterSeq: replayAfter, lookback: true }))
        sendMessage(stream, sent, message);
    }
  };
  const unfollow = (chatId: string) => {
    const entry = chats.get(chatId);
    if (!entry || entry.watched) return;
    entry.off();
    chats.delete(chatId);
  };

  const onAgentSignal = (signal: HubSignal) => {
    if (stream.closed) return;
    const chatId = typeof signal.data?.chatId === 'string' ? signal.data.chatId : null;
    switch (signal.kind) {
      case 'offer':
        if (!chatId) return;
        serial.run(async () => {
          const summary = await chatSummary(chatId);
          if (summary && summary.offeredToId === agentId) stream.send('offer', summary);
        });
        return;
      case 'assigned':
        if (!chatId) return;
        serial.run(async () => {
          await follow(chatId, false, null);
          const view = await chatView(chatId);
          if (view) stream.send('chat', view);
        });
        return;
      case 'unassigned':
        if (chatId) serial.run(async () => unfollow(chatId));
        return;
      case 'resync':
        scheduleInbox();
        return;
    }
  };

  const offs = [
    realtimeHub().subscribe(AGENT_INBOX_TOPIC, (signal) => {
      if (!stream.closed && (signal.kind === 'inbox' || signal.kind === 'resync')) scheduleInbox();
    }),
    realtimeHub().subscribe(agentTopic(agentId), onAgentSignal),
  ];
  const beatTimer = setInterval(() => serial.run(() => agentBeat(agentId)), AGENT_BEAT_MS);
  beatTimer.unref?.();
  stream.onClose(() => {
    for (const off of offs) off();
    for (const entry of chats.values()) entry.off();
    chats.clear();
    clearInterval(beatTimer);
    clearTimeout(inboxTimer);
  });

  serial.run(async () => {
    await agentBeat(agentId);
    const mine = await db().chatSession.findMany({ where: { agentId, status: 'ACTIVE' }, select: { id: true } });
    for (const chat of mine) await follow(chat.id, false, afterSeq);
    for (const chatId of watch) await follow(chatId, true, afterSeq);
    await sendInbox();
    for (const entry of chats.values()) {
      const view = await chatView(entry.ref.id);
      if (view) stream.send('chat', view);
    }
  });
}
