'use client';

import { useSyncExternalStore } from 'react';
import { ErrorView } from '@/components/errors/error-view';
import { LOCALE_COOKIE, toLocale, type Locale } from '@/i18n/config';
import { ERROR_PAGE_TEXTS } from '@/i18n/error-page-texts';
import './globals.css';

const noChanges = () => () => undefined;

function chosenLocale(): Locale {
  const chosen = document.cookie
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return toLocale(chosen);
}

/**
 * The last resort, when the root layout itself failed: no catalogue provider is left, so the texts come from
 * a checked copy of the catalogues' `errorPage` (importing the catalogues here would ship both whole to every page),
 * Polish first and English for those who chose it (the language switch's cookie).
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = useSyncExternalStore(noChanges, chosenLocale, () => 'pl' as const);
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">
        <ErrorView texts={ERROR_PAGE_TEXTS[locale]} digest={error.digest} onRetry={reset} />
      </body>
    </html>
  );
}
