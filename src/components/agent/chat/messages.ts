import type { LocalMessage } from './conversation';
import type { ChatMessageView } from './types';
import { compareSeq } from './use-now';

/**
 * One chat's messages after new ones arrive (a send's answer, a stream event, a resync), each exactly once:
 * the same id or clientMessageId replaces what is there (a pending copy becomes the stored one), stored messages
 * in seq order, the agent's still-pending ones after them.
 */
export function mergeMessages(current: LocalMessage[], incoming: ChatMessageView[]): LocalMessage[] {
  const byKey = new Map<string, LocalMessage>();
  const keyOf = (message: ChatMessageView) => message.clientMessageId ?? message.id;
  for (const message of current) byKey.set(keyOf(message), message);
  for (const message of incoming) {
    // A stored message with the pending copy's client id settles it; the id alone catches a repeat event.
    const sameId = [...byKey.entries()].find(([, m]) => m.id === message.id && !m.pending);
    if (sameId) byKey.delete(sameId[0]);
    byKey.set(keyOf(message), message);
  }
  const all = [...byKey.values()];
  const stored = all.filter((message) => !message.pending).sort((a, b) => compareSeq(a.seq, b.seq));
  const pending = all.filter((message) => message.pending);
  return [...stored, ...pending];
}

/** The highest seq among `messages` by `author` (as sent), or null. */
export function lastSeqBy(messages: LocalMessage[], author: ChatMessageView['author']): string | null {
  let last: string | null = null;
  for (const message of messages) {
    if (message.pending || message.author !== author) continue;
    if (last === null || compareSeq(message.seq, last) > 0) last = message.seq;
  }
  return last;
}

/** A v4 UUID (the contract's clientMessageId), also on plain http where crypto.randomUUID is missing. */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
