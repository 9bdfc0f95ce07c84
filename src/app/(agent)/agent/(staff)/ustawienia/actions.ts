'use server';

import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { updateOwnSettings } from '@/server/admin/team';
import type { OwnSettingsInput } from '@/server/admin/team-schemas';
import { logger } from '@/server/logger';
import { isLocale, LOCALE_COOKIE } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';

export type OwnSettingsResult = { ok: true; message: string } | { ok: false; message: string | null; fieldErrors: Record<string, string[]> };

/**
 * Saves "Moje ustawienia". The language goes to the user (their e-mails) and to the NEXT_LOCALE cookie, as the
 * portal's language switch does (src/app/(portal)/locale-action.ts), so the page re-renders in it at once.
 */
export async function saveOwnSettings(input: OwnSettingsInput): Promise<OwnSettingsResult> {
  const current = await getLocale();
  const locale = isLocale(current) ? current : 'pl';
  try {
    const result = await updateOwnSettings(principalFrom({ viewer: await getViewer() }), input);
    if (!result.ok) {
      const t = translator(locale);
      if (result.error.kind === 'invalid') return { ok: false, message: null, fieldErrors: translateFieldErrors(result.error.fieldErrors, locale) };
      return { ok: false, message: t('agentSettings.errors.forbidden'), fieldErrors: {} };
    }
    (await cookies()).set(LOCALE_COOKIE, result.value.locale, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' });
    refresh();
    // Confirmed in the language just chosen: that is what the page is about to speak.
    return { ok: true, message: translator(result.value.locale)('agentSettings.saved') };
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action: 'saveOwnSettings' }, 'own settings action failed');
    return { ok: false, message: `${translator(locale)('agentSettings.errors.tryAgain')} (${requestId.slice(0, 8)})`, fieldErrors: {} };
  }
}
