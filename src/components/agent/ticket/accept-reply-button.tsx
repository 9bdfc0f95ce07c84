'use client';

import { useTranslations } from 'next-intl';
import { ShieldCheck } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { ActionButton } from '@/components/ui/action-button';

/** One click: the unverified e-mail reply becomes the reporter's public reply. */
export function AcceptReplyButton({
  action,
}: {
  /** The page's action, bound to the ticket and the message. */ action: () => Promise<ActionResult>;
}) {
  const t = useTranslations('agent.ticket.thread');
  return <ActionButton action={action} icon={<ShieldCheck aria-hidden="true" />} label={t('accept')} />;
}
