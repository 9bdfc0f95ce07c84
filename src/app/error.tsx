'use client';

import { useSyncExternalStore } from 'react';
import { ErrorView } from '@/components/errors/error-view';
import { toLocale, type Locale } from '@/i18n/config';
import { ERROR_PAGE_TEXTS } from '@/i18n/error-page-texts';

const noChanges = () => () => undefined;
/** The page's language as the root layout set it (`<html lang>`). */
const pageLocale = (): Locale => toLocale(document.documentElement.lang);

/**
 * Any page that failed to render below the root layout. Its texts come from the checked copy of the catalogues'
 * `errorPage` (as global-error.tsx's do), not from a catalogue provider: the root layout provides none, so a page
 * whose client components have no texts of their own loads no next-intl client code.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = useSyncExternalStore(noChanges, pageLocale, () => 'pl' as const);
  return <ErrorView texts={ERROR_PAGE_TEXTS[locale]} digest={error.digest} onRetry={reset} />;
}
