import { NextResponse, type NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { readKbImage } from '@/server/kb/images';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A knowledge-base image (public: published articles show it). Never changes under its id, so caches keep it. */
export const GET = guardDatabase(async (_request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const found = await readKbImage((await params).id);
  if (!found) return NextResponse.json({ error: 'not_found' }, { status: 404 });
  return new NextResponse(found.body, {
    headers: {
      'Content-Type': found.image.contentType,
      'Content-Length': String(found.image.size),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: `"${found.image.sha256}"`,
    },
  });
});
