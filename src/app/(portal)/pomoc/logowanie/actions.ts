'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { signOut } from '@/server/auth/auth';
import { requestMagicLink } from '@/server/auth/magic-link';
import { AGENT_HOME_PATH, CHECK_INBOX_PATH, CUSTOMER_HOME_PATH, SIGN_IN_PATH, STAFF_SIGN_IN_PATH } from '@/server/auth/paths';
import { safeReturnPath } from '@/server/auth/return-path';
import { clientIp } from '@/server/rate-limit';
import { isLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { PENDING_SIGN_IN_COOKIE } from './pending-email';

export interface MagicLinkFormState {
  email: string;
  fieldErrors?: string[];
  formError?: string;
}

/** The e-mail form of /pomoc/logowanie and /agent/login: a magic link, then the "check your inbox" page. */
export async function requestMagicLinkAction(_previous: MagicLinkFormState, form: FormData): Promise<MagicLinkFormState> {
  const staff = form.get('audience') === 'staff';
  const rawEmail = form.get('email');
  const email = typeof rawEmail === 'string' ? rawEmail.slice(0, 320) : '';
  const result = await requestMagicLink({
    email,
    redirectTo: form.get('redirectTo'),
    fallback: staff ? AGENT_HOME_PATH : CUSTOMER_HOME_PATH,
    ip: clientIp(await headers()),
  });

  if (!result.ok) {
    const locale = await getLocale();
    const t = translator(isLocale(locale) ? locale : 'pl') as unknown as (key: string) => string;
    return result.error.kind === 'invalid'
      ? { email, fieldErrors: result.error.messageKeys.map((key) => t(key)) }
      : { email, formError: t('auth.form.rateLimited') };
  }

  // Lets the next page say where the link went, without putting the address in a URL.
  (await cookies()).set(PENDING_SIGN_IN_COOKIE, result.value.email, {
    httpOnly: true,
    sameSite: 'lax',
    path: SIGN_IN_PATH,
    maxAge: 15 * 60,
  });
  const next = result.value.next === CHECK_INBOX_PATH && staff ? `${CHECK_INBOX_PATH}?dla=zespol` : result.value.next;
  redirect(next);
}

/** "Wyloguj": ends the database session (magic link, SSO or demo alike) and clears the cookie. */
export async function signOutAction(form: FormData): Promise<void> {
  const fallback = form.get('audience') === 'staff' ? STAFF_SIGN_IN_PATH : CUSTOMER_HOME_PATH;
  await signOut({ redirectTo: safeReturnPath(form.get('redirectTo'), fallback) });
}
