import { refresh } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { currentViewer } from '@/server/auth/guards';
import type { Principal } from '@/server/auth/policy';
import { principalFrom } from '@/server/auth/principal';
import type { Viewer } from '@/server/auth/viewer';
import { logger } from '@/server/logger';
import { requestIdOrNew } from '@/server/request-id';
import type { Result } from '@/server/result';
import type { FieldErrors } from '@/server/tickets/schemas';
import { toLocale, type Locale } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';
import type { ActionFailure, ActionResult, ActionSuccess } from './result';
import { describeUnexpected } from './unexpected';

export type { ActionFailure, ActionResult, ActionSuccess } from './result';

export type Translator = ReturnType<typeof translator>;

export interface ActionContext {
  principal: Principal;
  viewer: Viewer;
  locale: Locale;
  t: Translator;
}

/** What an expected error (other than invalid input) becomes on the page. */
export interface Expected<D = never> {
  formError?: string;
  /** Already localised. */
  fieldErrors?: FieldErrors;
  detail?: D;
  /** The error changed what the page shows (e.g. someone else's edit): re-render it. */
  refresh?: boolean;
}

/** Invalid input as the domain reports it: field path → catalogue keys (`_form` for the input as a whole). */
type Invalid = { kind: 'invalid'; fieldErrors: FieldErrors };

export interface ActionSpec<V, E, T, D> {
  /** Names the action in the log. */
  name: string;
  /** The `?t=` ticket link token of a page opened from an e-mail; the session counts otherwise. */
  ticketLinkToken?: string | null;
  run: (context: ActionContext) => Promise<Result<V, E>>;
  /** The domain's expected errors, except `{ kind: 'invalid' }`, which is translated here the same way for all. */
  expected: (error: Exclude<E, Invalid>, context: ActionContext) => Expected<D>;
  /** What the page gets on success (the value itself by default). */
  success?: (value: V, context: ActionContext) => { data: T; message?: string };
  /** Re-render the page after a success (default: yes). */
  refresh?: boolean;
}

function isInvalid(error: unknown): error is Invalid {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'invalid' && 'fieldErrors' in error;
}

/** Turns catalogue keys into sentences; input-wide messages (`_form`) become the form's error. */
export function invalidInput(fieldErrors: FieldErrors, locale: Locale): ActionFailure<never> {
  const { _form: form, ...fields } = translateFieldErrors(fieldErrors, locale);
  return { ok: false, fieldErrors: fields, ...(form?.length ? { formError: form.join(' ') } : {}) };
}

/** A failure with only a message for the whole form. */
export function formFailure(message: string): ActionFailure<never> {
  return { ok: false, fieldErrors: {}, formError: message };
}

/**
 * The one envelope of every server action: finds the locale and the principal, runs the domain call, turns its
 * expected errors into localised field or form errors, refreshes the page after a change, and turns anything
 * unexpected into a logged error with a request id and a generic localised sentence quoting it. Redirects and
 * not-found thrown by Next.js pass through.
 */
export async function runAction<V, E, T = V, D = never>(spec: ActionSpec<V, E, T, D>): Promise<ActionResult<T, D>> {
  const locale = toLocale(await getLocale());
  const t = translator(locale);
  try {
    // One session read per action (React's request cache does not span a server action's own work).
    const viewer = await currentViewer();
    const context: ActionContext = {
      principal: principalFrom({ ticketLinkToken: spec.ticketLinkToken ?? null, viewer }),
      viewer,
      locale,
      t,
    };
    const result = await spec.run(context);
    if (result.ok) {
      if (spec.refresh !== false) refresh();
      const success: ActionSuccess<T> = spec.success
        ? { ok: true, ...spec.success(result.value, context) }
        : { ok: true, data: result.value as unknown as T };
      return success;
    }
    if (isInvalid(result.error)) return invalidInput(result.error.fieldErrors, locale);
    const described = spec.expected(result.error as Exclude<E, Invalid>, context);
    if (described.refresh) refresh();
    const failure: ActionFailure<D> = { ok: false, fieldErrors: described.fieldErrors ?? {} };
    if (described.formError !== undefined) failure.formError = described.formError;
    if (described.detail !== undefined) failure.detail = described.detail;
    return failure;
  } catch (error) {
    unstable_rethrow(error);
    return unexpectedFailure(spec.name, error, t);
  }
}

/** Logs `error` with the request's id and answers with the sentence `describeUnexpected` picks, quoting the id. */
export function unexpectedFailure(action: string, error: unknown, t: Translator): ActionFailure<never> {
  const requestId = requestIdOrNew();
  logger.error({ err: error, requestId, action }, 'server action failed');
  const { messageKey } = describeUnexpected(error);
  return { ok: false, fieldErrors: {}, formError: `${t(messageKey)} (${requestId.slice(0, 8)})`, requestId };
}
