'use client';

import { useTranslations } from 'next-intl';
import { LoaderCircle, RotateCw } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { useActionForm } from '@/components/ui/use-action-form';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';

/**
 * "Wyślij ponownie" for a FAILED or SUPPRESSED e-mail: asks first (it really goes out, possibly to a customer),
 * then confirms with a toast; the page refreshes to show the row back in the queue.
 */
export function RetryButton({
  action,
  id,
  subject,
  to,
  compact = false,
}: {
  action: (id: string) => Promise<ActionResult>;
  id: string;
  subject: string;
  to: string;
  compact?: boolean;
}) {
  const t = useTranslations('adminOutbox.retry');
  const { formError: error, isPending: pending, send, setFormError } = useActionForm(action);

  function retry() {
    if (!window.confirm(t('confirm', { subject, to }))) return;
    setFormError(null);
    send(id);
  }

  return (
    <div className={cn('flex flex-col', compact ? 'items-start sm:items-end' : 'items-start')}>
      <Button variant="secondary" size={compact ? 'sm' : 'md'} onClick={retry} disabled={pending}>
        {pending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <RotateCw aria-hidden="true" />}
        {t('button')}
      </Button>
      {error ? (
        <p role="alert" className="mt-1.5 max-w-xs text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
