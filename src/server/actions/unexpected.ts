import { noteDatabaseUnavailable } from '@/server/db/breaker';
import { isDatabaseUnavailable } from '@/server/db/unavailable';

/**
 * What a person is told when an action fails for a reason they did not cause. The one place that classifies
 * unexpected errors: a database that is unreachable or out of connections is "temporarily unavailable, try again
 * in a few seconds" (and pages answer 503 for a moment, src/server/db/breaker.ts); anything else is "try again".
 */
export interface UnexpectedDescription {
  /** Catalogue key of the sentence shown; the request id is appended to it. */
  messageKey: 'errors.tryAgain' | 'errors.api.unavailable';
}

export function describeUnexpected(error: unknown): UnexpectedDescription {
  if (!isDatabaseUnavailable(error)) return { messageKey: 'errors.tryAgain' };
  noteDatabaseUnavailable();
  return { messageKey: 'errors.api.unavailable' };
}
