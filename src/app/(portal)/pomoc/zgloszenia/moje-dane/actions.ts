'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
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
