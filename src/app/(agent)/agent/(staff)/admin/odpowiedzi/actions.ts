'use server';

import { randomUUID } from 'node:crypto';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { deleteCannedResponse, saveCannedResponse, setCannedResponseActive, type CannedError } from '@/server/canned/responses';
import type { CannedResponseInput } from '@/server/canned/schemas';
import { logger } from '@/server/logger';
import type { Result } from '@/server/result';
import { isLocale, type Locale } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';

export type CannedActionResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string[]>; formError?: string };

async function run(action: string, work: () => Promise<Result<{ id: string }, CannedError>>): Promise<CannedActionResult> {
  const raw = await getLocale();
  const locale: Locale = isLocale(raw) ? raw : 'pl';
  const t = translator(locale);
  try {
    const result = await work();
    if (result.ok) {
      refresh();
      return { ok: true, id: result.value.id };
    }
    const error = result.error;
    switch (error.kind) {
      case 'forbidden':
        return { ok: false, fieldErrors: {}, formError: t('adminCanned.errors.forbidden') };
      case 'not_found':
        return { ok: false, fieldErrors: {}, formError: t('adminCanned.errors.notFound') };
      case 'invalid':
        return { ok: false, fieldErrors: translateFieldErrors(error.fieldErrors, locale) };
      case 'unknown_placeholders':
        return {
          ok: false,
          fieldErrors: { body: [t('adminCanned.errors.unknownPlaceholders', { count: error.names.length, names: error.names.map((n) => `{{${n}}}`).join(', ') })] },
        };
    }
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action }, 'canned response action failed');
    return { ok: false, fieldErrors: {}, formError: `${t('adminCanned.errors.tryAgain')} (${requestId.slice(0, 8)})` };
  }
}

const principal = async () => principalFrom({ viewer: await getViewer() });

export async function saveCanned(id: string | null, input: CannedResponseInput): Promise<CannedActionResult> {
  return run('saveCanned', async () => saveCannedResponse(await principal(), id, input));
}

export async function setCannedActive(id: string, active: boolean): Promise<CannedActionResult> {
  return run('setCannedActive', async () => setCannedResponseActive(await principal(), id, active));
}

export async function deleteCanned(id: string): Promise<CannedActionResult> {
  return run('deleteCanned', async () => deleteCannedResponse(await principal(), id));
}
