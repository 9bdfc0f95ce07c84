import { NextResponse, type NextRequest } from 'next/server';
import { apiError, guardDatabase } from '@/app/_lib/route-guard';
import { authenticateCtiRequest } from '@/server/auth/api-token';
import { jsonFrom, readBodyWithin } from '@/server/http/body';
import { applyCtiEvent } from '@/server/phone/cti';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A CTI event is a few hundred bytes; 16 KB leaves room for verbose PBXes. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * POST /api/v1/cti/events (docs/phone.md): newCall / answer / hangup from the team's PBX, with a CTI token.
 * 200 applied, 200 + `Idempotent-Replayed: true` for a replay, 202 for a late event that changed nothing,
 * 404 for an unknown call id, 422 for a malformed event.
 */
export const POST = guardDatabase(async (request: NextRequest) => {
  if (!(await authenticateCtiRequest(request.headers))) {
    return apiError(401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' });
  }
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) return apiError(415, { error: 'content_type' });
  const body = await readBodyWithin(request, MAX_BODY_BYTES);
  if (!body.ok) return apiError(body.reason === 'too_large' ? 413 : 400, { error: body.reason });
  const payload = jsonFrom(body.bytes);
  if (payload === undefined) return apiError(400, { error: 'json' });

  const outcome = await applyCtiEvent(payload);
  switch (outcome.status) {
    case 'invalid':
      return apiError(422, { error: 'invalid', issues: outcome.issues });
    case 'unknown_call':
      return apiError(404, { error: 'unknown_call' });
    case 'replayed':
      return NextResponse.json({ callId: outcome.callId, status: 'replayed' }, { headers: { 'Idempotent-Replayed': 'true' } });
    case 'ignored':
      return NextResponse.json({ callId: outcome.callId, status: 'ignored', reason: outcome.reason }, { status: 202 });
    case 'applied':
      return NextResponse.json({ callId: outcome.callId, status: 'applied', missed: outcome.missed });
  }
});
