import type { NextRequest } from 'next/server';
import { sessionCookieName } from '@/server/auth/session';
import { signInWithSsoToken } from '@/server/auth/sso';
import { clientIp } from '@/server/rate-limit';
import { LOCALE_COOKIE } from '@/i18n/config';
import { seeOther } from '@/app/_lib/see-other';
import { signInErrorPath } from '@/server/links';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The Vouchie panel's "Pomoc → Kontakt" link: GET /sso/vouchie?token=<JWT> (docs/sso.md). */
export async function GET(request: NextRequest) {
  const result = await signInWithSsoToken({
    token: request.nextUrl.searchParams.get('token'),
    ip: clientIp(request.headers),
    previousSessionToken: request.cookies.get(sessionCookieName())?.value,
  });
  if (!result.ok) return seeOther(signInErrorPath(result.error));

  const response = seeOther(result.value.returnTo, result.value.cookie);
  // Pages speak the language the person uses in the panel.
  response.cookies.set(LOCALE_COOKIE, result.value.locale, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' });
  return response;
}
