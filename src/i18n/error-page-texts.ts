import type { Locale } from './config';

/**
 * The catalogues' `errorPage` texts, for src/app/error.tsx and src/app/global-error.tsx: no catalogue provider is
 * above them (the root layout has none, and global-error renders when the root layout itself failed), and importing
 * pl.json and en.json there put both whole catalogues (≈ 60 kB gzip) into every page's JavaScript. A copy, kept equal to messages/*.json by tests/unit/error-page-texts.test.ts: edit
 * the catalogues first, then this file.
 */
export const ERROR_PAGE_TEXTS = {
  pl: {
    title: 'Coś poszło nie tak',
    body: 'Nie udało się wyświetlić tej strony. Spróbuj ponownie za chwilę. Jeśli problem się powtarza, podaj nam identyfikator zdarzenia.',
    unavailableTitle: 'Usługa jest chwilowo niedostępna',
    unavailableBody: 'Pracujemy nad tym. Spróbuj ponownie za kilka sekund — nic, co zostało już zapisane, nie przepadnie.',
    reference: 'Identyfikator zdarzenia: {id}',
    retry: 'Spróbuj ponownie',
    home: 'Przejdź do formularza kontaktowego',
  },
  en: {
    title: 'Something went wrong',
    body: 'This page could not be shown. Please try again in a moment. If it keeps happening, give us the reference below.',
    unavailableTitle: 'The service is temporarily unavailable',
    unavailableBody: 'We are on it. Please try again in a few seconds — nothing already saved has been lost.',
    reference: 'Reference: {id}',
    retry: 'Try again',
    home: 'Go to the contact form',
  },
} as const satisfies Record<Locale, Record<string, string>>;
