import type { NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { canAccessAgentArea } from '@/server/auth/policy';
import { principalForRequest } from '@/server/auth/principal';
import { getViewerForRequest } from '@/server/auth/viewer';
import { env } from '@/server/env';
import { formDataFrom, readBodyWithin } from '@/server/http/body';
import { storeKbImage } from '@/server/kb/images';
import { clientIp, hit } from '@/server/rate-limit';

export const runtime = 'nodejs';

const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * POST (multipart, one `file`): an image for the article editor, staff only. 201 { id, path, fileName }; 400 no
 * file, 404 not staff (the area does not exist for others), 413 too large, 415 not an image, 429 too many.
 */
export const POST = guardDatabase(async (request: NextRequest): Promise<Response> => {
  const principal = await principalForRequest({
    headers: request.headers,
    ticketLinkToken: null,
    viewer: await getViewerForRequest(request),
  });
  if (!canAccessAgentArea(principal)) {
    return Response.json({ error: 'not_found' }, { status: 404 });
  }
  const limit = await hit(`kb-image:ip:${clientIp(request.headers)}`, env().RATE_LIMIT_UPLOADS_PER_IP);
  if (!limit.allowed) return Response.json({ error: 'rate_limited' }, { status: 429 });
  const body = await readBodyWithin(request, env().UPLOAD_MAX_FILE_MB + MULTIPART_OVERHEAD);
  if (!body.ok) return Response.json({ error: 'too_large' }, { status: 413 });
  const form = await formDataFrom(body.bytes, request.headers.get('content-type') ?? '');
  const file = form?.get('file');
  if (!(file instanceof File)) return Response.json({ error: 'no_file' }, { status: 400 });
  const result = await storeKbImage(principal, file.name, new Uint8Array(await file.arrayBuffer()));
  if (!result.ok) {
    const status = { forbidden: 404, empty: 400, too_large: 413, not_an_image: 415 }[result.error.kind];
    return Response.json({ error: result.error.kind }, { status });
  }
  return Response.json(result.value, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
