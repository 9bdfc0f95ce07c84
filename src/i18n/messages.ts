import { createTranslator } from 'next-intl';
import pl from './messages/pl.json';
import en from './messages/en.json';
import type { Locale } from './config';

export const messages = { pl, en } as const;
export type Messages = typeof pl;

/** A translator for code outside React (API responses, e-mails, the worker). */
export function translator(locale: Locale) {
  return createTranslator({ locale, messages: messages[locale] });
}

/** Turns `errors.*` keys from the zod schemas into sentences in the given locale. */
export function translateFieldErrors(errors: Record<string, string[]>, locale: Locale): Record<string, string[]> {
  const t = createTranslator({ locale, messages: messages[locale] }) as unknown as (key: string) => string;
  return Object.fromEntries(Object.entries(errors).map(([field, keys]) => [field, keys.map((key) => t(key))]));
}
