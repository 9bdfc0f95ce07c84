'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import type { SavedPhone } from '@/server/phone/call-log-schema';
import { setContactPhone } from '@/server/phone/contact-phone';
import { queueDataExport, type QueueExportError } from '@/server/privacy/export-jobs';

/** "Moje dane": an export too large to download at once is built in the background and its link e-mailed. */
export async function queueOwnExportAction(): Promise<ActionResult> {
  return runAction({
    name: 'privacyQueueOwnExport',
    run: ({ principal }) => queueDataExport(principal, { scope: 'self' }),
    expected: (error: Exclude<QueueExportError, { kind: 'invalid' }>, { t }) => ({ formError: t(`rodo.errors.${error.kind}`) }),
    success: (_value, { t }) => ({ data: null, message: t('rodo.toast.ownExportQueued') }),
  });
}

/** "Moje dane": the customer's own phone number, which the team's phone system recognises them by. */
export async function setOwnPhoneAction(input: { phone: string }): Promise<ActionResult<SavedPhone>> {
  return runAction({
    name: 'setOwnPhone',
    // No user id: only the signed-in person's own number can be set here.
    run: ({ principal }) => setContactPhone(principal, { phone: input.phone }),
    expected: (_error, { t }) => ({ formError: t('errors.tryAgain') }),
    success: (value, { t }) => ({ data: value, message: t(value.phone ? 'phone.contactPhone.saved' : 'phone.contactPhone.removed') }),
    refresh: false,
  });
}
