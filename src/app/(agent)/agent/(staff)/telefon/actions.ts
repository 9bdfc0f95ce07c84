'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
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
