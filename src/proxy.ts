import { NextResponse, type NextRequest } from 'next/server';
import { FORM_SESSION_COOKIE, FORM_SESSION_TTL_SECONDS, formSessionIsFresh, issueFormSession } from '@/server/attachments/form-session';
import { env } from '@/server/env';

/**
 * Runs before every page (not /api, not static files): gives the browser an anonymous form session, which
 * POST /api/uploads requires from anyone not signed in (src/server/attachments/form-session.ts).
 */
export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  if (!formSessionIsFresh(request.cookies.get(FORM_SESSION_COOKIE)?.value)) {
    response.cookies.set(FORM_SESSION_COOKIE, issueFormSession(), {
      httpOnly: true,
      sameSite: 'lax',
      secure: env().APP_URL.startsWith('https://'),
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
