import type { RealtimeEvent } from '@/server/realtime/hub';

/**
 * The chat's realtime topics and event kinds (src/server/realtime carries them). Subscribers re-read from
 * Postgres; the payload only says what changed.
 */
export const chatTopic = (chatId: string) => `chat:${chatId}`;
/** Any change to the waiting list (a chat started, taken, ended): inboxes and queue positions refresh. */
export const AGENT_INBOX_TOPIC = 'agent-inbox';
export const agentTopic = (userId: string) => `agent:${userId}`;

export type ChatSide = 'CUSTOMER' | 'AGENT';

export const chatEvents = {
  message: (chatId: string, seq: bigint, internal: boolean): RealtimeEvent => ({
    topic: chatTopic(chatId),
    kind: 'message',
    seq: seq.toString(),
    data: { internal },
  }),
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
