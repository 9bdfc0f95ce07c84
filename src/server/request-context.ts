import type { HeaderReader } from '@/server/http/plain';
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, LOCALE_COOKIE, type Locale } from '@/i18n/config';

function cookieLocale(headers: HeaderReader): Locale | null {
  const value = headers
    .get('cookie')
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return isLocale(value) ? value : null;
}

/** For requests from our own pages: the language switch's cookie, else Polish (as the pages themselves). */
export function pageLocale(headers: HeaderReader): Locale {
  return cookieLocale(headers) ?? DEFAULT_LOCALE;
}

/** For API clients, which have no switch: the cookie if any, then Accept-Language, then Polish. */
export function apiLocale(headers: HeaderReader): Locale {
  return cookieLocale(headers) ?? localeFromAcceptLanguage(headers.get('accept-language'));
}
