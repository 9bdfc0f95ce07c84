import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import path from 'node:path';
import { childLogger } from '@/server/logger';
import type { HeaderReader, PlainRequest, PlainResponse } from './plain';

/**
 * The JSON API's fast lane: a route that offers its handler here (`offerToFastLane`, from the route module
 * itself) is served by a request hook on `http.Server#emit` straight from node:http, without Next's routing, its
 * web-stream Request and Response, NextRequest or the app-route runtime (half of the web process's CPU per ticket,
 * docs/performance.md). The hook is the innermost one: the peer address stamp (client-address.ts), the request id,
 * the access log and the graceful stop's count (lifecycle.ts) apply to these requests as to every other. The route
 * file stays the one definition: Next serves it until its module is first loaded (the first request after a start),
 * and both lanes run the same function from the same module instance (Turbopack bundles shared modules once for
 * instrumentation and again per route, so importing the handler here would run other copies of its modules).
 *
 * What Next adds around a route handler's answer is added here from the build's own manifests, the way Next does:
 * the `headers()` rules of next.config.ts that match the path, the app router's `Vary`, the compression
 * middleware (`compress`, unless the answer says `no-transform`), and the same writes (headers flushed, then the
 * body, chunked). A path that a redirect, rewrite, header rule with conditions or the proxy (src/proxy.ts) could
 * match is never taken: Next serves it. tests/integration/api-fast-lane.test.ts sends the same requests to an
 * instance with the lane and one without and expects the same answers. `HTTP_FAST_LANE=false` turns it off.
 */

type PlainHandler = (request: PlainRequest) => Promise<PlainResponse>;

const REGISTRY = Symbol.for('vouchie.fast-lane');
type WithRegistry = typeof globalThis & { [REGISTRY]?: Map<string, PlainHandler> };

function registry(): Map<string, PlainHandler> {
  const holder = globalThis as WithRegistry;
  return (holder[REGISTRY] ??= new Map());
}

/** Called by a route module when it loads: from then on the request hook serves `method pathname` with `handler`. */
export function offerToFastLane(method: 'POST', pathname: string, handler: PlainHandler): void {
  registry().set(`${method} ${pathname}`, handler);
}

const log = childLogger({ module: 'fast-lane' });

interface NextRouteRule {
  regex: string;
  has?: unknown[];
  missing?: unknown[];
}
interface NextHeaderRule extends NextRouteRule {
  headers: { key: string; value: string }[];
}
interface RoutesManifest {
  basePath: string;
  i18n?: unknown;
  caseSensitive?: boolean;
  redirects: NextRouteRule[];
  headers: NextHeaderRule[];
  rewrites: NextRouteRule[] | { beforeFiles: NextRouteRule[]; afterFiles: NextRouteRule[]; fallback: NextRouteRule[] };
  rsc: { varyHeader: string };
}

/** What Next would add to a route handler's answer for one path, or null when the lane must leave it to Next. */
export interface PathTreatment {
  /** The `headers()` rules' headers, in the order Next sets them. */
  headers: [string, string][];
  vary: string;
  compress: ((request: http.IncomingMessage, response: http.ServerResponse, next: () => void) => void) | null;
}

const treatments = new Map<string, PathTreatment | null>();

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Next's handling of `pathname`, read from a build (by default the one in the working directory, where `next start` runs). */
export function nextTreatmentOf(pathname: string, distDir = path.join(process.cwd(), '.next')): PathTreatment | null {
  const manifest = readJson<RoutesManifest>(path.join(distDir, 'routes-manifest.json'));
  const config = readJson<{ config: { compress?: boolean; basePath?: string; i18n?: unknown } }>(
    path.join(distDir, 'required-server-files.json'),
  ).config;
  const functions = readJson<{ functions: Record<string, { matchers?: { regexp: string }[] }> }>(
    path.join(distDir, 'server/functions-config-manifest.json'),
  ).functions;
  const flags = manifest.caseSensitive ? '' : 'i';
  const matches = (rule: NextRouteRule) => new RegExp(rule.regex, flags).test(pathname);
  const rewrites = Array.isArray(manifest.rewrites)
    ? manifest.rewrites
    : [...manifest.rewrites.beforeFiles, ...manifest.rewrites.afterFiles, ...manifest.rewrites.fallback];
  // The proxy's (middleware's) matchers name their pattern `regexp`; whatever their conditions, a match means Next.
  const proxyMatchers = Object.values(functions).flatMap((fn) => (fn.matchers ?? []).map(({ regexp }) => ({ regex: regexp })));
  if (manifest.basePath || config.basePath || manifest.i18n || config.i18n) return null;
  if ([...manifest.redirects, ...rewrites, ...proxyMatchers].some(matches)) return null;
  const headers = new Map<string, [string, string]>();
  for (const rule of manifest.headers) {
    if (!matches(rule)) continue;
    // Conditions, parameters in names or values, cookies: Next's own code decides, not this one.
    if (rule.has?.length || rule.missing?.length) return null;
    for (const { key, value } of rule.headers) {
      if (key.includes(':') || value.includes(':') || key.toLowerCase() === 'set-cookie') return null;
      headers.set(key.toLowerCase(), [key, value]);
    }
  }
  let compress: PathTreatment['compress'] = null;
  if (config.compress !== false) {
    // The middleware Next's router server runs on every request (next/dist/server/lib/router-server.js).
    const requireFromApp = createRequire(path.join(process.cwd(), 'package.json'));
    const compression = requireFromApp('next/dist/compiled/compression') as () => NonNullable<PathTreatment['compress']>;
    compress = compression();
  }
  return { headers: [...headers.values()], vary: manifest.rsc.varyHeader, compress };
}

