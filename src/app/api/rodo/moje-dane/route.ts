import type { NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { notFoundJson, zipResponse } from '@/app/_lib/zip-response';
import { principalFrom } from '@/server/auth/principal';
import { getViewerForRequest } from '@/server/auth/viewer';
import { PORTAL_PATHS, signInPath } from '@/server/links';
import { exportOwnData } from '@/server/privacy/access';

/**
 * "Moje dane" (RODO art. 15): the signed-in person's own data as a streamed ZIP. Whose data is decided by the
 * session alone, so there is no id to guess. Guests are sent to sign in; an export too large for one request is
 * sent back to the page, which offers the e-mailed link instead.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: NextRequest) => {
  const viewer = await getViewerForRequest(request);
  if (viewer.kind === 'guest') return Response.redirect(new URL(signInPath(PORTAL_PATHS.myData), request.url), 303);
  const result = await exportOwnData(principalFrom({ viewer }));
  if (!result.ok) {
    if (result.error.kind === 'too_large') return Response.redirect(new URL(`${PORTAL_PATHS.myData}?za-duze=1`, request.url), 303);
    return notFoundJson();
  }
  return zipResponse(result.value.stream, result.value.fileName);
});
