import { fillPlaceholders, type PlaceholderValues } from './placeholders';
import { formatTicketNumber } from '@/server/tickets/numbering';

/**
 * A canned response rendered for one ticket. Pure (no database): the server gathers the facts from the ticket
 * it has just authorised, so nothing the browser says ends up in the text.
 */
export interface CannedFacts {
  customer: { name: string | null; email: string };
  ticket: { number: number; subject: string };
  agent: { name: string | null } | null;
  company: { name: string } | null;
}

/** The first word of a person's name ("Anna" of "Anna Wiśniewska"); null when no name is known. */
export function firstName(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}

/**
 * Fallbacks: no first name → nothing (the greeting closes up: "Dzień dobry,"); no full name → the e-mail
 * address, since "{{klient.nazwa}}" usually stands where a person must be named; no company or agent name →
 * nothing.
 */
export function placeholderValues(facts: CannedFacts): PlaceholderValues {
  return {
    'klient.imie': firstName(facts.customer.name),
    'klient.nazwa': facts.customer.name?.trim() || facts.customer.email,
    'zgloszenie.numer': formatTicketNumber(facts.ticket.number),
    'zgloszenie.temat': facts.ticket.subject,
    'agent.imie': firstName(facts.agent?.name),
    'firma.nazwa': facts.company?.name ?? null,
  };
}

export function renderCanned(body: string, facts: CannedFacts): string {
  return fillPlaceholders(body, placeholderValues(facts));
}
