import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The id of the request (or background job run) the current code works for. The web server's request hook
 * (src/server/http/lifecycle.ts) runs each request inside `withRequestId`, so everything it awaits, the logger
 * included, sees the same id; the worker does the same for each job run. The id is also the response's
 * X-Request-Id header and is quoted in API error bodies and the failure messages of server actions.
 */

/**
 * On globalThis: Turbopack bundles this module once for instrumentation (the request hook that sets the id) and
 * again for each route and page bundle (the code that reads it), and each copy would otherwise have a storage of
 * its own: an API error body quoted an id that was not the response's X-Request-Id, and route code's log lines
 * carried none.
 */
const holder = globalThis as unknown as { [key: symbol]: AsyncLocalStorage<{ requestId: string }> | undefined };
const STORAGE = Symbol.for('vouchie.request-id');
const context = (holder[STORAGE] ??= new AsyncLocalStorage<{ requestId: string }>());

/** What a client or load balancer may hand us as X-Request-Id: short, and nothing a log line could trip on. */
const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function acceptRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

export function withRequestId<T>(requestId: string, work: () => T): T {
  return context.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

/** The current request's id, or a fresh one for code running outside any request (tests calling handlers). */
export function requestIdOrNew(): string {
  return currentRequestId() ?? randomUUID();
}
