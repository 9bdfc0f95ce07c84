import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, toLocale } from './config';
import { messages } from './messages';

/**
 * Pages speak Polish unless the person chose English with the language switch (a cookie). The browser's
 * Accept-Language is not enough: many Polish merchants run English-language browsers. (The REST API, which
 * has no switch, does follow Accept-Language.)
 */
export default getRequestConfig(async () => {
  const cookieLocale = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = toLocale(cookieLocale);
  return { locale, messages: messages[locale], timeZone: 'Europe/Warsaw' };
});
