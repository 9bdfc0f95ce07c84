'use client';

import { useState, useTransition } from 'react';
import type { z } from 'zod';
import type { ActionFailure, ActionResult, ActionSuccess } from '@/server/actions/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/constants';
import { useToast } from './toast';
import { useTranslateKey } from './use-translate-key';

export interface ActionFormCallbacks<T, D> {
  onSuccess?: (result: ActionSuccess<T>) => void;
  onFailure?: (result: ActionFailure<D>) => void;
  /** After either (and after a failure to reach the server at all). */
  onSettled?: () => void;
}

export interface ActionForm<I, T, D> {
  fieldErrors: FieldErrors;
  formError: string | null;
  isPending: boolean;
  /** Checks `input` with the form's schema (the server's own); on failure shows the messages and answers false. */
  check: (input: I) => boolean;
  /** Shows a failed parse of the shared schema as the server would (one message per field, `_form` above them). */
  showInvalid: (error: z.ZodError) => void;
  /** Sends `input` (checked first, when the form has a schema); the result's `message`, if any, becomes a toast. */
  submit: (input: I, callbacks?: ActionFormCallbacks<T, D>) => void;
  /** Sends without the schema check (e.g. a button that acts at once). */
  send: (input: I, callbacks?: ActionFormCallbacks<T, D>) => void;
  setFieldErrors: React.Dispatch<React.SetStateAction<FieldErrors>>;
  setFormError: (message: string | null) => void;
  /** Drops the messages of `paths` (the fields just edited). */
  clearFieldErrors: (...paths: string[]) => void;
}

/**
 * The client half of the server-action envelope (src/server/actions/run-action.ts): one place that validates with
 * the shared zod schema, sends, shows field and form errors, toasts the confirmation, and says "try again" when
 * the server could not be reached. Forms keep their own field state and layout.
 */
export function useActionForm<I, T = null, D = never>(
  action: (input: I) => Promise<ActionResult<T, D>>,
  options: { schema?: z.ZodType; toast?: boolean } & ActionFormCallbacks<T, D> = {},
): ActionForm<I, T, D> {
  const translateKey = useTranslateKey();
  const toast = useToast();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const showInvalid = (error: z.ZodError) => {
    const { _form: form, ...fields } = toFieldErrors(error);
    setFieldErrors(Object.fromEntries(Object.entries(fields).map(([path, keys]) => [path, keys.map((key) => translateKey(key))])));
    setFormError(form?.length ? form.map((key) => translateKey(key)).join(' ') : null);
  };

  const check = (input: I): boolean => {
    const parsed = options.schema?.safeParse(input);
    if (!parsed || parsed.success) return true;
    showInvalid(parsed.error);
    return false;
  };

  const send = (input: I, callbacks: ActionFormCallbacks<T, D> = {}) => {
    const { onSuccess, onFailure, onSettled, toast: showToast = true } = { ...options, ...callbacks };
    startTransition(async () => {
      let result: ActionResult<T, D>;
      try {
        result = await action(input);
      } catch {
        // The server was not reached (offline, deployed meanwhile): nothing typed is lost.
        const message = translateKey('errors.tryAgain');
        setFormError(message);
        onFailure?.({ ok: false, fieldErrors: {}, formError: message });
        onSettled?.();
        return;
      }
      if (result.ok) {
        setFieldErrors({});
        setFormError(null);
        if (showToast && result.message) toast(result.message);
        onSuccess?.(result);
      } else {
        setFieldErrors(result.fieldErrors);
        setFormError(result.formError ?? null);
        onFailure?.(result);
      }
      onSettled?.();
    });
  };

  const submit = (input: I, callbacks?: ActionFormCallbacks<T, D>) => {
    if (check(input)) send(input, callbacks);
  };

  const clearFieldErrors = (...paths: string[]) => {
    setFieldErrors((current) =>
      paths.some((path) => path in current)
        ? Object.fromEntries(Object.entries(current).filter(([path]) => !paths.includes(path)))
        : current,
    );
  };

  return { fieldErrors, formError, isPending, check, showInvalid, submit, send, setFieldErrors, setFormError, clearFieldErrors };
}
