import type { TicketStatus } from '@/server/tickets/status';
import type { AgentChatDetail, AgentChatStatus, ChatMessageView, ChatView, InboxView } from './types';

/**
 * The agent chat API (CHAT-CONTRACT.md, "Agent HTTP API") from the browser. Every call answers a value or an
 * `ApiError` with the server's Polish message; nothing here throws for a refusal the agent can act on.
 */

export const AGENT_CHAT_API = '/api/agent/chat';

export interface ApiError {
  status: number;
  code: string;
  message: string | null;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

async function call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(`${AGENT_CHAT_API}${path}`, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, error: { status: 0, code: 'network', message: null } };
  }
  const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: json as T };
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    ok: false,
    error: {
      status: response.status,
      code: typeof error?.code === 'string' ? error.code : 'http_' + response.status,
      message: typeof error?.message === 'string' ? error.message : null,
    },
  };
}

const chatPath = (id: string, rest = '') => `/${encodeURIComponent(id)}${rest}`;

export const chatApi = {
  inbox: () => call<InboxView>('GET', '/inbox'),
  setStatus: (status: AgentChatStatus) => call<{ status: AgentChatStatus; capacity: number }>('PUT', '/status', { status }),
  chat: (id: string) => call<AgentChatDetail>('GET', chatPath(id)),
  accept: (id: string) => call<ChatView>('POST', chatPath(id, '/accept')),
  decline: (id: string) => call<unknown>('POST', chatPath(id, '/decline')),
  transfer: (id: string, agentId: string) => call<unknown>('POST', chatPath(id, '/transfer'), { agentId }),
  send: (id: string, input: { clientMessageId: string; body: string; attachmentTokens?: string[]; internal?: boolean }) =>
    call<{ message: ChatMessageView }>('POST', chatPath(id, '/messages'), input),
  typing: (id: string, typing: boolean) => call<null>('POST', chatPath(id, '/typing'), { typing }),
  read: (id: string, seq: string) => call<null>('POST', chatPath(id, '/read'), { seq }),
  end: (id: string, status?: TicketStatus) => call<ChatView>('POST', chatPath(id, '/end'), status ? { status } : {}),
};

export const agentEventsUrl = `${AGENT_CHAT_API}/events`;
