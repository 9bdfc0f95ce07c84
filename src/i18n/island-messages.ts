import { getLocale, getMessages, getTimeZone } from 'next-intl/server';
import type { IslandIntl } from './intl-island';
import { pickMessages, type Catalogue } from './pick-messages';

/**
 * The catalogue's `namespaces` as props, for a client component that brings its own provider (`IntlIsland`,
 * src/i18n/intl-island.tsx): the contact page's form, chat card and callback booking, whose code loads on demand.
 * Not in client-messages.tsx: a page that imports `NextIntlClientProvider` at all loads its client code, rendered or
 * not (Next loads every client component in a page's imports).
 */
export async function islandIntl(namespaces: readonly string[]): Promise<IslandIntl> {
  return {
    locale: await getLocale(),
    timeZone: await getTimeZone(),
    messages: pickMessages((await getMessages()) as Catalogue, namespaces),
  };
}
