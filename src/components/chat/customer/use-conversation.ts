'use client';

import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useEventStream, type StreamEvent, type StreamStatus } from './use-fetch-stream';
import { ChatApiError, compareSeq, type ChatClient, type ChatMessageView, type ChatView } from './api';

/**
 * One conversation as the customer's browser holds it. Nothing typed is lost and nothing shows twice:
 * - every message gets a client id before it leaves; the server answers a repeated id with the same message, so
 *   a resend after a lost answer, a reload or a second tab is harmless;
 * - messages not yet acknowledged are kept in localStorage per chat and sent again (in order) when the stream
 *   is back, the browser is online or the page is opened again;
 * - the stream resumes after the last seq seen, and each time it (re)opens the whole state is re-read (a chat
 *   ended while we were away must not keep its reply box);
 * - a send whose message does not come back through the stream within 5 s means the receiving side is dead
 *   (one-way network loss): the stream is reopened and the conversation re-read.
 */

export interface PendingAttachment {
  /** What POST /api/uploads returned and the message refers to. */
  uploadId: string;
  name: string;
  mimeType: string;
  size: number;
}

export interface PendingMessage {
  clientMessageId: string;
  body: string;
  attachments: PendingAttachment[];
  createdAt: string;
  state: 'sending' | 'queued' | 'failed';
  error?: string;
}

const ECHO_TIMEOUT_MS = 5_000;
const TYPING_IDLE_MS = 4_000;
const TYPING_REPEAT_MS = 3_000;
/** The agent's "typing" fades by itself if its "stopped" never arrives. */
const AGENT_TYPING_TTL_MS = 8_000;

const pendingKey = (chatId: string) => `vouchie-chat:pending:${chatId}`;

function loadPending(chatId: string): PendingMessage[] {
  if (typeof window === 'undefined') return [];
  try {
    const raw = window.localStorage.getItem(pendingKey(chatId));
    const list: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(list)) return [];
    return (list as PendingMessage[])
      .filter((item) => typeof item?.clientMessageId === 'string' && typeof item.body === 'string')
      .map((item) => ({ ...item, attachments: item.attachments ?? [], state: item.state === 'failed' ? 'failed' : 'queued' }));
  } catch {
    return [];
  }
}

function savePending(chatId: string, list: PendingMessage[]) {
  try {
    if (list.length) window.localStorage.setItem(pendingKey(chatId), JSON.stringify(list));
    else window.localStorage.removeItem(pendingKey(chatId));
  } catch {
    // Storage full or blocked (a private window): the messages stay in memory for this page.
  }
}

function mergeMessages(current: ChatMessageView[], incoming: ChatMessageView[]): ChatMessageView[] {
  const visible = incoming.filter((message) => !message.internal);
  if (!visible.length) return current;
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of visible) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => compareSeq(a.seq, b.seq));
}

function newClientMessageId(): string {
  return crypto.randomUUID();
}

export interface Conversation {
  chat: ChatView | null;
  messages: ChatMessageView[];
  pending: PendingMessage[];
  loaded: boolean;
  /** The conversation cannot be read any more (token expired, chat gone). */
  lost: boolean;
  stream: StreamStatus;
  agentTyping: boolean;
  /** The latest message from the other side, for the live region. */
  incoming: ChatMessageView | null;
  send: (body: string, attachments: PendingAttachment[]) => void;
  retry: (clientMessageId: string) => void;
  discard: (clientMessageId: string) => void;
  typing: (text: string) => void;
  end: () => Promise<void>;
  rate: (score: number, comment: string) => Promise<void>;
  transcript: () => Promise<void>;
}

