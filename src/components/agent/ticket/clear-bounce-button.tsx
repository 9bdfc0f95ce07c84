'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { LoaderCircle, MailCheck } from 'lucide-react';
import { clearReporterBounce } from '@/app/(agent)/agent/(staff)/zgloszenia/[number]/actions';
import { useToast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';

/** Clears the reporter's hard-bounce mark after a confirmation: mail to them is sent again from now on. */
export function ClearBounceButton({ userId, email }: { userId: string; email: string }) {
  const t = useTranslations('adminOutbox.bounce');
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function clear() {
    if (!window.confirm(t('confirm', { email }))) return;
    setError(null);
    startTransition(async () => {
      const result = await clearReporterBounce(userId);
      if (result.ok) toast(result.message);
      else setError(result.message);
    });
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
