'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { parseQueueQuery } from '@/server/agent/views';
import { bulkUpdateTickets, ticketNumbersMatching, type BulkChange } from '@/server/tickets/bulk';
import { err } from '@/server/result';

/** What the queue's bulk bar selected: ticket numbers, or every ticket matching the queue's query string. */
export type BulkSelection = { numbers: string[] } | { matching: string };

/** The queue's bulk bar: one change applied to each selected ticket (src/server/tickets/bulk.ts). */
export async function applyBulkChange(selection: BulkSelection, change: BulkChange): Promise<ActionResult<{ changed: number }>> {
  return runAction({
    name: 'bulkChange',
    run: async ({ principal }) => {
      const numbers =
        'matching' in selection
          ? await ticketNumbersMatching(principal, parseQueueQuery(new URLSearchParams(String(selection.matching))))
          : selection.numbers;
      if (!numbers.length) return err({ kind: 'invalid' as const, fieldErrors: { _form: ['agentsWork.bulk.errors.nothing'] } });
      return bulkUpdateTickets({ principal, numbers, change });
    },
    expected: (_error, { t }) => ({ formError: t('agentsWork.bulk.errors.nothing') }),
    success: (outcome, { t }) => {
      const skipped = outcome.unchanged.length + outcome.refused.length;
      const done = t('agentsWork.bulk.done', { changed: outcome.changed.length });
      return {
        data: { changed: outcome.changed.length },
        message: skipped ? `${done} · ${t('agentsWork.bulk.skipped', { count: skipped })}` : done,
      };
    },
  });
}
