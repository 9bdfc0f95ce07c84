'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { logCall, searchCallers, type CallerMatch } from '@/server/phone/call-log';
import type { CallLogInput } from '@/server/phone/call-log-schema';
import type { CallOutcomeInput } from '@/server/phone/callback-schemas';
import { recordCallOutcome } from '@/server/phone/callbacks';

/** /agent/telefon: saves one call attempt's outcome (the call panel). */
export async function recordCallOutcomeAction(input: CallOutcomeInput): Promise<ActionResult> {
  return runAction({
    name: 'recordCallOutcome',
    run: ({ principal }) => recordCallOutcome(principal, input),
    expected: (error, { t }) => ({ formError: t(`phone.errors.${error.kind}`), refresh: error.kind === 'already_done' }),
    success: (value, { t, locale }) => ({
      data: null,
      message: value.gaveUp
        ? t('phone.toast.gaveUp')
        : value.nextAt
          ? t('phone.toast.retry', {
              time: value.nextAt.toLocaleString(locale === 'pl' ? 'pl-PL' : 'en-GB', {
                timeZone: 'Europe/Warsaw',
                dateStyle: 'short',
                timeStyle: 'short',
              }),
            })
          : t('phone.toast.saved'),
    }),
  });
}

/** "Zarejestruj rozmowę": the caller search field (debounced by the dialog). Reads only: no page refresh. */
export async function searchCallersAction(query: string): Promise<ActionResult<CallerMatch[]>> {
  return runAction({
    name: 'searchCallers',
    run: ({ principal }) => searchCallers(principal, query),
    expected: (_error, { t }) => ({ formError: t('phone.errors.forbidden') }),
    refresh: false,
  });
}

export interface LoggedCallView {
  ticketNumber: number;
  displayNumber: string;
  createdTicket: boolean;
}

/** "Zarejestruj rozmowę": saves the call as a new ticket or an entry on the caller's open ticket. */
export async function logCallAction(input: CallLogInput): Promise<ActionResult<LoggedCallView>> {
  return runAction({
    name: 'logCall',
    run: ({ principal }) => logCall(principal, input),
    expected: (error, { t }) => ({ formError: t(`phone.errors.${error.kind}`) }),
    success: (value, { t }) => ({
      data: { ticketNumber: value.ticketNumber, displayNumber: value.displayNumber, createdTicket: value.createdTicket },
      message: t(value.createdTicket ? 'phone.log.savedNew' : 'phone.log.savedNote', { number: value.displayNumber }),
    }),
  });
}
