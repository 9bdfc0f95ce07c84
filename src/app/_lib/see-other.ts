import { NextResponse } from 'next/server';
import type { SessionCookie } from '@/server/auth/session';

/**
 * A 303 to a path on this origin. The Location stays relative, so the browser stays on the host it used (and
 * keeps the cookie set here) whatever proxy or APP_URL sits in front. Never cached, never leaks the URL it
 * answered (SSO tokens travel in the query) as a Referer.
 */
export function seeOther(path: string, session?: SessionCookie): NextResponse {
  const response = new NextResponse(null, {
    status: 303,
    headers: { Location: path, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  });
  if (session) response.cookies.set(session.name, session.value, session.options);
  return response;
}
