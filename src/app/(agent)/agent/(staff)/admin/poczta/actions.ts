'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { retryOutboundEmail } from '@/server/admin/outbox';
import { outboundEmailIdSchema } from '@/server/admin/outbox-schemas';
import { err } from '@/server/result';

/** The outbox page's "Wyślij ponownie": parse, authorise (admins only, in src/server/admin/outbox.ts), retry, refresh. */
export async function retryOutboundEmailAction(id: string): Promise<ActionResult> {
  return runAction({
    name: 'retryOutboundEmail',
    run: async ({ principal }) => {
      const parsed = outboundEmailIdSchema.safeParse(id);
      return parsed.success ? retryOutboundEmail(principal, parsed.data) : err({ kind: 'not_found' as const });
    },
    expected: (error, { t }) => {
      switch (error.kind) {
        case 'not_retryable':
          // Someone else sent or retried it meanwhile: show its current state.
          return { formError: t('adminOutbox.retry.notRetryable', { status: t(`adminOutbox.status.${error.status}`) }), refresh: true };
        case 'recipient_bounced':
          return { formError: t('adminOutbox.retry.bounced') };
        case 'forbidden':
        case 'not_found':
          return { formError: t('adminOutbox.retry.notFound') };
      }
    },
    success: (_value, { t }) => ({ data: null, message: t('adminOutbox.retry.done') }),
  });
}
