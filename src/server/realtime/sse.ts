import { childLogger } from '@/server/logger';

const log = childLogger({ module: 'realtime' });

/**
 * Server-Sent Events responses for route handlers (`next start` streams them; docs/chat.md says why SSE and
 * not WebSockets). One helper for chat, presence and phone pop-ups:
 *
 * - a heartbeat every `heartbeatMs` (15 s): an `event: ping` (EventSource shows pages events, never comments), so
 *   proxies keep the connection and clients notice a dead one (they reconnect after 35 s of silence);
 * - a bounded buffer: what the client has not read yet is counted, and a consumer more than `maxBufferedBytes`
 *   behind is closed (it reconnects and resumes from Postgres) instead of holding memory without limit;
 * - cleanup (timers, subscriptions through `onClose`) when the client goes away, the server closes it, or the
 *   request is aborted.
 */

export const SSE_HEARTBEAT_MS = 15_000;
export const SSE_MAX_BUFFERED_BYTES = 256 * 1024;
/** The client's reconnect delay hint (the chat hook uses its own back-off anyway). */
const RETRY_MS = 2_000;

export interface SseOptions {
  signal?: AbortSignal;
  heartbeatMs?: number;
  maxBufferedBytes?: number;
}

export type SseCloseReason = 'client' | 'server' | 'slow_consumer';

const encoder = new TextEncoder();

/** One `data:` line per line of the JSON (JSON.stringify writes none, but a caller's string could). */
function frame(event: string | null, data: string, id?: string): string {
  let out = '';
  if (id !== undefined) out += `id: ${id}\n`;
  if (event) out += `event: ${event}\n`;
  for (const line of data.split('\n')) out += `data: ${line}\n`;
  return `${out}\n`;
}

export class SseStream {
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly closeCallbacks: ((reason: SseCloseReason) => void)[] = [];
  private closedWith: SseCloseReason | null = null;
  private readonly maxBuffered: number;
  readonly body: ReadableStream<Uint8Array>;

  constructor(private readonly options: SseOptions = {}) {
    this.maxBuffered = options.maxBufferedBytes ?? SSE_MAX_BUFFERED_BYTES;
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.finish('client'),
      },
      // highWaterMark 0: every queued byte counts as "not yet read by the client".
      new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
    );
    options.signal?.addEventListener('abort', () => this.finish('client'), { once: true });
    this.write(`retry: ${RETRY_MS}\n\n`);
    const every = options.heartbeatMs ?? SSE_HEARTBEAT_MS;
    // An event, not a comment: EventSource hides comments from the page, and the client's watchdog must see beats.
    this.heartbeat = setInterval(() => this.write(frame('ping', '{}')), every);
    this.heartbeat.unref?.();
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** Bytes written but not yet taken by the client. */
  get bufferedBytes(): number {
    return Math.max(0, -(this.controller?.desiredSize ?? 0));
  }

  /** Sends one event; false once the stream is closed (the caller should stop). */
  send(event: string, data: unknown, id?: string): boolean {
    return this.write(frame(event, JSON.stringify(data), id));
  }

  comment(text: string): boolean {
    return this.write(`: ${text.replace(/\n/g, ' ')}\n\n`);
  }

  onClose(callback: (reason: SseCloseReason) => void): void {
    if (this.closedWith) callback(this.closedWith);
    else this.closeCallbacks.push(callback);
  }

  close(): void {
    this.finish('server');
  }

  private write(text: string): boolean {
    if (this.closedWith || !this.controller) return false;
    const bytes = encoder.encode(text);
    if (this.bufferedBytes + bytes.byteLength > this.maxBuffered) {
      this.finish('slow_consumer');
      return false;
    }
    try {
      this.controller.enqueue(bytes);
    } catch {
      this.finish('client');
      return false;
    }
    return true;
  }

  private finish(reason: SseCloseReason): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    clearInterval(this.heartbeat);
    if (reason !== 'client') {
      try {
        this.controller?.close();
      } catch {
        // Already errored or cancelled by the consumer.
      }
    }
    for (const callback of this.closeCallbacks.splice(0)) {
      try {
        callback(reason);
      } catch {
        // A cleanup failing must not stop the others.
      }
    }
  }
}

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: compression would hold events back until a buffer fills.
  'Cache-Control': 'no-store, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

/** A streaming Response around a new SseStream; `start` subscribes and writes (errors close the stream). */
export function sseResponse(options: SseOptions, start: (stream: SseStream) => Promise<void> | void): Response {
  const stream = new SseStream(options);
  void (async () => {
    try {
      await start(stream);
    } catch (error) {
      log.error({ err: error }, 'event stream failed to start');
      stream.close();
    }
  })();
  return new Response(stream.body, { status: 200, headers: SSE_HEADERS });
}
