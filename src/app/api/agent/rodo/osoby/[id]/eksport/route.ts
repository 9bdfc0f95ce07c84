import type { NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { notFoundJson, zipResponse } from '@/app/_lib/zip-response';
import { principalFrom } from '@/server/auth/principal';
import { getViewerForRequest } from '@/server/auth/viewer';
import { privacyPersonPath } from '@/server/links';
import { exportPersonData } from '@/server/privacy/access';

/**
 * An admin's export of one person's data (everything, internal notes included), as a streamed ZIP. `cel` (the
 * purpose) is required and, with `sprawa` (the case reference), goes to the audit log. Everyone else gets 404.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const url = new URL(request.url);
  const principal = principalFrom({ viewer: await getViewerForRequest(request) });
  const result = await exportPersonData(principal, id, url.searchParams.get('cel'), url.searchParams.get('sprawa'));
  if (!result.ok) {
    if (result.error.kind === 'too_large') return Response.redirect(new URL(`${privacyPersonPath(id)}?za-duze=1`, request.url), 303);
    if (result.error.kind === 'invalid')
      return Response.json({ error: 'purpose_required' }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
    return notFoundJson();
  }
  return zipResponse(result.value.stream, result.value.fileName);
});
