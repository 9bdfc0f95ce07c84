'use server';

import { randomUUID } from 'node:crypto';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { resetSlaPolicy, saveSlaPolicy, type SlaAdminError } from '@/server/sla/policies';
import type { SlaPolicyInput } from '@/server/sla/schema';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { logger } from '@/server/logger';
import type { Result } from '@/server/result';
import { isLocale } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';

export type SlaFormResult = { ok: true } | { ok: false; fieldErrors: Record<string, string[]>; formError?: string };

async function run(action: string, work: () => Promise<Result<unknown, SlaAdminError>>): Promise<SlaFormResult> {
  const raw = await getLocale();
  const locale = isLocale(raw) ? raw : 'pl';
  const t = translator(locale);
  try {
    const result = await work();
    if (result.ok) {
      refresh();
      return { ok: true };
    }
    if (result.error.kind === 'forbidden') return { ok: false, fieldErrors: {}, formError: t('adminCategories.errors.forbidden') };
    return { ok: false, fieldErrors: translateFieldErrors(result.error.fieldErrors, locale) };
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action }, 'SLA admin action failed');
    return { ok: false, fieldErrors: {}, formError: `${t('adminSla.errors.tryAgain')} (${requestId.slice(0, 8)})` };
  }
}

export async function saveSlaTargets(input: SlaPolicyInput): Promise<SlaFormResult> {
  return run('saveSla', async () => saveSlaPolicy(principalFrom({ viewer: await getViewer() }), input));
}

export async function resetSlaTargets(plan: string): Promise<SlaFormResult> {
  return run('resetSla', async () => resetSlaPolicy(principalFrom({ viewer: await getViewer() }), plan));
}
