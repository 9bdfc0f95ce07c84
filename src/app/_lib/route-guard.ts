import { randomUUID } from 'node:crypto';
import { translator } from '@/i18n/messages';
import { noteDatabaseUnavailable } from '@/server/db/breaker';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/server/db/unavailable';
import { logger } from '@/server/logger';
import { apiLocale } from '@/server/request-context';

/**
 * Wraps a route handler so that a database that cannot serve the request (pool wait over, server down or
 * restarting; see `isDatabaseUnavailable`) answers a localised 503 with Retry-After instead of a bare 500.
 * Anything else is still thrown, so real bugs keep failing loudly (and are logged by Next).
 */
export function unavailableResponse(request: Request, requestId: string = randomUUID()): Response {
  const message = translator(apiLocale(request.headers))('errors.api.unavailable');
  return Response.json(
    { error: 'unavailable', message, requestId },
    { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' } },
  );
}

export function guardDatabase<Req extends Request, Rest extends unknown[]>(
  handler: (request: Req, ...rest: Rest) => Promise<Response>,
): (request: Req, ...rest: Rest) => Promise<Response> {
  return async (request, ...rest) => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      noteDatabaseUnavailable();
      const requestId = randomUUID();
      logger.warn({ err: error, requestId, path: new URL(request.url).pathname }, 'database unavailable: answered 503');
      return unavailableResponse(request, requestId);
    }
  };
}
