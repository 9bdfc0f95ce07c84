import { apiError, guardDatabase } from '@/app/_lib/route-guard';
import { NextResponse, type NextRequest } from 'next/server';
import { principalForRequest } from '@/server/auth/principal';
import { getViewerForRequest } from '@/server/auth/viewer';
import { findViewableAttachment } from '@/server/attachments/access';
import { readAttachment } from '@/server/attachments';
import { contentDisposition } from '@/server/attachments/filename';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Images, video and PDF may be shown inline; everything is served with its sniffed type, never as HTML. */
const INLINE_KINDS = new Set(['IMAGE', 'VIDEO', 'PDF']);

export const GET = guardDatabase(async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const principal = await principalForRequest({
    headers: request.headers,
    ticketLinkToken: request.nextUrl.searchParams.get('t'),
    viewer: await getViewerForRequest(request),
  });
  const attachment = await findViewableAttachment(id, principal, request.headers.get('x-upload-token'));
  if (!attachment) return apiError(404, { error: 'not_found' });

  const stored = await readAttachment(attachment.id);
  if (!stored) return apiError(404, { error: 'not_found' });
  const inline = request.nextUrl.searchParams.get('download') !== '1' && INLINE_KINDS.has(attachment.kind);
  return new NextResponse(stored.body, {
    headers: {
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': contentDisposition(attachment.fileName, inline ? 'inline' : 'attachment'),
      'X-Content-Type-Options': 'nosniff',
      // Even if a file were rendered, it could run nothing and reach nothing.
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
      'Cache-Control': 'private, max-age=300',
      ETag: `"${attachment.sha256}"`,
    },
  });
});
