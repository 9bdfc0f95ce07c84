import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { isLocale, localeFromAcceptLanguage, LOCALE_COOKIE } from './config';
import { messages } from './messages';

export default getRequestConfig(async () => {
  const cookieLocale = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(cookieLocale) ? cookieLocale : localeFromAcceptLanguage((await headers()).get('accept-language'));
  return { locale, messages: messages[locale], timeZone: 'Europe/Warsaw' };
});
