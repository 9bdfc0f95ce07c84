'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { addCollaborator, removeCollaborator } from '@/server/tickets/collaborators';
import { mergeTickets } from '@/server/tickets/merge';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { err } from '@/server/result';

/** "Połącz z innym zgłoszeniem" on the agent ticket page (src/server/tickets/merge.ts). */
export async function mergeTicketInto(ticketNumber: string, input: { target: string }): Promise<ActionResult<{ target: string }>> {
  return runAction({
    name: 'mergeTickets',
    run: async ({ principal }) => {
      const number = parseTicketNumber(ticketNumber);
      if (number === null) return err({ kind: 'not_found' as const });
      return mergeTickets({ principal, sourceNumber: number, target: input.target });
    },
    expected: (error, { t }) =>
      error.kind === 'not_mergeable'
        ? { fieldErrors: { target: [t(`agentsWork.merge.errors.${error.reason}`)] } }
        : { formError: t('agent.ticket.errors.notFound') },
    success: (merged, { t }) => ({
      data: { target: merged.targetNumber },
      message: t('agentsWork.merge.done', { target: merged.targetNumber }),
    }),
  });
}

/** The "Osoby w kopii" card: add someone to the ticket's CC (src/server/tickets/collaborators.ts). */
export async function addTicketCollaborator(ticketNumber: string, input: { email: string }): Promise<ActionResult> {
  return runAction({
    name: 'addCollaborator',
    run: async ({ principal }) => {
      const number = parseTicketNumber(ticketNumber);
      if (number === null) return err({ kind: 'not_found' as const });
      return addCollaborator({ principal, number, email: input.email });
    },
    expected: (_error, { t }) => ({ formError: t('agent.ticket.errors.notFound') }),
    success: (_value, { t }) => ({ data: null, message: t('agentsWork.cc.added') }),
  });
}

export async function removeTicketCollaborator(ticketNumber: string, email: string): Promise<ActionResult> {
  return runAction({
    name: 'removeCollaborator',
    run: async ({ principal }) => {
      const number = parseTicketNumber(ticketNumber);
      if (number === null) return err({ kind: 'not_found' as const });
      return removeCollaborator({ principal, number, email });
    },
    expected: (_error, { t }) => ({ formError: t('agent.ticket.errors.notFound') }),
    success: (_value, { t }) => ({ data: null, message: t('agentsWork.cc.removed') }),
  });
}
