import type { TicketStatus } from '@/server/tickets/status';

/**
 * The agent API's shapes as the browser receives them (JSON: dates as ISO strings, seq as a string), per
 * /work/wt/CHAT-CONTRACT.md and docs/chat.md. Pure types: the inbox's client components import them.
 */

export type AgentChatStatus = 'ONLINE' | 'AWAY' | 'OFFLINE';
export type ChatSessionStatus = 'WAITING' | 'ACTIVE' | 'ENDED';
export type ChatAuthor = 'CUSTOMER' | 'AGENT' | 'SYSTEM';

export interface ChatView {
  id: string;
  ticketNumber: string;
  status: ChatSessionStatus;
  startedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  endedBy: 'CUSTOMER' | 'AGENT' | 'SYSTEM' | null;
  agent: { id: string; name: string | null; image?: string | null } | null;
  queuePosition: number | null;
  estimatedWaitSeconds: number | null;
  customerLastReadSeq: string | number | null;
  agentLastReadSeq: string | number | null;
}

export interface ChatAttachmentView {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  url: string;
}

export interface ChatMessageView {
  id: string;
  seq: string;
  clientMessageId: string | null;
  author: ChatAuthor;
  authorName: string | null;
  body: string;
  internal: boolean;
  createdAt: string;
  attachments: ChatAttachmentView[];
}

export interface ChatSummary {
  id: string;
  ticketNumber: string;
  status: ChatSessionStatus;
  customerName: string | null;
  company: string | null;
  plan: string | null;
  waitingSince: string;
  lastMessage: { body: string; author: ChatAuthor; createdAt: string } | null;
  unread: number;
  agentId: string | null;
  offeredToId: string | null;
}

export interface InboxView {
  me: { status: AgentChatStatus; capacity: number; active: number };
  waiting: ChatSummary[];
  mine: ChatSummary[];
  offeredToMe: ChatSummary[];
}

export interface ChatContext {
  customer: { name: string | null; email: string; company: string | null; plan: string | null };
  pageUrl: string | null;
  userAgent: string | null;
  recentTickets: { number: string; subject: string; status: TicketStatus; createdAt: string }[];
}

export interface AgentChatDetail {
  chat: ChatView;
  messages: ChatMessageView[];
  context: ChatContext;
}

export type { TransferTarget } from '@/server/agent/chat-inbox';
