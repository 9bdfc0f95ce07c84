'use server';

import { cookies } from 'next/headers';
import { runAction, type ActionResult } from '@/server/actions/run-action';
import { updateOwnSettings } from '@/server/admin/team';
import type { OwnSettingsInput } from '@/server/admin/team-schemas';
import { LOCALE_COOKIE } from '@/i18n/config';
import { translator } from '@/i18n/messages';

/**
 * Saves "Moje ustawienia". The language goes to the user (their e-mails) and to the NEXT_LOCALE cookie, as the
 * portal's language switch does (src/app/(portal)/locale-action.ts), so the page re-renders in it at once.
 */
export async function saveOwnSettings(input: OwnSettingsInput): Promise<ActionResult> {
  return runAction({
    name: 'saveOwnSettings',
    run: async ({ principal }) => {
      const result = await updateOwnSettings(principal, input);
      if (result.ok) (await cookies()).set(LOCALE_COOKIE, result.value.locale, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' });
      return result;
    },
    expected: (_error, { t }) => ({ formError: t('agentSettings.errors.forbidden') }),
    // Confirmed in the language just chosen: that is what the page is about to speak.
    success: ({ locale }) => ({ data: null, message: translator(locale)('agentSettings.saved') }),
  });
}
