'use server';

import { randomUUID } from 'node:crypto';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { retryOutboundEmail } from '@/server/admin/outbox';
import { outboundEmailIdSchema } from '@/server/admin/outbox-schemas';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { logger } from '@/server/logger';
import { isLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';

export type RetryActionResult = { ok: boolean; message: string };

/** The outbox page's "Wyślij ponownie": parse, authorise (admins only, in src/server/admin/outbox.ts), retry, refresh. */
export async function retryOutboundEmailAction(id: string): Promise<RetryActionResult> {
  const locale = await getLocale();
  const t = translator(isLocale(locale) ? locale : 'pl');
  try {
    const parsed = outboundEmailIdSchema.safeParse(id);
    if (!parsed.success) return { ok: false, message: t('adminOutbox.retry.notFound') };
    const result = await retryOutboundEmail(principalFrom({ viewer: await getViewer() }), parsed.data);
    if (result.ok) {
      refresh();
      return { ok: true, message: t('adminOutbox.retry.done') };
    }
    switch (result.error.kind) {
      case 'not_retryable':
        refresh();
        return { ok: false, message: t('adminOutbox.retry.notRetryable', { status: t(`adminOutbox.status.${result.error.status}`) }) };
      case 'recipient_bounced':
        return { ok: false, message: t('adminOutbox.retry.bounced') };
      case 'forbidden':
      case 'not_found':
        return { ok: false, message: t('adminOutbox.retry.notFound') };
    }
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action: 'retryOutboundEmail' }, 'admin outbox action failed');
    return { ok: false, message: `${t('adminOutbox.retry.failed')} (${requestId.slice(0, 8)})` };
  }
}
