'use client';

import { useTranslations } from 'next-intl';
import { ErrorView } from '@/components/errors/error-view';

/** Any page that failed to render below the root layout (which still provides the catalogue). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errorPage');
  const texts = {
    title: t('title'),
    body: t('body'),
    unavailableTitle: t('unavailableTitle'),
    unavailableBody: t('unavailableBody'),
    reference: t.raw('reference') as string,
    retry: t('retry'),
    home: t('home'),
  };
  return <ErrorView texts={texts} digest={error.digest} onRetry={reset} />;
}
