import { NextResponse, type NextRequest } from 'next/server';
import { isLocale, PAGE_LOCALE_HEADER } from '@/i18n/config';
import { FORM_SESSION_COOKIE, FORM_SESSION_TTL_SECONDS, formSessionIsFresh, issueFormSession } from '@/server/attachments/form-session';
import { unavailablePageResponse } from '@/server/db/breaker';
import { env } from '@/server/env';
import { inspectServerActionBody, refuseServerActionRequest } from '@/server/http/action-guard';
import { contentSecurityPolicy, isChatWidgetPage, newNonce } from '@/server/security/csp';

/**
 * Runs before every page (not /api, not static files):
 * - a Content-Security-Policy with a fresh nonce (src/server/security/csp.ts). Next.js finds the nonce in the
 *   request's CSP header and gives it to its scripts, so pages must render per request (they do: every page reads
 *   the viewer or the locale from cookies).
 * - an anonymous form session, which POST /api/uploads requires from anyone not signed in
 *   (src/server/attachments/form-session.ts).
 * Before both: a server action's body that is too large, not a form, or malformed is refused with 413 / 415 / 400
 * before Next decodes it (src/server/http/action-guard.ts), and for a few seconds after a page found the database unreachable, pages
 * answer 503 with Retry-After (src/server/db/breaker.ts).
 */
export async function proxy(request: NextRequest) {
  const early = refuseServerActionRequest(request) ?? (await inspectServerActionBody(request)) ?? unavailablePageResponse(request);
  if (early) return early;
  const https = env().APP_URL.startsWith('https://');
  const widget = isChatWidgetPage(request.nextUrl.pathname);
  const policy = contentSecurityPolicy(newNonce(), {
    dev: process.env.NODE_ENV === 'development',
    https,
    frameAncestors: widget ? env().CHAT_WIDGET_ORIGINS : undefined,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  requestHeaders.delete(PAGE_LOCALE_HEADER);
  if (widget) {
    const lang = request.nextUrl.searchParams.get('lang');
    if (isLocale(lang)) requestHeaders.set(PAGE_LOCALE_HEADER, lang);
  }
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
      // Not the API, Next's assets, the static files of public/ (icons, manifest, the chat widget's loader), robots.txt
      // nor sitemap.xml.
      source:
        '/((?!api|_next/static|_next/image|favicon.ico|icon.svg|icon-192.png|icon-512.png|apple-touch-icon.png|manifest.webmanifest|robots.txt|sitemap.xml|widget.js).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
