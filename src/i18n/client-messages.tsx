import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';

import { pickMessages, type Catalogue } from './pick-messages';

/**
 * The catalogue for the client components below: the whole of it (the agent workspace, the portal's sections, the
 * chat widget), or only the namespaces a page's client components use. The root layout provides none; a nested
 * provider replaces its parent's messages, it does not add to them. Every message sent rides in the page's HTML (the
 * whole catalogue is ≈ 29 kB gzip), so a page that needs little asks for little.
 */
export async function ClientMessages({ namespaces, children }: { namespaces?: readonly string[]; children: React.ReactNode }) {
  const messages = (await getMessages()) as Catalogue;
  return <NextIntlClientProvider messages={namespaces ? pickMessages(messages, namespaces) : messages}>{children}</NextIntlClientProvider>;
}
