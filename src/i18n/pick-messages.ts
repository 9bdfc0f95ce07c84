/** Picking catalogue namespaces for a client provider (src/i18n/client-messages.tsx); no React, no server imports. */

export type Catalogue = Record<string, unknown>;

/** The parts of `messages` at the dotted `paths` (`'kb.suggestions'` keeps `{ kb: { suggestions } }`). */
export function pickMessages(messages: Catalogue, paths: readonly string[]): Catalogue {
  const out: Catalogue = {};
  for (const path of paths) {
    const keys = path.split('.');
    let from: unknown = messages;
    for (const key of keys) from = from && typeof from === 'object' ? (from as Catalogue)[key] : undefined;
    if (from === undefined) continue;
    let into = out;
    for (const key of keys.slice(0, -1)) {
      const next = into[key];
      into = (into[key] = next && typeof next === 'object' ? next : {}) as Catalogue;
    }
    into[keys[keys.length - 1] as string] = from;
  }
  return out;
}

/**
 * The namespaces the contact form reads (the form, its editors and pickers, the uploader and recorder, the privacy
 * notice, the KB suggestions, the confirmation): they come with the form's props (deferred-contact-form.tsx) and
 * ride in the contact page's HTML.
 */
export const CONTACT_FORM_NAMESPACES = ['common', 'errors', 'ticketForm', 'kb.suggestions', 'rodo.contactNotice'] as const;

/**
 * The namespaces of the contact page's other client components, shown to signed-in customers only (the chat card and
 * the customer chat with its rating, the phone card's callback booking): their provider is there only for them.
 * tests/unit/client-messages.test.ts checks that every `useTranslations('…')` of both groups is covered.
 */
export const CONTACT_CHANNEL_NAMESPACES = [
  'common',
  'errors',
  'contact',
  'contactHours',
  'phone',
  'callbackBooking',
  'chat',
  'portal.toast',
  'portal.rating',
  'ticket.customerStatus',
] as const;
