import { unstable_rethrow } from 'next/navigation';
import { apiErrorPlain, failurePlain, toWebResponse, unavailablePlain } from '@/server/http/plain';
import { requestIdOrNew } from '@/server/request-id';

/**
 * An API error body: the fields given plus the request's id (also the X-Request-Id header and the key of the
 * request's log lines), so a client that reports a failure can quote it.
 */
export function apiError(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return toWebResponse(apiErrorPlain(status, body, headers));
}

export function unavailableResponse(request: Request, requestId: string = requestIdOrNew()): Response {
  return toWebResponse(unavailablePlain(request.headers, requestId));
}

/**
 * Wraps a route handler so that a database that cannot serve the request (pool wait over, server down or
 * restarting; see `isDatabaseUnavailable`) answers a localised 503 with Retry-After instead of a bare 500, and
 * any other unexpected error a JSON 500 quoting the request id (logged with the error) instead of an empty body
 * (src/server/http/plain.ts). Next's redirects and not-found signals pass through.
 */
export function guardDatabase<Req extends Request, Rest extends unknown[]>(
  handler: (request: Req, ...rest: Rest) => Promise<Response>,
): (request: Req, ...rest: Rest) => Promise<Response> {
  return async (request, ...rest) => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      unstable_rethrow(error);
      return toWebResponse(failurePlain(error, new URL(request.url).pathname, request.headers));
    }
  };
}
