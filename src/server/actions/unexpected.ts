/**
 * What a person is told when an action fails for a reason they did not cause. The one place that classifies
 * unexpected errors: a new class (e.g. "the database is unavailable") adds a branch here and a catalogue key,
 * and every action says it.
 */
export interface UnexpectedDescription {
  /** Catalogue key of the sentence shown; the request id is appended to it. */
  messageKey: 'errors.tryAgain';
}

export function describeUnexpected(_error: unknown): UnexpectedDescription {
  return { messageKey: 'errors.tryAgain' };
}
