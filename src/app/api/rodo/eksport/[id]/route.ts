import type { NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { notFoundJson, zipResponse } from '@/app/_lib/zip-response';
import { principalFrom } from '@/server/auth/principal';
import { getViewerForRequest } from '@/server/auth/viewer';
import { signInPath } from '@/server/links';
import { openDataExport } from '@/server/privacy/export-jobs';

/**
 * The e-mailed link to an export the worker built: the token in the link and the session of the person it was
 * sent to, both. A guest is sent to sign in first and comes back here; anyone else gets 404; an expired link 410.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const url = new URL(request.url);
  const viewer = await getViewerForRequest(request);
  if (viewer.kind === 'guest') return Response.redirect(new URL(signInPath(`${url.pathname}${url.search}`), request.url), 303);
  const opened = await openDataExport(principalFrom({ viewer }), id, url.searchParams.get('t'));
  if (!opened.ok) {
    if (opened.error.kind === 'expired')
      return Response.json({ error: 'expired' }, { status: 410, headers: { 'Cache-Control': 'no-store' } });
    return notFoundJson();
  }
  return zipResponse(opened.value.stream, opened.value.fileName, opened.value.size);
});
