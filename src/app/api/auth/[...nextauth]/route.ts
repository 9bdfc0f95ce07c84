import type { NextRequest } from 'next/server';
import { handlers } from '@/server/auth/auth';
import { limitSignInRequest } from '@/server/auth/sign-in-limits';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = handlers.GET;

export async function POST(request: NextRequest) {
  const limited = await limitSignInRequest(request);
  return limited ?? handlers.POST(request);
}
