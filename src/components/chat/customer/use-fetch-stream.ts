'use client';

import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';

/**
 * The customer chat's stream (contact page and widget). Unlike the agent inbox's EventSource hook
 * (../use-chat-stream.ts), it reads the stream with fetch so the widget sends the chat token as an Authorization
 * header rather than in the URL. Same rules: never gives up, read with fetch (heartbeat
 * comments are bytes we can see, unlike with EventSource), resumed with `after=<last seq>`, reconnected with
 * back-off 0.5 s → 15 s forever, at once on `online`, `visibilitychange` (visible) and `pageshow`, and when no
 * byte came for 35 s (a missed heartbeat: a half-dead connection).
 */

export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

export interface StreamEvent {
  event: string;
  data: unknown;
  id: string | null;
}

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
const SILENCE_MS = 35_000;

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
  const text = data.join('\n');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: handed over as text.
  }
  return { event, data: parsed, id };
}

export interface EventStreamOptions {
  /** The last seq seen, read at each (re)connect. */
  after: () => string | null;
  headers?: () => Record<string, string>;
  onEvent: (event: StreamEvent) => void;
  /** Each time the stream (re)opens: the place to re-read state that may have changed while it was down. */
  onOpen?: () => void;
}

export function useEventStream(url: string | null, options: EventStreamOptions): { status: StreamStatus; reconnect: () => void } {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const restartRef = useRef<() => void>(() => undefined);
  const onEvent = useEffectEvent((event: StreamEvent) => options.onEvent(event));
  const onOpen = useEffectEvent(() => options.onOpen?.());
  const readAfter = useEffectEvent(() => options.after());
  const readHeaders = useEffectEvent(() => options.headers?.() ?? {});

  useEffect(() => {
    if (!url) return;
    let stopped = false;
    let attempt = 0;
    let controller: AbortController | null = null;
    let retryTimer: number | undefined;
    let silenceTimer: number | undefined;

    const armSilence = () => {
      window.clearTimeout(silenceTimer);
      silenceTimer = window.setTimeout(() => restart(), SILENCE_MS);
    };

    const schedule = () => {
      if (stopped) return;
      setStatus('reconnecting');
      const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt) * (0.8 + Math.random() * 0.4);
      attempt += 1;
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(() => void connect(), delay);
    };

    const restart = () => {
      controller?.abort();
      controller = null;
      window.clearTimeout(silenceTimer);
      window.clearTimeout(retryTimer);
      if (!stopped) {
        setStatus('reconnecting');
        void connect();
      }
    };

    const connect = async () => {
      if (stopped) return;
      const own = new AbortController();
      controller = own;
      const after = readAfter();
      const target = after ? `${url}${url.includes('?') ? '&' : '?'}after=${encodeURIComponent(after)}` : url;
      try {
        armSilence();
        const response = await fetch(target, {
          headers: { Accept: 'text/event-stream', ...readHeaders() },
          cache: 'no-store',
          signal: own.signal,
        });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        attempt = 0;
        setStatus('open');
        onOpen();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          armSilence();
          buffer += value.replace(/\r\n?/g, '\n');
          let split = buffer.indexOf('\n\n');
          while (split !== -1) {
            const event = parseBlock(buffer.slice(0, split));
            buffer = buffer.slice(split + 2);
            if (event) onEvent(event);
            split = buffer.indexOf('\n\n');
          }
        }
        throw new Error('stream ended');
      } catch {
        window.clearTimeout(silenceTimer);
        if (controller === own) {
          controller = null;
          schedule();
        }
      }
    };

    // Back from the background, the network or bfcache: do not wait for the back-off.
    const wake = () => {
      if (document.visibilityState === 'visible' && !controller) restart();
    };
    const online = () => restart();
    const visible = () => {
      if (document.visibilityState === 'visible') wake();
    };
    window.addEventListener('online', online);
    window.addEventListener('pageshow', wake);
    document.addEventListener('visibilitychange', visible);
    restartRef.current = restart;
    void connect();

    return () => {
      stopped = true;
      restartRef.current = () => undefined;
      controller?.abort();
      window.clearTimeout(retryTimer);
      window.clearTimeout(silenceTimer);
      window.removeEventListener('online', online);
      window.removeEventListener('pageshow', wake);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [url]);

  const reconnect = useCallback(() => restartRef.current(), []);
  return { status, reconnect };
}
