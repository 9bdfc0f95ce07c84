/**
 * The agent chat API's shapes as the browser receives them (docs/chat.md; src/server/chat/views.ts is the source):
 * type-only re-exports, so the inbox's client components share chat-core's definitions.
 */
export type {
  AgentChatContext as ChatContext,
  AgentInbox as InboxView,
  ChatAttachmentView,
  ChatAuthor,
  ChatMessageView,
  ChatSummary,
  ChatView,
} from '@/server/chat/views';
export type { AgentChatStatus, ChatStatus as ChatSessionStatus } from '@/server/chat/schemas';
export type { TransferTarget } from '@/server/agent/chat-inbox';

import type { AgentChatContext, ChatMessageView, ChatView } from '@/server/chat/views';

/** GET /api/agent/chat/:id */
export interface AgentChatDetail {
  chat: ChatView;
  messages: ChatMessageView[];
  context: AgentChatContext;
}
