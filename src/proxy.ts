import { NextResponse, type NextRequest } from 'next/server';
import { FORM_SESSION_COOKIE, FORM_SESSION_TTL_SECONDS, formSessionIsFresh, issueFormSession } from '@/server/attachments/form-session';
import { env } from '@/server/env';
import { contentSecurityPolicy, newNonce } from '@/server/security/csp';

/**
 * Runs before every page (not /api, not static files):
 * - a Content-Security-Policy with a fresh nonce (src/server/security/csp.ts). Next.js finds the nonce in the
 *   request's CSP header and gives it to its scripts, so pages must render per request (they do: every page reads
 *   the viewer or the locale from cookies).
 * - an anonymous form session, which POST /api/uploads requires from anyone not signed in
 *   (src/server/attachments/form-session.ts).
 */
export function proxy(request: NextRequest) {
  const https = env().APP_URL.startsWith('https://');
  const policy = contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === 'development', https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  if (!formSessionIsFresh(request.cookies.get(FORM_SESSION_COOKIE)?.value)) {
    response.cookies.set(FORM_SESSION_COOKIE, issueFormSession(), {
      httpOnly: true,
      sameSite: 'lax',
      secure: https,
      path: '/',
      maxAge: FORM_SESSION_TTL_SECONDS,
    });
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
