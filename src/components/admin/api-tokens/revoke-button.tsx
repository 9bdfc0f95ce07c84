'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { Ban, LoaderCircle } from 'lucide-react';
import { revokeApiTokenAction } from '@/app/(agent)/agent/(staff)/admin/tokeny-api/actions';
import { useToast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';

/** "Odwołaj" asks first (a revoked token cannot come back); the answer is a toast, or an error beside it. */
export function RevokeButton({ tokenId, name }: { tokenId: string; name: string }) {
  const t = useTranslations('adminApiTokens.revoke');
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const revoke = () =>
    startTransition(async () => {
      try {
        const result = await revokeApiTokenAction(tokenId);
        if (result.ok) {
          toast(result.message);
          setConfirming(false);
          setError(null);
        } else {
          setError(result.message);
        }
      } catch {
        setError(t('failed'));
      }
    });

  if (!confirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)} aria-label={t('openLabel', { name })} className="-ml-4 self-start sm:ml-0">
        <Ban aria-hidden="true" />
        {t('open')}
      </Button>
    );
  }
  return (
    <div role="group" aria-label={t('confirmLabel', { name })} className="flex flex-col items-stretch gap-2 rounded-lg bg-red-50 p-2 ring-1 ring-red-200 sm:items-end">
      <p className="px-1 text-sm text-red-900">{t('question')}</p>
      <div className="flex flex-wrap gap-2 sm:justify-end">
        {/* Focus lands on the safe choice. */}
        <Button variant="ghost" autoFocus onClick={() => setConfirming(false)}>
          {t('cancel')}
        </Button>
        <Button className="bg-red-600 text-white hover:bg-red-700 hover:text-white" disabled={isPending} onClick={revoke}>
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
