/**
 * The customer's side of the chat HTTP API (CHAT-CONTRACT.md, docs/chat.md), as the browser calls it. Every call
 * after start carries the chat token (`Authorization: Bearer`), so the same code works on the contact page
 * (session cookie as well) and inside the widget's iframe on another site (where no cookie of ours is sent).
 */

import type { AvailabilityReason } from '@/server/chat/schemas';
import type { ChatMessageView, ChatView } from '@/server/chat/views';

export type { ChatAttachmentView, ChatMessageView, ChatView } from '@/server/chat/views';
export type { AvailabilityReason } from '@/server/chat/schemas';

export type UnavailableReason = Exclude<AvailabilityReason, 'OPEN'>;
export type PlanName = 'START' | 'BIZNES' | 'PREMIUM';

export interface ChatHours {
  days: number[];
  from: string;
  to: string;
}

/** GET /api/chat/availability. */
export interface Availability {
  available: boolean;
  reason: AvailabilityReason;
  plan: PlanName | null;
  hours: ChatHours | null;
  nextOpenAt: string | null;
  queueLength: number;
  estimatedWaitSeconds: number | null;
  openChat: { id: string; token: string } | null;
}

/** Who the customer is when a chat starts or a message is left. */
export type ChatIdentity =
  { kind: 'session' } | { kind: 'sso'; ssoToken: () => Promise<string> } | { kind: 'visitor'; name: string; email: string };

export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ChatApiError';
  }

  /** No answer at all, or the server's own trouble: worth trying again later. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

function errorOf(status: number, body: unknown, fallback: string): ChatApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return new ChatApiError(status, typeof code === 'string' ? code : 'error', typeof message === 'string' ? message : fallback, body);
    }
    if (typeof error === 'string') {
      const message = (body as { message?: unknown }).message;
      return new ChatApiError(status, error, typeof message === 'string' ? message : fallback, body);
    }
  }
  return new ChatApiError(status, 'error', fallback, body);
}

export interface ChatClientOptions {
  /** Base of the API: '' on our own pages. */
  base?: string;
  locale: string;
  /** The message shown when the network itself failed. */
  networkError: string;
}

export class ChatClient {
  constructor(private readonly options: ChatClientOptions) {}

  private async call<T>(method: string, path: string, { token, body }: { token?: string | null; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': this.options.locale };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.options.base ?? ''}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch {
      throw new ChatApiError(0, 'network', this.options.networkError);
    }
    if (response.status === 202 || response.status === 204) return undefined as T;
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      parsed = null;
    }
    if (!response.ok) throw errorOf(response.status, parsed, this.options.networkError);
    return parsed as T;
  }

  /** For the session's customer, the chat token's, or the panel's merchant (a fresh SSO token). */
  availability({ token, ssoToken }: { token?: string | null; ssoToken?: string } = {}): Promise<Availability> {
    const query = ssoToken ? `?${new URLSearchParams({ ssoToken })}` : '';
    return this.call('GET', `/api/chat/availability${query}`, { token });
  }

  start(input: {
    ssoToken?: string;
    name?: string;
    email?: string;
    pageUrl?: string;
    userAgent?: string;
    firstMessage?: string;
    clientMessageId?: string;
  }): Promise<{ chat: ChatView; token: string }> {
    return this.call('POST', '/api/chat/sessions', { body: input });
  }

  leaveMessage(input: {
    ssoToken?: string;
    name?: string;
    email?: string;
    subject?: string;
    body: string;
  }): Promise<{ ticketNumber: string }> {
    return this.call('POST', '/api/chat/offline', { body: input });
  }

  conversation(id: string, token: string): Promise<{ chat: ChatView; messages: ChatMessageView[] }> {
    return this.call('GET', `/api/chat/${encodeURIComponent(id)}`, { token });
  }

  send(
    id: string,
    token: string,
    input: { clientMessageId: string; body: string; attachmentIds?: string[] },
  ): Promise<{ message: ChatMessageView }> {
    return this.call('POST', `/api/chat/${encodeURIComponent(id)}/messages`, { token, body: input });
  }

  typing(id: string, token: string, typing: boolean): Promise<void> {
    return this.call('POST', `/api/chat/${encodeURIComponent(id)}/typing`, { token, body: { typing } });
  }

  read(id: string, token: string, seq: string): Promise<void> {
    return this.call('POST', `/api/chat/${encodeURIComponent(id)}/read`, { token, body: { seq } });
  }

  end(id: string, token: string): Promise<ChatView | { chat: ChatView }> {
    return this.call('POST', `/api/chat/${encodeURIComponent(id)}/end`, { token });
  }

  rate(id: string, token: string, input: { score: number; comment?: string }): Promise<void> {
    return this.call('POST', `/api/chat/${encodeURIComponent(id)}/rating`, { token, body: input });
  }

  transcript(id: string, token: string): Promise<void> {
    return this.call('POST', `/api/chat/${encodeURIComponent(id)}/transcript`, { token });
  }

  eventsUrl(id: string, token: string): string {
    return `${this.options.base ?? ''}/api/chat/${encodeURIComponent(id)}/events?${new URLSearchParams({ token })}`;
  }
}

/** Message seqs are bigints sent as strings: compare without losing precision. */
export function compareSeq(a: string | number | null | undefined, b: string | number | null | undefined): number {
  const x = BigInt(a ?? 0);
  const y = BigInt(b ?? 0);
  return x < y ? -1 : x > y ? 1 : 0;
}
