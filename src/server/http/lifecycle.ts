import http from 'node:http';
import https from 'node:https';
import { childLogger } from '@/server/logger';
import { acceptRequestId, withRequestId } from '@/server/request-id';
import { servedByFastLane } from './fast-lane';

/**
 * The web process's life around Next.js: a request id and one access-log line for every request, and a graceful
 * stop on SIGTERM / SIGINT. `next start` gives its route code no handle on the HTTP server, so, like
 * client-address.ts, this hooks `http.Server#emit`: every request passes through here before Next sees it.
 *
 * Stopping (SIGTERM from an orchestrator, or Ctrl+C):
 *  1. readiness (`GET /api/health/ready`) answers 503 at once, so a load balancer stops sending new requests;
 *  2. after SHUTDOWN_DELAY_MS (the time a balancer needs to notice; 0 by default) the listening sockets close:
 *     no new connections, and idle keep-alive connections are closed;
 *  3. requests in flight finish, for at most SHUTDOWN_TIMEOUT_MS; whatever is still running then is cut off;
 *  4. the database pool is closed (nothing is held past a transaction: advisory locks are transaction-scoped)
 *     and the process exits 0 (1 if it had to cut requests off).
 * Every acknowledged request has committed before its response was written, so a stop loses nothing acknowledged.
 */

const STATE = Symbol.for('vouchie.http-lifecycle');
const log = childLogger({ module: 'http' });

interface LifecycleState {
  servers: Set<http.Server>;
  inFlight: number;
  draining: boolean;
  /** Resolves waiters when `inFlight` drops to 0. */
  idleWaiters: Set<() => void>;
}

type WithState = typeof globalThis & { [STATE]?: LifecycleState };

function state(): LifecycleState | undefined {
  return (globalThis as WithState)[STATE];
}

/** True once a stop has begun: readiness answers 503 from then on. */
export function isDraining(): boolean {
  return state()?.draining ?? false;
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

function pathOnly(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return path.length > 512 ? `${path.slice(0, 512)}…` : path;
}

const uncork = (response: http.ServerResponse) => response.uncork();

/**
 * Next sends a route handler's Response (and a page's first chunk) as three socket writes: the headers
 * (`flushHeaders`), the body chunk, then the chunked encoding's end, each a syscall of its own; the bare ceiling's
 * node:http server sends its 201 in one. Corked from the headers to the end of the tick, whatever Next writes in
 * that tick leaves in one write (a route's whole small JSON response); later chunks of a streamed page go out as
 * before. The bytes are the same, only fewer writes (docs/performance.md).
 */
function coalesceFirstWrites(response: http.ServerResponse): void {
  const flushHeaders = response.flushHeaders;
  response.flushHeaders = function corkedFlushHeaders(this: http.ServerResponse) {
    this.cork();
    process.nextTick(uncork, this);
    flushHeaders.call(this);
  };
}

function track(prototype: { emit: Emit }, current: LifecycleState) {
  const original = prototype.emit;
  prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'connection' || event === 'secureConnection') current.servers.add(this);
    if (event !== 'request') return original.call(this, event, ...args);
    const [request, response] = args;
    if (!(request instanceof http.IncomingMessage) || !(response instanceof http.ServerResponse)) {
      return original.call(this, event, ...args);
    }
    current.servers.add(this);
    const requestId = acceptRequestId(request.headers['x-request-id']);
    request.headers['x-request-id'] = requestId;
    response.setHeader('X-Request-Id', requestId);
    // Requests that arrive on a kept-alive connection while stopping are served, and told not to come back.
    if (current.draining) response.setHeader('Connection', 'close');
    coalesceFirstWrites(response);
    current.inFlight += 1;
    const startedAt = performance.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      current.inFlight -= 1;
      const line = {
        requestId,
        method: request.method,
        path: pathOnly(request.url),
        status: response.statusCode,
        ms: Math.round(performance.now() - startedAt),
        // A response cut off before its end (client gone, or the process stopping) is not a success.
        completed: response.writableFinished,
        ...(servedByFastLane(request) ? { lane: 'fast' } : {}),
      };
      if (response.statusCode >= 500 || !line.completed) log.warn(line, 'request');
      else log.info(line, 'request');
      if (current.inFlight === 0) for (const resolve of current.idleWaiters) resolve();
    };
    response.once('finish', finish);
    response.once('close', finish);
    return withRequestId(requestId, () => original.call(this, event, ...args));
  };
}

/** Idempotent. Called by src/instrumentation.ts before the first request. */
export function installRequestTracking(): void {
  const holder = globalThis as WithState;
  if (holder[STATE]) return;
  const current: LifecycleState = { servers: new Set(), inFlight: 0, draining: false, idleWaiters: new Set() };
  track(http.Server.prototype as unknown as { emit: Emit }, current);
  track(https.Server.prototype as unknown as { emit: Emit }, current);
  holder[STATE] = current;
}

function untilIdle(current: LifecycleState, timeoutMs: number): Promise<boolean> {
  if (current.inFlight === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (idle: boolean) => {
      clearTimeout(timer);
      current.idleWaiters.delete(onIdle);
      resolve(idle);
    };
    const onIdle = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    current.idleWaiters.add(onIdle);
  });
}

export interface ShutdownOptions {
  delayMs: number;
  timeoutMs: number;
  /** Releases what the process holds (the database pool) once no request runs any more. */
  release: () => Promise<void>;
}

/**
 * Replaces Next's own SIGTERM / SIGINT handlers (which wait for requests without a bound and exit 143) with the
 * stop described above. A second signal exits at once.
 */
export function installGracefulShutdown(options: ShutdownOptions): void {
  const current = state();
  if (!current) throw new Error('installRequestTracking() first');
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  const stop = (signal: NodeJS.Signals) => {
    if (current.draining) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    current.draining = true;
    void (async () => {
      log.info(
        { signal, inFlight: current.inFlight, delayMs: options.delayMs, timeoutMs: options.timeoutMs },
        'stopping: not ready any more',
      );
      if (options.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const closed = [...current.servers].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
      );
      const idle = await untilIdle(current, options.timeoutMs);
      if (!idle) {
        log.warn({ inFlight: current.inFlight }, 'stopping: requests still running at the time limit are cut off');
        for (const server of current.servers) server.closeAllConnections();
      }
      await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      try {
        await options.release();
      } catch (error) {
        log.error({ err: error }, 'stopping: releasing resources failed');
      }
      log.info({ clean: idle }, 'stopped');
      process.exit(idle ? 0 : 1);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
