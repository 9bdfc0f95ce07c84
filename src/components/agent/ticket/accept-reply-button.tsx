'use client';

import { useTranslations } from 'next-intl';
import { LoaderCircle, ShieldCheck } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { useActionForm } from '@/components/ui/use-action-form';
import { Button } from '@/components/ui/button';

/** One click: the unverified e-mail reply becomes the reporter's public reply. */
export function AcceptReplyButton({
  action,
}: {
  /** The page's action, bound to the ticket and the message. */ action: () => Promise<ActionResult>;
}) {
  const t = useTranslations('agent.ticket.thread');
  const { formError: error, isPending: pending, send, setFormError } = useActionForm(action);

  function accept() {
    setFormError(null);
    send(undefined);
  }

  return (
    <div className="mt-3">
      <Button variant="secondary" className="h-9 px-3 text-xs" onClick={accept} disabled={pending}>
        {pending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <ShieldCheck aria-hidden="true" />}
        {t('accept')}
      </Button>
      {error ? (
        <p role="alert" className="mt-1.5 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
