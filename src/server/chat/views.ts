import type { Prisma } from '@/generated/prisma/client';
import type { ChatEndedBy, Plan, TicketStatus } from '@/generated/prisma/enums';
import { attachmentPath } from '@/server/links';
import { formatTicketNumber } from '@/server/tickets/numbering';
import type { AgentChatStatus, ChatStatus } from './schemas';

/**
 * What the chat API hands out (docs/chat.md, the contract shared with the chat UIs). Dates are ISO strings and
 * seqs decimal strings (a bigint does not survive JSON), so the same shapes travel over HTTP and SSE.
 */

export interface ChatAgentView {
  id: string;
  name: string | null;
  image: string | null;
}

export interface ChatView {
  id: string;
  ticketNumber: string;
  status: ChatStatus;
  startedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  endedBy: ChatEndedBy | null;
  agent: ChatAgentView | null;
  /** 1 = next in line; null once an agent has it (or it ended). */
  queuePosition: number | null;
  /** From recent chats' real waits; null when there is no history to go by (never a made-up number). */
  estimatedWaitSeconds: number | null;
  customerLastReadSeq: string;
  agentLastReadSeq: string;
  /** The customer's rating, once given. */
  rating: number | null;
}

export type ChatAuthor = 'CUSTOMER' | 'AGENT' | 'SYSTEM';

export interface ChatAttachmentView {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  url: string;
}

export interface ChatMessageView {
  id: string;
  /** The chat it belongs to (the agent's stream carries several chats). */
  chatId: string;
  seq: string;
  clientMessageId: string | null;
  author: ChatAuthor;
  authorName: string | null;
  body: string;
  /** An agent's internal note: only ever in the agent's views and stream. */
  internal: boolean;
  createdAt: string;
  attachments: ChatAttachmentView[];
}

export interface ChatSummary {
  id: string;
  ticketNumber: string;
  status: ChatStatus;
  customerName: string | null;
  company: string | null;
  plan: Plan | null;
  waitingSince: string;
  lastMessage: { body: string; author: ChatAuthor; createdAt: string } | null;
  /** Customer messages after the agent's last read seq. */
  unread: number;
  agentId: string | null;
  offeredToId: string | null;
}

export interface AgentChatContext {
  customer: { name: string | null; email: string; company: string | null; plan: Plan | null };
  pageUrl: string | null;
  userAgent: string | null;
  recentTickets: { number: string; subject: string; status: TicketStatus; createdAt: string }[];
}

export interface AgentMe {
  status: AgentChatStatus;
  capacity: number;
  active: number;
}

export interface AgentInbox {
  me: AgentMe;
  waiting: ChatSummary[];
  mine: ChatSummary[];
  offeredToMe: ChatSummary[];
}

/** The columns a ChatView is made of. */
export const chatViewSelect = {
  id: true,
  status: true,
  startedAt: true,
  acceptedAt: true,
  endedAt: true,
  endedBy: true,
  customerLastReadSeq: true,
  agentLastReadSeq: true,
  rating: true,
  ticket: { select: { number: true } },
  agent: { select: { id: true, name: true, image: true } },
} satisfies Prisma.ChatSessionSelect;

export type ChatViewRow = Prisma.ChatSessionGetPayload<{ select: typeof chatViewSelect }>;

export interface QueueFacts {
  position: number | null;
  estimatedWaitSeconds: number | null;
}

export function toChatView(row: ChatViewRow, queue: QueueFacts = { position: null, estimatedWaitSeconds: null }): ChatView {
  const waiting = row.status === 'WAITING';
  return {
    id: row.id,
    ticketNumber: formatTicketNumber(row.ticket.number),
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    endedBy: row.endedBy,
    agent: row.agent ? { id: row.agent.id, name: row.agent.name, image: row.agent.image } : null,
    queuePosition: waiting ? queue.position : null,
    estimatedWaitSeconds: waiting ? queue.estimatedWaitSeconds : null,
    customerLastReadSeq: row.customerLastReadSeq.toString(),
    agentLastReadSeq: row.agentLastReadSeq.toString(),
    rating: row.rating,
  };
}

/** The columns a ChatMessageView is made of. */
export const chatMessageSelect = {
  id: true,
  seq: true,
  clientMessageId: true,
  type: true,
  body: true,
  createdAt: true,
  author: { select: { name: true } },
  attachments: { select: { id: true, fileName: true, contentType: true, size: true }, orderBy: { createdAt: 'asc' } },
} satisfies Prisma.MessageSelect;

export type ChatMessageRow = Prisma.MessageGetPayload<{ select: typeof chatMessageSelect }>;

/**
 * `ticketLinkToken`: for the customer's views, so a widget that holds only its chat token (no session cookie in a
 * third-party iframe) can still load the pictures of its own chat (/api/attachments accepts the ticket link).
 */
export function toChatMessageView(row: ChatMessageRow, options: { chatId: string; ticketLinkToken?: string }): ChatMessageView {
  return {
    id: row.id,
    chatId: options.chatId,
    seq: row.seq.toString(),
    clientMessageId: row.clientMessageId,
    author: row.type === 'CUSTOMER' ? 'CUSTOMER' : 'AGENT',
    authorName: row.author?.name ?? null,
    body: row.body,
    internal: row.type === 'NOTE',
    createdAt: row.createdAt.toISOString(),
    attachments: row.attachments.map((a) => ({
      id: a.id,
      name: a.fileName,
      mimeType: a.contentType,
      size: a.size,
      url: attachmentPath(a.id, { ticketLinkToken: options.ticketLinkToken }),
    })),
  };
}

/** Decimal string → bigint for "after seq" parameters; anything else is "from the start". */
export function parseSeq(value: string | null | undefined): bigint {
  return value && /^\d{1,19}$/.test(value) ? BigInt(value) : 0n;
}
