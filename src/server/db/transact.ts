import { err, type Result } from '@/server/result';
import { db, type Tx } from './client';

/** Thrown inside `transact` to roll the transaction back and answer with a user-facing error value. */
export class Rollback<E> extends Error {
  constructor(readonly reason: E) {
    super('rolled back');
  }
}

/**
 * A transaction whose work returns a Result; throwing `Rollback` undoes everything written so far and turns
 * into that Result's error, so domain functions report user errors as values even halfway through.
 */
export async function transact<T, E>(work: (tx: Tx) => Promise<Result<T, E>>): Promise<Result<T, E>> {
  try {
    return await db().$transaction(work);
  } catch (error) {
    if (error instanceof Rollback) return err(error.reason as E);
    throw error;
  }
}
