'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { LoaderCircle, ShieldCheck } from 'lucide-react';
import { acceptUnverifiedReplyAction } from '@/app/(agent)/agent/(staff)/zgloszenia/[number]/unverified-reply-actions';
import { useToast } from '@/components/portal/toast';
import { Button } from '@/components/ui/button';

/** One click: the unverified e-mail reply becomes the reporter's public reply. */
export function AcceptReplyButton({ ticketNumber, messageId }: { ticketNumber: string; messageId: string }) {
  const t = useTranslations('agent.ticket.thread');
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function accept() {
    setError(null);
    startTransition(async () => {
      const result = await acceptUnverifiedReplyAction(ticketNumber, messageId);
      if (result.ok) toast(result.message);
      else setError(result.message);
    });
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
