'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { LoaderCircle, RotateCw } from 'lucide-react';
import { retryOutboundEmailAction } from '@/app/(agent)/agent/(staff)/admin/poczta/actions';
import { useToast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';

/**
 * "Wyślij ponownie" for a FAILED or SUPPRESSED e-mail: asks first (it really goes out, possibly to a customer),
 * then confirms with a toast; the page refreshes to show the row back in the queue.
 */
export function RetryButton({ id, subject, to, compact = false }: { id: string; subject: string; to: string; compact?: boolean }) {
  const t = useTranslations('adminOutbox.retry');
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function retry() {
    if (!window.confirm(t('confirm', { subject, to }))) return;
    setError(null);
    startTransition(async () => {
      const result = await retryOutboundEmailAction(id);
      if (result.ok) toast(result.message);
      else setError(result.message);
    });
  }

  return (
    <div className={cn('flex flex-col', compact ? 'items-start sm:items-end' : 'items-start')}>
      <Button variant="secondary" className={compact ? 'h-9 px-3 text-xs' : undefined} onClick={retry} disabled={pending}>
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
