export const LOCALES = ['pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'pl';
export const LOCALE_COOKIE = 'NEXT_LOCALE';
/** Set by src/proxy.ts for the chat widget's page only, from its ?lang= (the iframe has no cookie of ours). */
export const PAGE_LOCALE_HEADER = 'x-vouchie-page-locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The locale `value` names, else the default (Polish): for cookies, headers, next-intl's `getLocale()`, stored user settings. */
export function toLocale(value: unknown): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** Picks pl or en from an Accept-Language header; Polish unless English is preferred over it. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => isLocale(entry.lang))
    .sort((a, b) => b.q - a.q);
  const best = ranked[0]?.lang;
  return toLocale(best);
}