function treatment(pathname: string): PathTreatment | null {
  if (!treatments.has(pathname)) {
    let found: PathTreatment | null = null;
    try {
      found = nextTreatmentOf(pathname);
    } catch (error) {
      log.warn({ err: error, path: pathname }, 'fast lane off: the build manifests could not be read');
    }
    if (!found) log.info({ path: pathname }, 'fast lane off for this path: Next routes it differently');
    treatments.set(pathname, found);
  }
  return treatments.get(pathname) ?? null;
}

/** Node's request headers read as Next's `Headers` would give them. */
function headerReader(headers: http.IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** Headers a route's answer may add to values already set (as in Next's send-response.js); the rest only when absent. */
const MULTIPLE = new Set(['set-cookie', 'www-authenticate', 'proxy-authenticate', 'vary']);
const FORBIDDEN = new Set(['content-length', 'content-encoding', 'transfer-encoding']);
const ignore = () => undefined;

/** Set on the requests the lane served (the access log says so: src/server/http/lifecycle.ts). */
const FAST_LANE_MARK = Symbol.for('vouchie.fast-lane.served');

export function servedByFastLane(request: http.IncomingMessage): boolean {
  return (request as http.IncomingMessage & { [FAST_LANE_MARK]?: true })[FAST_LANE_MARK] === true;
}

function write(request: http.IncomingMessage, response: http.ServerResponse, how: PathTreatment, answer: PlainResponse) {
  if (how.compress && !/(?:^|,)\s*?no-transform\s*?(?:,|$)/.test(answer.headers['cache-control'] ?? '')) {
    how.compress(request, response, ignore);
  }
  for (const [key, value] of how.headers) response.setHeader(key, value);
  response.appendHeader('vary', how.vary);
  response.statusCode = answer.status;
  for (const name of Object.keys(answer.headers).sort()) {
    const value = answer.headers[name];
    if (value === undefined || FORBIDDEN.has(name)) continue;
    if (MULTIPLE.has(name) || response.getHeader(name) === undefined) response.appendHeader(name, value);
  }
  // As Next pipes a one-chunk body: the headers, the chunk (and a flush of the compressor, when there is one), the end.
  response.flushHeaders();
  response.write(answer.body);
  const flushable = response as http.ServerResponse & { flush?: () => void };
  if (typeof flushable.flush === 'function') flushable.flush();
  response.end();
}

/**
 * Serves the request if a handler was offered for it and Next would do nothing else with it; false leaves it to
 * Next. Runs inside the request hook: the request id, the access log and the graceful stop count it like every
 * other request.
 */
export function takeFastLane(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (request.method !== 'POST') return false;
  const url = request.url ?? '';
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  const handler = registry().get(`POST ${pathname}`);
  if (!handler) return false;
  const how = treatment(pathname);
  if (!how) return false;
  (request as http.IncomingMessage & { [FAST_LANE_MARK]?: true })[FAST_LANE_MARK] = true;
  // As Next's router server: a socket error on either side is not the process's problem.
  request.on('error', ignore);
  response.on('error', ignore);
  handler({ path: pathname, headers: headerReader(request.headers), body: request })
    .then((answer) => write(request, response, how, answer))
    .catch((error: unknown) => {
      // Not reached by a guarded handler (its errors are answers); a bug here must not take the process down.
      log.error({ err: error, path: pathname }, 'fast lane: the handler failed');
      if (response.headersSent) response.destroy();
      else response.writeHead(500).end();
    });
  return true;
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
const INSTALLED = Symbol.for('vouchie.fast-lane.installed');

function hook(prototype: { emit: Emit }) {
  const original = prototype.emit;
  prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const [request, response] = args;
      if (request instanceof http.IncomingMessage && response instanceof http.ServerResponse && takeFastLane(request, response)) {
        return true;
      }
    }
    return original.call(this, event, ...args);
  };
}

/**
 * Idempotent. Called by src/instrumentation.ts before the other request hooks (client-address.ts, lifecycle.ts),
 * so that they run first, as for every request Next serves: the peer address stamp, the request id, the access log
 * and the graceful stop's count.
 */
export function installFastLane(): void {
  const holder = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (holder[INSTALLED]) return;
  hook(http.Server.prototype as unknown as { emit: Emit });
  hook(https.Server.prototype as unknown as { emit: Emit });
  holder[INSTALLED] = true;
}
