'use client';

import { useTranslations } from 'next-intl';
import { BookPlus } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { ActionButton } from '@/components/ui/action-button';

/** "Zapisz jako artykuł" under an agent's reply: a knowledge-base draft from it, opened in the editor. */
export function SaveAsArticleButton({ action }: { action: () => Promise<ActionResult> }) {
  const t = useTranslations('adminKb.fromReply');
  return <ActionButton action={action} icon={<BookPlus aria-hidden="true" />} label={t('button')} />;
}
