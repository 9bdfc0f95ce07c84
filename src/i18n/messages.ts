import { createTranslator } from 'next-intl';
import pl from './messages/pl.json';
import en from './messages/en.json';
import type { Locale } from './config';

export const messages = { pl, en } as const;
export type Messages = typeof pl;

function createFor(locale: Locale) {
  return createTranslator({ locale, messages: messages[locale] });
}

/**
 * A translator for code outside React (API responses, e-mails, the worker). One per locale for the life of the
 * process: the messages are static, and a fresh translator re-parses every message it formats.
 */
export function translator(locale: Locale): ReturnType<typeof createFor> {
  let t = translators.get(locale);
  if (!t) {
    t = createFor(locale);
    translators.set(locale, t);
  }
  return t;
}

const translators = new Map<Locale, ReturnType<typeof createFor>>();

/** Turns `errors.*` keys from the zod schemas into sentences in the given locale. */
export function translateFieldErrors(errors: Record<string, string[]>, locale: Locale): Record<string, string[]> {
  const t = translator(locale) as unknown as (key: string) => string;
  return Object.fromEntries(Object.entries(errors).map(([field, keys]) => [field, keys.map((key) => t(key))]));
}
