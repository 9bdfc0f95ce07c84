'use client';

import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';

/**
 * A Server-Sent Events stream that never gives up (the contract's client rules, CHAT-CONTRACT.md): read with
 * fetch (heartbeat comments are bytes we can see, unlike EventSource), resumed with `after=<last id>`,
 * reconnected with back-off 0.5 s → 15 s forever, at once on `online`, `visibilitychange` (visible) and
 * `pageshow`, and when no byte came for 35 s (a missed heartbeat: a half-dead connection).
 */

export type StreamState = 'connecting' | 'open' | 'reconnecting';

export interface StreamEvent {
  event: string;
  data: unknown;
  id: string | null;
}

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
const SILENCE_MS = 35_000;

function withAfter(url: string, after: string | null): string {
  if (!after) return url;
  return `${url}${url.includes('?') ? '&' : '?'}after=${encodeURIComponent(after)}`;
}

/** Splits an SSE byte stream into events (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
function parseBlock(block: string): StreamEvent | null {
  let event = 'message';
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (!data.length) return null;
  let parsed: unknown = data.join('\n');
  try {
    parsed = JSON.parse(parsed as string);
  } catch {
    // Not JSON: handed over as text.
  }
  return { event, data: parsed, id };
}

export function useEventStream(
  url: string | null,
  {
    after = null,
    onEvent,
    onOpen,
  }: {
    after?: string | null;
    onEvent: (event: StreamEvent) => void;
    /** Each (re)connection: the moment to re-read state that may have changed while away. */
    onOpen?: () => void;
  },
): { state: StreamState; reconnect: () => void } {
  const [state, setState] = useState<StreamState>('connecting');
  const lastId = useRef<string | null>(after);
  const kick = useRef<() => void>(() => undefined);
  const emit = useEffectEvent(onEvent);
  const opened = useEffectEvent(() => onOpen?.());

  useEffect(() => {
    if (!url) return;
    let stopped = false;
    let controller: AbortController | null = null;
    let retryTimer: number | undefined;
    let silenceTimer: number | undefined;
    let delay = MIN_DELAY_MS;

    const armSilence = () => {
      window.clearTimeout(silenceTimer);
      silenceTimer = window.setTimeout(() => restart(), SILENCE_MS);
    };

    const restart = (now = true) => {
      if (stopped) return;
      controller?.abort();
      window.clearTimeout(retryTimer);
      window.clearTimeout(silenceTimer);
      setState('reconnecting');
      if (now) {
        delay = MIN_DELAY_MS;
        void connect();
      } else {
        retryTimer = window.setTimeout(() => void connect(), delay);
        delay = Math.min(MAX_DELAY_MS, delay * 2);
      }
    };

    const connect = async () => {
      const own = new AbortController();
      controller = own;
      armSilence();
      try {
        const response = await fetch(withAfter(url, lastId.current), {
          headers: { Accept: 'text/event-stream', ...(lastId.current ? { 'Last-Event-ID': lastId.current } : {}) },
          cache: 'no-store',
          credentials: 'same-origin',
          signal: own.signal,
        });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        setState('open');
        delay = MIN_DELAY_MS;
        opened();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          armSilence();
          buffer += value.replace(/\r\n?/g, '\n');
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const parsed = parseBlock(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (!parsed) continue;
            if (parsed.id) lastId.current = parsed.id;
            emit(parsed);
          }
        }
        if (!own.signal.aborted) restart(false);
      } catch {
        if (!own.signal.aborted) restart(false);
      }
    };

    const wake = () => {
      if (document.visibilityState === 'visible') restart();
    };
    const online = () => restart();
    kick.current = () => restart();
    window.addEventListener('online', online);
    window.addEventListener('pageshow', online);
    document.addEventListener('visibilitychange', wake);
    void connect();
    return () => {
      stopped = true;
      controller?.abort();
      window.clearTimeout(retryTimer);
      window.clearTimeout(silenceTimer);
      window.removeEventListener('online', online);
      window.removeEventListener('pageshow', online);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [url]);

  const reconnect = useCallback(() => kick.current(), []);
  return { state, reconnect };
}
