'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The chat's event stream in the browser (customer chat, widget and agent inbox alike): an EventSource that
 * never gives up and never loses or doubles a message.
 *
 * - Resume: every (re)connect asks for `after=<last seq seen>`; the server replays what was missed from
 *   Postgres, then sends the chat's current state (a chat closed while away shows closed at once).
 * - Reconnect with back-off 0.5 s → 15 s (capped, with jitter), forever; also at once on `online`, on the tab
 *   becoming visible, on `pageshow` (back/forward cache, phones waking up) and when no byte (event or `ping`
 *   heartbeat, every 15 s) arrived for 35 s: a connection that only seems open is replaced.
 * - Messages are passed on once: `message` events carry their seq as the event id, and a seq already seen is
 *   dropped (replays overlap live delivery on purpose).
 * - `expectEcho(clientMessageId)` after a send: if the message does not come back on the stream within 5 s
 *   (one-way network loss), the stream is replaced and `onResync` is called so the page can re-read the chat.
 */

export type StreamState = 'connecting' | 'open' | 'reconnecting';

export interface ChatStreamEvent {
  type: string;
  data: unknown;
  /** The event id: a message's seq. */
  id: string | null;
}

export interface EventStreamOptions {
  /** The last seq the page already has (from GET), so the first connect does not replay it. */
  after?: string | null;
  onEvent: (event: ChatStreamEvent) => void;
  /** Called when a send got no echo or the page comes back after a long time: re-read the chat over HTTP. */
  onResync?: () => void;
  /** Events to listen for; default: every event the chat and the inbox send. */
  events?: readonly string[];
  /** False: no connection (e.g. before a chat exists). */
  enabled?: boolean;
}

export interface EventStream {
  state: StreamState;
  /** The greatest message seq seen. */
  lastSeq: string | null;
  /** Call right after a send: no echo within 5 s → replace the connection and resync. */
  expectEcho: (clientMessageId: string) => void;
  /** Replace the connection now (e.g. a "łączenie…" indicator's retry button). */
  reconnect: () => void;
}

export const CHAT_STREAM_EVENTS = ['message', 'chat', 'typing', 'read', 'inbox', 'offer'] as const;
export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 15_000;
/** Two heartbeats (15 s) missed and then some: the connection is dead even if the browser has not noticed. */
export const SILENCE_LIMIT_MS = 35_000;
export const ECHO_TIMEOUT_MS = 5_000;
/** Seqs remembered to drop duplicates: far more than any replay window overlaps. */
const SEEN_LIMIT = 2_000;

/** The delay before reconnect attempt `attempt` (0-based): doubling from 0.5 s, capped at 15 s, ±20 % jitter. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** `url` with `after` set (or replaced), keeping its other parameters (e.g. the widget's `token`). */
export function withAfter(url: string, after: string | null): string {
  const parsed = new URL(url, typeof window === 'undefined' ? 'http://localhost' : window.location.href);
  if (after) parsed.searchParams.set('after', after);
  else parsed.searchParams.delete('after');
  return parsed.origin === (typeof window === 'undefined' ? '' : window.location.origin)
    ? `${parsed.pathname}${parsed.search}`
    : parsed.toString();
}

function seqGreater(a: string, b: string | null): boolean {
  if (b === null) return true;
  return a.length !== b.length ? a.length > b.length : a > b;
}

export function useEventStream(url: string | null, options: EventStreamOptions): EventStream {
  const [state, setState] = useState<StreamState>('connecting');
  const [lastSeq, setLastSeq] = useState<string | null>(options.after ?? null);
  const optionsRef = useRef(options);
  // The latest callbacks, without reconnecting when the page passes new functions on each render.
  useEffect(() => {
    optionsRef.current = options;
  });
  const lastSeqRef = useRef<string | null>(options.after ?? null);
  const seen = useRef(new Set<string>());
  const echoTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const reconnectRef = useRef<() => void>(() => undefined);
  const enabled = options.enabled !== false && url !== null;

  useEffect(() => {
    if (!enabled || !url) return;
    let source: EventSource | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const names = optionsRef.current.events ?? CHAT_STREAM_EVENTS;

    const armWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => replace(), SILENCE_LIMIT_MS);
    };

    const deliver = (type: string) => (raw: Event) => {
      const message = raw as MessageEvent<string>;
      armWatchdog();
      attempt = 0;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const id = message.lastEventId || null;
      if (type === 'message' && id) {
        if (seen.current.has(id)) return;
        seen.current.add(id);
        if (seen.current.size > SEEN_LIMIT) {
          const oldest = seen.current.values().next().value;
          if (oldest !== undefined) seen.current.delete(oldest);
        }
        if (seqGreater(id, lastSeqRef.current)) {
          lastSeqRef.current = id;
          setLastSeq(id);
        }
        const clientMessageId = (data as { clientMessageId?: unknown }).clientMessageId;
        if (typeof clientMessageId === 'string') {
          clearTimeout(echoTimers.current.get(clientMessageId));
          echoTimers.current.delete(clientMessageId);
        }
      }
      optionsRef.current.onEvent({ type, data, id });
    };

    const connect = () => {
      if (stopped) return;
      source?.close();
      const next = new EventSource(withAfter(url, lastSeqRef.current));
      source = next;
      next.onopen = () => {
        setState('open');
        armWatchdog();
      };
      next.addEventListener('ping', () => {
        attempt = 0;
        armWatchdog();
      });
      for (const name of names) next.addEventListener(name, deliver(name));
      // The browser's own retry would resume from its Last-Event-ID, but with its own timing and none of the
      // triggers above: close and reconnect on our schedule instead.
      next.onerror = () => {
        if (source !== next) return;
        next.close();
        schedule();
      };
      armWatchdog();
    };

    const schedule = () => {
      if (stopped) return;
      setState('reconnecting');
      clearTimeout(retryTimer);
      clearTimeout(watchdog);
      retryTimer = setTimeout(connect, backoffDelay(attempt++));
    };

    /** Replace the connection now (a trigger fired): no waiting for the back-off. */
    const replace = () => {
      if (stopped) return;
      setState('reconnecting');
      clearTimeout(retryTimer);
      connect();
    };
    reconnectRef.current = replace;

    const onVisible = () => {
      if (document.visibilityState === 'visible') replace();
    };
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) {
        replace();
        optionsRef.current.onResync?.();
      }
    };
    window.addEventListener('online', replace);
    window.addEventListener('pageshow', onPageShow);
    document.addEventListener('visibilitychange', onVisible);
    connect();

    const echoes = echoTimers.current;
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(retryTimer);
      clearTimeout(watchdog);
      for (const timer of echoes.values()) clearTimeout(timer);
      echoes.clear();
      window.removeEventListener('online', replace);
      window.removeEventListener('pageshow', onPageShow);
      document.removeEventListener('visibilitychange', onVisible);
      reconnectRef.current = () => undefined;
    };
  }, [url, enabled]);

  const expectEcho = useCallback((clientMessageId: string) => {
    clearTimeout(echoTimers.current.get(clientMessageId));
    echoTimers.current.set(
      clientMessageId,
      setTimeout(() => {
        echoTimers.current.delete(clientMessageId);
        reconnectRef.current();
        optionsRef.current.onResync?.();
      }, ECHO_TIMEOUT_MS),
    );
  }, []);

  const reconnect = useCallback(() => reconnectRef.current(), []);

  return { state, lastSeq, expectEcho, reconnect };
}
