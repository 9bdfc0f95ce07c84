import { NextResponse, type NextRequest } from 'next/server';
import { apiError, guardDatabase } from '@/app/_lib/route-guard';
import { authenticateCtiRequest } from '@/server/auth/api-token';
import { lookupCaller } from '@/server/phone/cti';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/v1/cti/lookup?number=…: the caller's name and company for the PBX's display (nulls when unknown). */
export const GET = guardDatabase(async (request: NextRequest) => {
  if (!(await authenticateCtiRequest(request.headers))) {
    return apiError(401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' });
  }
  const found = await lookupCaller(request.nextUrl.searchParams.get('number'));
  if (!found) return apiError(422, { error: 'invalid_number' });
  return NextResponse.json(found, { headers: { 'Cache-Control': 'no-store' } });
});
