'use client';

import { useSyncExternalStore } from 'react';
import { ErrorView } from '@/components/errors/error-view';
import { LOCALE_COOKIE, toLocale, type Locale } from '@/i18n/config';
import pl from '@/i18n/messages/pl.json';
import en from '@/i18n/messages/en.json';
import './globals.css';

const TEXTS = { pl: pl.errorPage, en: en.errorPage } as const;

const noChanges = () => () => undefined;

function chosenLocale(): Locale {
  const chosen = document.cookie
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return toLocale(chosen);
}

/**
 * The last resort, when the root layout itself failed: no catalogue provider is left, so the texts come straight
 * from the catalogues, Polish first and English for those who chose it (the language switch's cookie).
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = useSyncExternalStore(noChanges, chosenLocale, () => 'pl' as const);
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">
        <ErrorView texts={TEXTS[locale]} digest={error.digest} onRetry={reset} />
      </body>
    </html>
  );
}
