import type { Instrumentation } from 'next';

/** Runs once when a server instance starts: a bad environment stops it here with a readable message. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { env } = await import('@/server/env');
    env();
    // Innermost of the request hooks (installed first), so that the ones below see the requests it serves. Only under
    // `next start`: it reads the production build's manifests.
    if (env().HTTP_FAST_LANE && env().NODE_ENV === 'production') {
      const { installFastLane } = await import('@/server/http/fast-lane');
      installFastLane();
    }
    // Before any request is handled: per-IP limits need the socket's address (src/server/client-address.ts).
    const { installPeerAddressHeader } = await import('@/server/client-address');
    installPeerAddressHeader();
    // A request id and one log line per request, and a bounded, clean stop on SIGTERM (src/server/http/lifecycle.ts).
    const { installRequestTracking, installGracefulShutdown } = await import('@/server/http/lifecycle');
    const { db } = await import('@/server/db/client');
    installRequestTracking();
    installGracefulShutdown({
      delayMs: env().SHUTDOWN_DELAY_MS,
      timeoutMs: env().SHUTDOWN_TIMEOUT_MS,
      release: () => db().$disconnect(),
    });
  }
}

/**
 * Every error Next could not answer itself (a page, a route handler, a server action), logged once with the
 * digest the error page shows as its reference, and whether it was the database being unavailable.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logger } = await import('@/server/logger');
  const { isDatabaseUnavailable } = await import('@/server/db/unavailable');
  const { noteDatabaseUnavailable } = await import('@/server/db/breaker');
  const unavailable = isDatabaseUnavailable(error);
  if (unavailable) noteDatabaseUnavailable();
  const digest = typeof error === 'object' && error !== null && 'digest' in error ? String(error.digest) : undefined;
  // The request hook stamped the id on the headers; the error page quotes the digest, found on this same line.
  const header = request.headers['x-request-id'];
  const requestId = Array.isArray(header) ? header[0] : header;
  logger.error(
    {
      err: error,
      digest,
      requestId,
      path: request.path,
      method: request.method,
      routeType: context.routeType,
      databaseUnavailable: unavailable,
    },
    'request failed',
  );
};
