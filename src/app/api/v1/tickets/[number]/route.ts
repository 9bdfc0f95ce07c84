import { guardDatabase } from '@/app/_lib/route-guard';
import { NextResponse, type NextRequest } from 'next/server';
import { isValidApiRequest } from '@/server/auth/api-token';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { getTicketForPrincipal } from '@/server/tickets/queries';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: NextRequest, { params }: { params: Promise<{ number: string }> }) => {
  if (!(await isValidApiRequest(request.headers))) {
    return NextResponse.json({ error: 'unauthorized' }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  const number = parseTicketNumber((await params).number);
  const ticket = number === null ? null : await getTicketForPrincipal(number, { kind: 'api' });
  if (!ticket) return NextResponse.json({ error: 'not_found' }, { status: 404 });
  return NextResponse.json(ticket);
});
