import { notFound } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { demoHandOffPath } from '@/server/demo/panel';
import { seeOther } from '@/app/_lib/see-other';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** DEMO_MODE: the demo panel's "Pomoc → Kontakt" — mints a real hand-off token and sends the browser to /sso/vouchie. */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const path = await demoHandOffPath(params.get('user') ?? '', params.get('return_to'));
  if (!path) notFound();
  return seeOther(path);
}
