'use client';

import dynamic from 'next/dynamic';
import { useCallback, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { IntlIsland, type IslandIntl } from '@/i18n/intl-island';
import { ContactForm, type ContactFormProps } from './contact-form';

/** The knowledge base's suggestions (src/components/kb/contact-suggestions.tsx), loaded once something is typed. */
const ContactSuggestions = dynamic(() => import('@/components/kb/contact-suggestions').then((module) => module.ContactSuggestions), {
  ssr: false,
});

export type ContactFormWithSuggestionsProps = Omit<ContactFormProps, 'onDescriptionChange' | 'suggestions'>;

/** The contact form with the knowledge base's suggestions under its subject. */
export function ContactFormWithSuggestions(props: ContactFormWithSuggestionsProps) {
  const [text, setText] = useState('');
  const onDescriptionChange = useCallback((value: string) => setText(value), []);
  return (
    <ContactForm
      {...props}
      onDescriptionChange={onDescriptionChange}
      suggestions={text.trim() ? <ContactSuggestions text={text} /> : null}
    />
  );
}

export interface ContactFormEntryProps extends ContactFormWithSuggestionsProps {
  /** The catalogue's namespaces the form reads (CONTACT_FORM_NAMESPACES), in the page's language. */
  intl: IslandIntl;
}

/**
 * What deferred-contact-form.tsx loads on first use: the form with its own catalogue provider, so that next-intl's
 * client code comes with the form instead of with the page.
 */
export function ContactFormEntry({ intl, ...props }: ContactFormEntryProps) {
  return (
    <IntlIsland intl={intl}>
      <ContactFormWithSuggestions {...props} />
    </IntlIsland>
  );
}

export interface ContactFormIsland {
  render: (props: ContactFormEntryProps) => void;
  unmount: () => void;
}

/**
 * The form as a React root of its own in `container` (deferred-contact-form.tsx): adopting the server's HTML there
 * (hydration), or rendering afresh when there is none. Here rather than in deferred-contact-form.tsx, which loads with
 * the page: importing react-dom/client there changed how the framework's own code is split into chunks, for every page.
 */
export function mountContactForm(container: HTMLElement, props: ContactFormEntryProps): ContactFormIsland {
  const element = <ContactFormEntry {...props} />;
  if (container.firstChild === null) {
    const fresh = createRoot(container);
    fresh.render(element);
    return { render: (next) => fresh.render(<ContactFormEntry {...next} />), unmount: () => fresh.unmount() };
  }
  // Hydrated at once, in this task: the early listeners are gone by now (deferred-contact-form.tsx), and React drops
  // an event whose target a hydration still in progress has already reached (its fiber is not mounted yet), so
  // an Enter pressed in a field mid-way through a hydration left to the scheduler was submitted by the browser
  // itself, reloading the page with everything typed lost. The form renders nothing that suspends here.
  const root = flushSync(() => hydrateRoot(container, element));
  return { render: (next) => root.render(<ContactFormEntry {...next} />), unmount: () => root.unmount() };
}
