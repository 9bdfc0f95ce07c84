import { translator } from '@/i18n/messages';
import { noteDatabaseUnavailable } from '@/server/db/breaker';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/server/db/unavailable';
import { logger } from '@/server/logger';
import { apiLocale } from '@/server/request-context';
import { requestIdOrNew } from '@/server/request-id';

/**
 * A request and response without Next.js or the web's Request/Response: what an API handler needs to read and
 * what it answers. The route handler adapts a NextRequest to it and its answer to a Response; the JSON API's fast
 * lane (src/server/http/fast-lane.ts) adapts node:http's request and response, so both serve one definition.
 */

/** What handlers read of request headers: a web `Headers` is one, and so is the fast lane's view of node's headers. */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface PlainRequest {
  /** The path, without the query (for log lines). */
  path: string;
  headers: HeaderReader;
  /** The body's chunks as they arrive; ending the iteration early (return) stops reading and drops the rest. */
  body: AsyncIterable<Uint8Array> | null;
}

export interface PlainResponse {
  status: number;
  /** Names in lower case, as a web `Headers` gives them. */
  headers: Record<string, string>;
  body: string;
}

/** What `Response.json(body, { status, headers })` sends: the headers given, then `content-type: application/json`. */
export function plainJson(status: number, body: unknown, headers: Record<string, string> = {}): PlainResponse {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  lower['content-type'] ??= 'application/json';
  return { status, headers: lower, body: JSON.stringify(body) };
}

export function toWebResponse(plain: PlainResponse): Response {
  return new Response(plain.body, { status: plain.status, headers: plain.headers });
}

/**
 * An API error body: the fields given plus the request's id (also the X-Request-Id header and the key of the
 * request's log lines), so a client that reports a failure can quote it.
 */
export function apiErrorPlain(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): PlainResponse {
  return plainJson(status, { ...body, requestId: requestIdOrNew() }, headers);
}

/** The localised 503 with Retry-After for a database that cannot serve the request. */
export function unavailablePlain(headers: HeaderReader, requestId: string = requestIdOrNew()): PlainResponse {
  const message = translator(apiLocale(headers))('errors.api.unavailable');
  return plainJson(
    503,
    { error: 'unavailable', message, requestId },
    { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' },
  );
}

/**
 * What a route answers for an error its handler did not: a database that cannot serve the request (pool wait
 * over, server down or restarting; see `isDatabaseUnavailable`) a localised 503 with Retry-After, anything else a
 * JSON 500 quoting the request id (logged with the error).
 */
export function failurePlain(error: unknown, path: string, headers: HeaderReader): PlainResponse {
  const requestId = requestIdOrNew();
  if (isDatabaseUnavailable(error)) {
    noteDatabaseUnavailable();
    logger.warn({ err: error, requestId, path }, 'database unavailable: answered 503');
    return unavailablePlain(headers, requestId);
  }
  logger.error({ err: error, requestId, path }, 'route handler failed');
  const message = translator(apiLocale(headers))('errors.api.internal');
  return plainJson(500, { error: 'internal', message, requestId }, { 'Cache-Control': 'no-store' });
}

/** `guardDatabase` for plain handlers. */
export function guardPlain(handler: (request: PlainRequest) => Promise<PlainResponse>): (request: PlainRequest) => Promise<PlainResponse> {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      return failurePlain(error, request.path, request.headers);
    }
  };
}
