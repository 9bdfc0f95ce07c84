import { isLocale, localeFromAcceptLanguage, LOCALE_COOKIE, type Locale } from '@/i18n/config';

/** The locale a request asked for: the language switch's cookie first, then Accept-Language. */
export function requestLocale(headers: Headers): Locale {
  const cookie = headers
    .get('cookie')
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return isLocale(cookie) ? cookie : localeFromAcceptLanguage(headers.get('accept-language'));
}
