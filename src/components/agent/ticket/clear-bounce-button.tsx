'use client';

import { useTranslations } from 'next-intl';
import { LoaderCircle, MailCheck } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { useActionForm } from '@/components/ui/use-action-form';
import { Button } from '@/components/ui/button';

/** Clears the reporter's hard-bounce mark after a confirmation: mail to them is sent again from now on. */
export function ClearBounceButton({
  action,
  email,
}: {
  /** The page's action, bound to the reporter. */ action: () => Promise<ActionResult>;
  email: string;
}) {
  const t = useTranslations('adminOutbox.bounce');
  const { formError: error, isPending: pending, send, setFormError } = useActionForm(action);

  function clear() {
    if (!window.confirm(t('confirm', { email }))) return;
    setFormError(null);
    send(undefined);
  }

  return (
    <div className="mt-2">
      <Button variant="secondary" className="h-9 px-3 text-xs" onClick={clear} disabled={pending}>
        {pending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <MailCheck aria-hidden="true" />}
        {t('clear')}
      </Button>
      {error ? (
        <p role="alert" className="mt-1.5 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
