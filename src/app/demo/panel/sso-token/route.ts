import { notFound } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { demoSsoToken } from '@/server/demo/panel';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * DEMO_MODE: what the Vouchie panel's own endpoint does for the chat widget (data-sso-url in docs/chat.md): a fresh
 * single-use SSO token for the signed-in merchant, as text. Same-origin reads only (no CORS header).
 */
export async function GET(request: NextRequest) {
  const token = await demoSsoToken(request.nextUrl.searchParams.get('user') ?? '');
  if (!token) notFound();
  if (token === 'unavailable') return new Response('SSO is not configured', { status: 503 });
  return new Response(token, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
