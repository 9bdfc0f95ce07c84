import type { FieldErrors } from '@/server/tickets/schemas';

/**
 * What every server action answers, and what `useActionForm` (src/components/ui/use-action-form.ts) reads. Plain
 * data with no server imports, so client components can name the type.
 */
export type ActionSuccess<T> = {
  ok: true;
  data: T;
  /** A localised sentence for the toast, when the action has one to say. */
  message?: string;
};

export type ActionFailure<D = never> = {
  ok: false;
  /** Field path → localised messages, shown next to each field. */
  fieldErrors: FieldErrors;
  /** A localised sentence about the form as a whole. */
  formError?: string;
  /** Set only for unexpected failures: the id they were logged with (its first 8 characters end `formError`). */
  requestId?: string;
  /** What an expected error hands the page besides its message (e.g. a ticket's current values after a conflict). */
  detail?: D;
};

export type ActionResult<T = null, D = never> = ActionSuccess<T> | ActionFailure<D>;
