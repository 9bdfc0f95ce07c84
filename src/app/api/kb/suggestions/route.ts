import type { NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { env } from '@/server/env';
import {
  DEFLECTION_COOKIE,
  DEFLECTION_TTL_SECONDS,
  issueDeflectionSession,
  noteSuggested,
  verifyDeflectionSession,
} from '@/server/kb/feedback';
import { KB_LOCALES, type KbLocale } from '@/server/kb/schemas';
import { searchArticles } from '@/server/kb/search';
import { kbArticlePath } from '@/server/links';
import { clientIp, hit } from '@/server/rate-limit';

const SUGGESTIONS = 3;

/**
 * GET /api/kb/suggestions?q=…&lang=…: up to three published articles for what the contact form's visitor is typing
 * (subject and what happened). The first time it shows someone articles it hands out the suggestion session cookie
 * (src/server/kb/feedback.ts) and notes what was shown, so opening one counts as a deflection.
 */
export const GET = guardDatabase(async (request: NextRequest): Promise<Response> => {
  const params = request.nextUrl.searchParams;
  const lang: KbLocale = KB_LOCALES.find((l) => l === params.get('lang')) ?? 'pl';
  const rate = await hit(`kb-search:ip:${clientIp(request.headers)}`, env().KB_SEARCH_PER_IP);
  if (!rate.allowed) return Response.json({ articles: [] }, { status: 429, headers: { 'Cache-Control': 'no-store' } });

  const { hits } = await searchArticles({ query: params.get('q') ?? '', locale: lang, limit: SUGGESTIONS, asYouType: true });
  const articles = hits.map((h) => ({ id: h.id, title: h.title, summary: h.summary, section: h.section, href: kbArticlePath(h.slug) }));
  const response = Response.json({ articles }, { headers: { 'Cache-Control': 'no-store' } });
  if (!hits.length) return response;

  let session = verifyDeflectionSession(request.cookies.get(DEFLECTION_COOKIE)?.value);
  if (!session) {
    const issued = issueDeflectionSession();
    session = issued.id;
    const secure = env().APP_URL.startsWith('https://') ? '; Secure' : '';
    response.headers.append(
      'Set-Cookie',
      `${DEFLECTION_COOKIE}=${issued.cookie}; Path=/; Max-Age=${DEFLECTION_TTL_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
    );
  }
  await noteSuggested(
    session,
    lang,
    hits.map((h) => h.id),
  );
  return response;
});
