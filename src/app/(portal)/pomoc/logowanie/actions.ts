'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { runAction } from '@/server/actions/run-action';
import { signOut } from '@/server/auth/auth';
import { requestMagicLink } from '@/server/auth/magic-link';
import { safeReturnPath } from '@/server/auth/return-path';
import { AGENT_HOME_PATH, CHECK_INBOX_PATH, CUSTOMER_HOME_PATH, SIGN_IN_PATH, STAFF_SIGN_IN_PATH } from '@/server/links';
import { clientIp } from '@/server/rate-limit';
import { err, type Result } from '@/server/result';
import type { FieldErrors } from '@/server/tickets/schemas';
import { PENDING_SIGN_IN_COOKIE } from './pending-email';

import type { MagicLinkFormState } from '@/components/auth/magic-link-form';

type SignInError = { kind: 'invalid'; fieldErrors: FieldErrors } | { kind: 'rateLimited' };

/** The e-mail form of /pomoc/logowanie and /agent/login: a magic link, then the "check your inbox" page. */
export async function requestMagicLinkAction(_previous: MagicLinkFormState, form: FormData): Promise<MagicLinkFormState> {
  const staff = form.get('audience') === 'staff';
  const rawEmail = form.get('email');
  const email = typeof rawEmail === 'string' ? rawEmail.slice(0, 320) : '';
  const result = await runAction({
    name: 'requestMagicLink',
    run: async (): Promise<Result<null, SignInError>> => {
      const requested = await requestMagicLink({
        email,
        redirectTo: form.get('redirectTo'),
        fallback: staff ? AGENT_HOME_PATH : CUSTOMER_HOME_PATH,
        ip: clientIp(await headers()),
      });
      if (!requested.ok)
        return requested.error.kind === 'invalid'
          ? err({ kind: 'invalid' as const, fieldErrors: { email: requested.error.messageKeys } })
          : err(requested.error);
      // Lets the next page say where the link went, without putting the address in a URL.
      (await cookies()).set(PENDING_SIGN_IN_COOKIE, requested.value.email, {
        httpOnly: true,
        sameSite: 'lax',
        path: SIGN_IN_PATH,
        maxAge: 15 * 60,
      });
      redirect(requested.value.next === CHECK_INBOX_PATH && staff ? `${CHECK_INBOX_PATH}?dla=zespol` : requested.value.next);
    },
    expected: (_rateLimited, { t }) => ({ formError: t('auth.form.rateLimited') }),
    success: () => ({ data: null }),
    refresh: false,
  });
  return result.ok ? result : { ...result, detail: { email } };
}

/** "Wyloguj": ends the database session (magic link, SSO or demo alike) and clears the cookie. */
export async function signOutAction(form: FormData): Promise<void> {
  const fallback = form.get('audience') === 'staff' ? STAFF_SIGN_IN_PATH : CUSTOMER_HOME_PATH;
  await signOut({ redirectTo: safeReturnPath(form.get('redirectTo'), fallback) });
}
