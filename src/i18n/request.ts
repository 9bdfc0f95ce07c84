import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, PAGE_LOCALE_HEADER, toLocale } from './config';
import { messages } from './messages';

/**
 * Pages speak Polish unless the person chose English with the language switch (a cookie). The browser's
 * Accept-Language is not enough: many Polish merchants run English-language browsers. (The REST API, which
 * has no switch, does follow Accept-Language.)
 */
export default getRequestConfig(async () => {
  // The chat widget's page lives in an iframe on another site, where our cookie is not sent: its loader passes the
  // host page's language (?lang=), which src/proxy.ts hands over in this header (a language choice, nothing more).
  const framed = (await headers()).get(PAGE_LOCALE_HEADER);
  const cookieLocale = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = toLocale(framed ?? cookieLocale);
  return { locale, messages: messages[locale], timeZone: 'Europe/Warsaw' };
});
