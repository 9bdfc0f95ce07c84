/**
 * "The database cannot serve this request right now": the errors that mean wait and try again (503 with
 * Retry-After), as opposed to a bug (500) or bad input (4xx). Seen on Prisma 7 with `@prisma/adapter-pg`
 * (checked by forcing each one; see docs/security.md):
 *
 * - no free pooled connection within the wait: P2028 "Unable to start a transaction in the given time" for a
 *   transaction, pg-pool's plain `Error('timeout exceeded when trying to connect')` for a single query;
 * - a transaction that ran past its timeout while the database was slow: P2028 "expired transaction";
 * - server not reachable: P1001 (or P2010 around a raw query), the driver error's kind `DatabaseNotReachable`,
 *   `ConnectionClosed`, `SocketTimeout`, `TooManyConnections`, or a bare socket error code;
 * - the server going away or refusing work: SQLSTATE class 08 (connection), 57P01–57P03 (shutdown, starting
 *   up), 53300 (too many connections), 57014 (statement timeout) and 55P03 (lock timeout).
 */

const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH']);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03']);
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated (unexpectedly|due to connection timeout)/i,
  /Can't reach database server/i,
];

type Inspectable = Record<string, unknown>;

function isObject(value: unknown): value is Inspectable {
  return typeof value === 'object' && value !== null;
}

function sqlState(value: unknown): boolean {
  return typeof value === 'string' && (SQLSTATES.has(value) || value.startsWith('08'));
}

function matches(error: Inspectable): boolean {
  const { code, kind, originalCode, message } = error;
  if (typeof code === 'string' && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || sqlState(code))) return true;
  if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
  if (sqlState(originalCode)) return true;
  return typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message));
}

/** True when `error` (or what it wraps: `cause`, Prisma's `meta.driverAdapterError`, an AggregateError) says so. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (!isObject(current) || seen.has(current)) continue;
    seen.add(current);
    if (matches(current)) return true;
    queue.push(current.cause);
    if (isObject(current.meta)) queue.push(current.meta.driverAdapterError);
    if (Array.isArray(current.errors)) queue.push(...current.errors);
  }
  return false;
}

/** How long clients are asked to wait (Retry-After) before trying again. */
export const RETRY_AFTER_SECONDS = 5;
