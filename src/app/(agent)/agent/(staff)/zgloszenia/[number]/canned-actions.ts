'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { cannedResponsesForTicket, insertCannedResponse, type PickerItem } from '@/server/canned/responses';
import { articleLinksForTicket, type ArticleLink } from '@/server/kb/links';
import { err } from '@/server/result';
import { parseTicketNumber } from '@/server/tickets/numbering';

/**
 * The composer's canned-response picker: the list for this ticket, one response rendered for it, and the knowledge
 * base articles it can link to. The
 * browser sends only the ticket number and the response's id; every value filled in comes from the database.
 * A refusal carries no message: the picker says "could not load / insert" itself.
 */

export async function cannedForTicket(ticketNumber: string): Promise<ActionResult<PickerItem[]>> {
  return runAction({
    name: 'listCannedForTicket',
    run: async ({ principal }) => {
      const number = parseTicketNumber(ticketNumber);
      return number === null ? err({ kind: 'not_found' as const }) : cannedResponsesForTicket(principal, number);
    },
    expected: () => ({}),
    refresh: false,
  });
}

export async function renderCannedForTicket(ticketNumber: string, responseId: string): Promise<ActionResult<string>> {
  return runAction({
    name: 'renderCannedForTicket',
    run: async ({ principal }) => {
      const number = parseTicketNumber(ticketNumber);
      return number === null ? err({ kind: 'not_found' as const }) : insertCannedResponse(principal, number, responseId);
    },
    expected: () => ({}),
    success: ({ text }) => ({ data: text }),
    // Counting a use only ranks the list; the page has nothing new to show.
    refresh: false,
  });
}

/** The picker's "Artykuły bazy wiedzy": published articles whose title matches `query`, as links for this ticket. */
export async function articleLinksForTicketAction(ticketNumber: string, query: string): Promise<ActionResult<ArticleLink[]>> {
  return runAction({
    name: 'articleLinksForTicket',
    run: async ({ principal }) => {
      const number = parseTicketNumber(ticketNumber);
      return number === null
        ? err({ kind: 'not_found' as const })
        : articleLinksForTicket(principal, number, typeof query === 'string' ? query : '');
    },
    expected: () => ({}),
    refresh: false,
  });
}
