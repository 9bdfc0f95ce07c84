import { NextIntlClientProvider } from 'next-intl';
import type { ReactNode } from 'react';
import type { Catalogue } from './pick-messages';

/** A catalogue for a client component that loads on its own (src/i18n/island-messages.ts). */
export interface IslandIntl {
  locale: string;
  timeZone: string;
  messages: Catalogue;
}

/**
 * The catalogue provider of a client component loaded on demand (the contact form, the chat card, the callback
 * booking), imported only from inside that component's own chunk: a page that renders `NextIntlClientProvider`
 * itself loads next-intl's client code with its first scripts, used or not.
 */
export function IntlIsland({ intl, children }: { intl: IslandIntl; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={intl.locale} timeZone={intl.timeZone} messages={intl.messages}>
      {children}
    </NextIntlClientProvider>
  );
}
