import http from 'node:http';

/**
 * A minimal EventSource for Node tests and the bench: one GET held open, frames parsed as they arrive, and
 * `next(predicate)` that resolves with the first matching event (already received or still to come), or rejects
 * after `timeoutMs` with what did arrive (a diagnosis, not a sleep: it resolves the moment the event is there).
 */

export interface SseEvent {
  event: string;
  data: unknown;
  id: string | null;
  /** process.hrtime.bigint() when the frame was parsed. */
  at: bigint;
}

export interface SseConnection {
  status: number;
  events: SseEvent[];
  /** Heartbeats (`event: ping`) seen; they are not in `events`. */
  heartbeats: number;
  next(predicate: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  onEvent(listener: (event: SseEvent) => void): void;
  close(): void;
  closed: Promise<void>;
}

export function openSse(url: string, headers: Record<string, string> = {}, agent?: http.Agent): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { Accept: 'text/event-stream', ...headers }, agent }, (response) => {
      const events: SseEvent[] = [];
      const waiters = new Set<{ predicate: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }>();
      const listeners: ((e: SseEvent) => void)[] = [];
      let buffer = '';
      let heartbeats = 0;
      let closeResolve: () => void = () => undefined;
      const closed = new Promise<void>((done) => {
        closeResolve = done;
      });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          let id: string | null = null;
          const data: string[] = [];
          let isComment = true;
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) continue;
            isComment = false;
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
            else if (line.startsWith('id: ')) id = line.slice(4);
          }
          if (isComment) {
            heartbeats++;
            continue;
          }
          if (!data.length) continue;
          if (event === 'ping') {
            heartbeats++;
            continue;
          }
          const parsed: SseEvent = { event, data: JSON.parse(data.join('\n')) as unknown, id, at: process.hrtime.bigint() };
          events.push(parsed);
          for (const listener of listeners) listener(parsed);
          for (const waiter of [...waiters]) {
            if (waiter.predicate(parsed)) {
              waiters.delete(waiter);
              waiter.resolve(parsed);
            }
          }
        }
      });
      response.on('close', () => closeResolve());
      const connection: SseConnection = {
        status: response.statusCode ?? 0,
        events,
        get heartbeats() {
          return heartbeats;
        },
        next(predicate, timeoutMs = 10_000) {
          const found = events.find(predicate);
          if (found) return Promise.resolve(found);
          return new Promise((done, fail) => {
            const waiter = {
              predicate,
              resolve: (e: SseEvent) => {
                clearTimeout(timer);
                done(e);
              },
            };
            const timer = setTimeout(() => {
              waiters.delete(waiter);
              fail(new Error(`no matching event within ${timeoutMs} ms; got: ${events.map((e) => e.event).join(', ') || 'nothing'}`));
            }, timeoutMs);
            waiters.add(waiter);
          });
        },
        onEvent(listener) {
          listeners.push(listener);
        },
        close() {
          request.destroy();
        },
        closed,
      };
      resolve(connection);
    });
    request.on('error', reject);
  });
}
