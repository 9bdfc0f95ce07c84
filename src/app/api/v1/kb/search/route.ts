import type { NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { env } from '@/server/env';
import { KB_LOCALES, type KbLocale } from '@/server/kb/schemas';
import { recordSearch, searchArticles } from '@/server/kb/search';
import { absoluteUrl, kbArticlePath } from '@/server/links';
import { clientIp, hit } from '@/server/rate-limit';

/**
 * GET /api/v1/kb/search?q=…&lang=pl|en[&limit=1..20]: published articles for the Vouchie panel to show in its own UI.
 * Public (the articles are), rate-limited per address. 200 { query, lang, results: [{ id, title, summary, section,
 * url }] }; any `q` is answered (cut and escaped, never an error); a bad `lang` falls back to pl.
 */
export const GET = guardDatabase(async (request: NextRequest): Promise<Response> => {
  const params = request.nextUrl.searchParams;
  const query = params.get('q') ?? '';
  const lang: KbLocale = KB_LOCALES.find((l) => l === params.get('lang')) ?? 'pl';
  const limit = Math.min(Math.max(Number.parseInt(params.get('limit') ?? '5', 10) || 5, 1), 20);
  const rate = await hit(`kb-search:ip:${clientIp(request.headers)}`, env().KB_SEARCH_PER_IP);
  if (!rate.allowed) {
    return Response.json(
      { error: 'rate_limited' },
      { status: 429, headers: { 'Retry-After': String(rate.retryAfterSeconds), 'Cache-Control': 'no-store' } },
    );
  }
  const { hits } = await searchArticles({ query, locale: lang, limit });
  await recordSearch(query, lang, 'api', hits.length);
  const appUrl = env().APP_URL;
  return Response.json(
    {
      query: query.slice(0, 200),
      lang,
      results: hits.map((h) => ({
        id: h.id,
        title: h.title,
        summary: h.summary,
        section: h.section,
        url: absoluteUrl(appUrl, kbArticlePath(h.slug)),
      })),
    },
    { headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } },
  );
});
