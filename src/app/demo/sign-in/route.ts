import { notFound } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { AGENT_HOME_PATH } from '@/server/auth/paths';
import { demoStaffSession } from '@/server/demo/panel';
import { seeOther } from '@/app/_lib/see-other';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** DEMO_MODE: /demo/sign-in?email=<agent or admin> signs a demo staff member in without e-mail and opens /agent. */
export async function GET(request: NextRequest) {
  const session = await demoStaffSession(request.nextUrl.searchParams.get('email'));
  if (!session) notFound();
  return seeOther(AGENT_HOME_PATH, session);
}
