import type { Tx } from '@/server/db/client';
import { enqueueEmails } from '@/server/mail/outbound/outbox';
import type { RenderedEmail } from '@/server/mail/outbound/templates';
import { toLocale, type Locale } from '@/i18n/config';
import { collaboratorsOf } from './collaborators';
import { ticketUrl } from './create';

export interface PublicRecipient {
  email: string;
  name: string | null;
  locale: Locale;
  /** Their own signed link to the ticket. */
  ticketUrl: string;
}

/**
 * A public e-mail about a ticket (an agent's reply, a status change) goes to its reporter and to everyone copied on
 * it, each in their own language, with their own ticket link, and (through the outbox's threading) their own reply
 * address, so whoever answers is recognised. One batch: two round trips however many people are copied.
 */
export async function mailReporterAndCollaborators(
  tx: Tx,
  input: {
    template: string;
    ticket: { id: string; number: number; reporter: { email: string; name: string | null; locale: string | null } };
    render: (recipient: PublicRecipient) => RenderedEmail;
  },
): Promise<void> {
  const { ticket } = input;
  const collaborators = await collaboratorsOf(tx, ticket.id);
  const recipients: PublicRecipient[] = [ticket.reporter, ...collaborators].map((person) => ({
    email: person.email,
    name: person.name,
    locale: toLocale(person.locale),
    ticketUrl: ticketUrl(ticket.id, ticket.number, person.email),
  }));
  await enqueueEmails(
    tx,
    recipients.map((recipient) => ({
      template: input.template,
      ticketId: ticket.id,
      to: { email: recipient.email, name: recipient.name },
      ...input.render(recipient),
    })),
  );
}
