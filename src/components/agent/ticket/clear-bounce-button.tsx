'use client';

import { useTranslations } from 'next-intl';
import { MailCheck } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { ActionButton } from '@/components/ui/action-button';

/** Clears the reporter's hard-bounce mark after a confirmation: mail to them is sent again from now on. */
export function ClearBounceButton({
  action,
  email,
}: {
  /** The page's action, bound to the reporter. */ action: () => Promise<ActionResult>;
  email: string;
}) {
  const t = useTranslations('adminOutbox.bounce');
  return <ActionButton action={action} icon={<MailCheck aria-hidden="true" />} label={t('clear')} confirm={t('confirm', { email })} />;
}
