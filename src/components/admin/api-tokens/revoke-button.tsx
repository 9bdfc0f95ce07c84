'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Ban, LoaderCircle } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { useActionForm } from '@/components/ui/use-action-form';
import { Button } from '@/components/ui/button';

/** "Odwołaj" asks first (a revoked token cannot come back); the answer is a toast, or an error beside it. */
export function RevokeButton({
  action,
  tokenId,
  name,
}: {
  action: (tokenId: string) => Promise<ActionResult>;
  tokenId: string;
  name: string;
}) {
  const t = useTranslations('adminApiTokens.revoke');
  const [confirming, setConfirming] = useState(false);
  const { formError: error, isPending, send } = useActionForm(action);

  const revoke = () => send(tokenId, { onSuccess: () => setConfirming(false) });

  if (!confirming) {
    return (
      <Button
        variant="danger"
        onClick={() => setConfirming(true)}
        aria-label={t('openLabel', { name })}
        className="-ml-4 self-start sm:ml-0"
      >
        <Ban aria-hidden="true" />
        {t('open')}
      </Button>
    );
  }
  return (
    <div
      role="group"
      aria-label={t('confirmLabel', { name })}
      className="flex flex-col items-stretch gap-2 rounded-lg bg-red-50 p-2 ring-1 ring-red-200 sm:items-end"
    >
      <p className="px-1 text-sm text-red-900">{t('question')}</p>
      <div className="flex flex-wrap gap-2 sm:justify-end">
        {/* Focus lands on the safe choice. */}
        <Button variant="ghost" autoFocus onClick={() => setConfirming(false)}>
          {t('cancel')}
        </Button>
        <Button variant="destructive" disabled={isPending} onClick={revoke}>
          {isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Ban aria-hidden="true" />}
          {t('confirm')}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="px-1 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
