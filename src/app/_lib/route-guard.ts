import { unstable_rethrow } from 'next/navigation';
import { translator } from '@/i18n/messages';
import { noteDatabaseUnavailable } from '@/server/db/breaker';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/server/db/unavailable';
import { logger } from '@/server/logger';
import { apiLocale } from '@/server/request-context';
import { requestIdOrNew } from '@/server/request-id';

/**
 * An API error body: the fields given plus the request's id (also the X-Request-Id header and the key of the
 * request's log lines), so a client that reports a failure can quote it.
 */
export function apiError(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return Response.json({ ...body, requestId: requestIdOrNew() }, { status, headers });
}

export function unavailableResponse(request: Request, requestId: string = requestIdOrNew()): Response {
  const message = translator(apiLocale(request.headers))('errors.api.unavailable');
  return Response.json(
    { error: 'unavailable', message, requestId },
    { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' } },
  );
}

/**
 * Wraps a route handler so that a database that cannot serve the request (pool wait over, server down or
 * restarting; see `isDatabaseUnavailable`) answers a localised 503 with Retry-After instead of a bare 500, and
 * any other unexpected error a JSON 500 quoting the request id (logged with the error) instead of an empty body.
 * Next's redirects and not-found signals pass through.
 */
export function guardDatabase<Req extends Request, Rest extends unknown[]>(
  handler: (request: Req, ...rest: Rest) => Promise<Response>,
): (request: Req, ...rest: Rest) => Promise<Response> {
  return async (request, ...rest) => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      unstable_rethrow(error);
      const requestId = requestIdOrNew();
      const path = new URL(request.url).pathname;
      if (isDatabaseUnavailable(error)) {
        noteDatabaseUnavailable();
        logger.warn({ err: error, requestId, path }, 'database unavailable: answered 503');
        return unavailableResponse(request, requestId);
      }
      logger.error({ err: error, requestId, path }, 'route handler failed');
      const message = translator(apiLocale(request.headers))('errors.api.internal');
      return Response.json({ error: 'internal', message, requestId }, { status: 500, headers: { 'Cache-Control': 'no-store' } });
    }
  };
}
