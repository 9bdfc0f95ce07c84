'use client';

import type { ReactNode } from 'react';
import { LoaderCircle } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { useActionForm } from './use-action-form';
import { Button } from './button';

/**
 * A small secondary button that runs one bound server action at once (optionally after a confirmation), shows a
 * spinner while it runs, toasts the action's message and shows its error under the button.
 */
export function ActionButton({
  action,
  icon,
  label,
  ariaLabel,
  confirm,
}: {
  /** The page's action, bound to what it acts on. */
  action: () => Promise<ActionResult>;
  icon: ReactNode;
  label: string;
  /** A fuller name for screen readers when the visible label repeats in a list ("Usuń" → "Usuń wyjątek z …"). */
  ariaLabel?: string;
  /** Asked first with `window.confirm`; nothing is sent unless accepted. */
  confirm?: string;
}) {
  const { formError: error, isPending: pending, send, setFormError } = useActionForm(action);

  function run() {
    if (confirm && !window.confirm(confirm)) return;
    setFormError(null);
    send(undefined);
  }

  return (
    <div className="mt-2">
      <Button variant="secondary" size="sm" onClick={run} disabled={pending} aria-label={ariaLabel}>
        {pending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : icon}
        {label}
      </Button>
      {error ? (
        <p role="alert" className="mt-1.5 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