export function useConversation({ client, chatId, token }: { client: ChatClient; chatId: string; token: string }): Conversation {
  const [chat, setChat] = useState<ChatView | null>(null);
  const [messages, setMessages] = useState<ChatMessageView[]>([]);
  // The component is keyed by chat and rendered only in the browser (the chat id itself comes from storage).
  const [pending, setPending] = useState<PendingMessage[]>(() => loadPending(chatId));
  const [loaded, setLoaded] = useState(false);
  const [lost, setLost] = useState(false);
  const [agentTyping, setAgentTyping] = useState(false);
  const [incoming, setIncoming] = useState<ChatMessageView | null>(null);

  const lastSeq = useRef<string | null>(null);
  const pendingRef = useRef<PendingMessage[]>(pending);
  const awaitingEcho = useRef(new Map<string, number>());
  const sending = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(new Set<string>());
  const agentTypingTimer = useRef<number | undefined>(undefined);
  const typingState = useRef({ on: false, sentAt: 0, idle: undefined as number | undefined });
  const reportedRead = useRef<string | null>(null);

  const updatePending = useCallback(
    (change: (list: PendingMessage[]) => PendingMessage[]) => {
      const next = change(pendingRef.current);
      pendingRef.current = next;
      savePending(chatId, next);
      setPending(next);
    },
    [chatId],
  );

  const absorb = useCallback(
    (list: ChatMessageView[]) => {
      for (const message of list) {
        if (!lastSeq.current || compareSeq(message.seq, lastSeq.current) > 0) lastSeq.current = message.seq;
      }
      setMessages((current) => mergeMessages(current, list));
      const delivered = new Set(list.map((message) => message.clientMessageId).filter(Boolean));
      if (delivered.size && pendingRef.current.some((item) => delivered.has(item.clientMessageId))) {
        updatePending((items) => items.filter((item) => !delivered.has(item.clientMessageId)));
      }
    },
    [updatePending],
  );

  const applyConversation = useCallback(
    (read: Promise<{ chat: ChatView; messages: ChatMessageView[] }>) =>
      read.then(
        (conversation) => {
          setChat(conversation.chat);
          absorb(conversation.messages);
          setLoaded(true);
        },
        (error: unknown) => {
          if (error instanceof ChatApiError && [401, 403, 404].includes(error.status)) setLost(true);
        },
      ),
    [absorb],
  );
  const resync = useCallback(() => applyConversation(client.conversation(chatId, token)), [applyConversation, chatId, client, token]);

  const { status: stream, reconnect } = useEventStream(lost ? null : client.eventsUrl(chatId, token), {
    after: () => lastSeq.current,
    headers: () => ({ Authorization: `Bearer ${token}` }),
    onOpen: () => {
      void resync().then(() => flush());
    },
    onEvent: (event) => onStreamEvent(event),
  });

  const deliver = async (item: PendingMessage) => {
    if (inFlight.current.has(item.clientMessageId)) return;
    inFlight.current.add(item.clientMessageId);
    updatePending((items) =>
      items.map((other) => (other.clientMessageId === item.clientMessageId ? { ...other, state: 'sending', error: undefined } : other)),
    );
    try {
      const { message } = await client.send(chatId, token, {
        clientMessageId: item.clientMessageId,
        body: item.body,
        ...(item.attachments.length ? { attachmentIds: item.attachments.map((attachment) => attachment.uploadId) } : {}),
      });
      const seen = messagesRef.current.some((other) => other.id === message.id);
      absorb([message]);
      if (!seen) {
        awaitingEcho.current.set(
          message.id,
          window.setTimeout(() => {
            awaitingEcho.current.delete(message.id);
            reconnect();
          }, ECHO_TIMEOUT_MS),
        );
      }
    } catch (error) {
      const failure = error instanceof ChatApiError ? error : new ChatApiError(0, 'network', String(error));
      updatePending((items) =>
        items.map((other) =>
          other.clientMessageId === item.clientMessageId
            ? { ...other, state: failure.retryable ? 'queued' : 'failed', error: failure.retryable ? undefined : failure.message }
            : other,
        ),
      );
      if (failure.code === 'CHAT_ENDED') void resync();
    } finally {
      inFlight.current.delete(item.clientMessageId);
    }
  };

  const messagesRef = useRef<ChatMessageView[]>([]);
  useEffect(() => {
    messagesRef.current = messages;
  }, [messages]);

  /** Sends what waits, one after another, so the agent reads them in the order they were written. */
  const flush = () => {
    for (const item of pendingRef.current) {
      if (item.state !== 'queued') continue;
      sending.current = sending.current.then(() => deliver(item));
    }
  };

  const onStreamEvent = (event: StreamEvent) => {
    switch (event.event) {
      case 'message': {
        const message = event.data as ChatMessageView;
        const timer = awaitingEcho.current.get(message.id);
        if (timer !== undefined) {
          window.clearTimeout(timer);
          awaitingEcho.current.delete(message.id);
        }
        const known = messagesRef.current.some((other) => other.id === message.id);
        absorb([message]);
        if (!known && message.author !== 'CUSTOMER' && !message.internal) {
          setIncoming(message);
          if (message.author === 'AGENT') setAgentTyping(false);
        }
        break;
      }
      case 'chat':
        setChat(event.data as ChatView);
        break;
      case 'typing': {
        const data = event.data as { by: string; typing: boolean };
        if (data.by !== 'AGENT') break;
        window.clearTimeout(agentTypingTimer.current);
        setAgentTyping(data.typing);
        if (data.typing) agentTypingTimer.current = window.setTimeout(() => setAgentTyping(false), AGENT_TYPING_TTL_MS);
        break;
      }
      case 'read': {
        const data = event.data as { by: string; seq: string | number };
        if (data.by === 'AGENT') setChat((current) => (current ? { ...current, agentLastReadSeq: String(data.seq) } : current));
        break;
      }
    }
  };

  // First load: the conversation (what this browser still owes the server goes once the stream is open).
  useEffect(() => {
    void applyConversation(client.conversation(chatId, token));
  }, [applyConversation, chatId, client, token]);

  const onOnline = useEffectEvent(() => flush());
  useEffect(() => {
    const online = () => onOnline();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);

  // Another tab of the same browser sent or queued something: keep the lists in step.
  useEffect(() => {
    const storage = (event: StorageEvent) => {
      if (event.key !== pendingKey(chatId)) return;
      const next = loadPending(chatId).map((item) => {
        const mine = pendingRef.current.find((other) => other.clientMessageId === item.clientMessageId);
        return mine ?? item;
      });
      pendingRef.current = next;
      setPending(next);
    };
    window.addEventListener('storage', storage);
    return () => window.removeEventListener('storage', storage);
  }, [chatId]);

  // Read receipts: the agent's latest message counts as read while this page is visible.
  const reportRead = useEffectEvent(() => {
    if (document.visibilityState !== 'visible') return;
    const latest = [...messages].reverse().find((message) => message.author !== 'CUSTOMER');
    if (!latest) return;
    if (reportedRead.current && compareSeq(latest.seq, reportedRead.current) <= 0) return;
    if (chat && compareSeq(latest.seq, chat.customerLastReadSeq) <= 0) return;
    reportedRead.current = latest.seq;
    void client.read(chatId, token, latest.seq).catch(() => {
      reportedRead.current = null;
    });
  });
  useEffect(() => {
    reportRead();
  }, [messages]);
  useEffect(() => {
    const visible = () => reportRead();
    document.addEventListener('visibilitychange', visible);
    return () => document.removeEventListener('visibilitychange', visible);
  }, []);

  useEffect(() => {
    const echo = awaitingEcho.current;
    const typingNow = typingState.current;
    return () => {
      for (const timer of echo.values()) window.clearTimeout(timer);
      window.clearTimeout(agentTypingTimer.current);
      window.clearTimeout(typingNow.idle);
    };
  }, []);

  const sendTyping = useCallback(
    (on: boolean) => {
      typingState.current.on = on;
      typingState.current.sentAt = Date.now();
      void client.typing(chatId, token, on).catch(() => undefined);
    },
    [chatId, client, token],
  );

  const typing = useCallback(
    (text: string) => {
      const state = typingState.current;
      window.clearTimeout(state.idle);
      if (!text.trim()) {
        if (state.on) sendTyping(false);
        return;
      }
      if (!state.on || Date.now() - state.sentAt > TYPING_REPEAT_MS) sendTyping(true);
      state.idle = window.setTimeout(() => sendTyping(false), TYPING_IDLE_MS);
    },
    [sendTyping],
  );

  const send = (body: string, attachments: PendingAttachment[]) => {
    const item: PendingMessage = {
      clientMessageId: newClientMessageId(),
      body,
      attachments,
      createdAt: new Date().toISOString(),
      state: 'queued',
    };
    window.clearTimeout(typingState.current.idle);
    if (typingState.current.on) sendTyping(false);
    updatePending((items) => [...items, item]);
    sending.current = sending.current.then(() => deliver(item));
  };

  const retry = (clientMessageId: string) => {
    const item = pendingRef.current.find((other) => other.clientMessageId === clientMessageId);
    if (!item) return;
    sending.current = sending.current.then(() => deliver({ ...item, state: 'queued' }));
  };

  const discard = (clientMessageId: string) => updatePending((items) => items.filter((item) => item.clientMessageId !== clientMessageId));

  const end = async () => {
    const result = await client.end(chatId, token);
    setChat('chat' in result ? result.chat : result);
  };

  const rate = (score: number, comment: string) =>
    client.rate(chatId, token, { score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  const transcript = () => client.transcript(chatId, token);

  const visibleMessages = useMemo(() => messages.filter((message) => !message.internal), [messages]);

  return {
    chat,
    messages: visibleMessages,
    pending,
    loaded,
    lost,
    stream,
    agentTyping: agentTyping && chat?.status === 'ACTIVE',
    incoming,
    send,
    retry,
    discard,
    typing,
    end,
    rate,
    transcript,
  };
}
