'use server';

import { randomUUID } from 'node:crypto';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { saveCategorySettings } from '@/server/categories/settings';
import type { CategorySettingInput } from '@/server/categories/schema';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { logger } from '@/server/logger';
import { isLocale } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';

export type AdminFormResult = { ok: true } | { ok: false; fieldErrors: Record<string, string[]>; formError?: string };

export async function saveCategories(input: CategorySettingInput[]): Promise<AdminFormResult> {
  const raw = await getLocale();
  const locale = isLocale(raw) ? raw : 'pl';
  const t = translator(locale);
  try {
    const result = await saveCategorySettings(principalFrom({ viewer: await getViewer() }), input);
    if (result.ok) {
      refresh();
      return { ok: true };
    }
    if (result.error.kind === 'forbidden') return { ok: false, fieldErrors: {}, formError: t('adminCategories.errors.forbidden') };
    const { _form: form, ...fieldErrors } = translateFieldErrors(result.error.fieldErrors, locale);
    return { ok: false, fieldErrors, formError: form?.join(' ') };
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId }, 'saving category settings failed');
    return { ok: false, fieldErrors: {}, formError: `${t('adminCategories.errors.tryAgain')} (${requestId.slice(0, 8)})` };
  }
}
