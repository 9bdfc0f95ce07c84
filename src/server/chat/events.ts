import { fitsNotify, type RealtimeEvent } from '@/server/realtime/hub';
import type { ChatMessageView } from './views';

/**
 * The chat's realtime topics and event kinds (src/server/realtime carries them). Subscribers re-read from
 * Postgres; the payload only says what changed, except a new message, which carries its public view when it fits
 * a NOTIFY (so no stream has to read it back: the commit → shown path is one NOTIFY and one SSE write).
 */
export const chatTopic = (chatId: string) => `chat:${chatId}`;
/** Any change to the waiting list (a chat started, taken, ended): inboxes and queue positions refresh. */
export const AGENT_INBOX_TOPIC = 'agent-inbox';
export const agentTopic = (userId: string) => `agent:${userId}`;

export type ChatSide = 'CUSTOMER' | 'AGENT';

export const chatEvents = {
  message: (chatId: string, seq: bigint, internal: boolean, view: ChatMessageView | null = null): RealtimeEvent => {
    const event: RealtimeEvent = { topic: chatTopic(chatId), kind: 'message', seq: seq.toString(), data: { internal } };
    if (!view) return event;
    const carrying: RealtimeEvent = { ...event, data: { internal, message: view } };
    return fitsNotify(carrying) ? carrying : event;
  },
  state: (chatId: string): RealtimeEvent => ({ topic: chatTopic(chatId), kind: 'chat' }),
  typing: (chatId: string, by: ChatSide, typing: boolean): RealtimeEvent => ({
    topic: chatTopic(chatId),
    kind: 'typing',
    data: { by, typing },
  }),
  read: (chatId: string, by: ChatSide, seq: bigint): RealtimeEvent => ({
    topic: chatTopic(chatId),
    kind: 'read',
    data: { by, seq: seq.toString() },
  }),
  inbox: (): RealtimeEvent => ({ topic: AGENT_INBOX_TOPIC, kind: 'inbox' }),
  offer: (agentId: string, chatId: string): RealtimeEvent => ({ topic: agentTopic(agentId), kind: 'offer', data: { chatId } }),
  assigned: (agentId: string, chatId: string): RealtimeEvent => ({ topic: agentTopic(agentId), kind: 'assigned', data: { chatId } }),
  unassigned: (agentId: string, chatId: string): RealtimeEvent => ({ topic: agentTopic(agentId), kind: 'unassigned', data: { chatId } }),
};
