import { apiError, guardDatabase } from '@/app/_lib/route-guard';
import { NextResponse, type NextRequest } from 'next/server';
import { isValidApiRequest } from '@/server/auth/api-token';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { getTicketForPrincipal } from '@/server/tickets/queries';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: NextRequest, { params }: { params: Promise<{ number: string }> }) => {
  if (!(await isValidApiRequest(request.headers))) {
    return apiError(401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' });
  }
  const number = parseTicketNumber((await params).number);
  const ticket = number === null ? null : await getTicketForPrincipal(number, { kind: 'api' });
  if (!ticket) return apiError(404, { error: 'not_found' });
  return NextResponse.json(ticket);
});
