import type { NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { DEFLECTION_COOKIE, recordView, verifyDeflectionSession } from '@/server/kb/feedback';
import { readBodyWithin } from '@/server/http/body';
import { clientIp, hit } from '@/server/rate-limit';
import { env } from '@/server/env';

/** POST { slug }: one view of a published article (the article page's beacon). 204, or 404 for no such article. */
export const POST = guardDatabase(async (request: NextRequest): Promise<Response> => {
  const body = await readBodyWithin(request, 1024);
  if (!body.ok) return new Response(null, { status: 413 });
  let slug: unknown;
  try {
    slug = (JSON.parse(new TextDecoder().decode(body.bytes)) as { slug?: unknown }).slug;
  } catch {
    return new Response(null, { status: 400 });
  }
  if (typeof slug !== 'string') return new Response(null, { status: 400 });
  const limit = await hit(`kb-search:ip:${clientIp(request.headers)}`, env().KB_SEARCH_PER_IP);
  if (!limit.allowed) return new Response(null, { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) } });
  const session = verifyDeflectionSession(request.cookies.get(DEFLECTION_COOKIE)?.value);
  const found = await recordView(slug, session);
  return new Response(null, { status: found ? 204 : 404, headers: { 'Cache-Control': 'no-store' } });
});
