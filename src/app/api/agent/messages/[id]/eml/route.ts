import { apiError, guardDatabase } from '@/app/_lib/route-guard';
import type { NextRequest } from 'next/server';
import { rawEmailOfMessage } from '@/server/agent/raw-email';
import { principalFrom } from '@/server/auth/principal';
import { getViewerForRequest } from '@/server/auth/viewer';

/**
 * The e-mail a thread message came in as, exactly as received, as a download for staff. 404 for everyone else
 * (customers, ticket links, anonymous) and for a message that did not come by e-mail.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const principal = principalFrom({ viewer: await getViewerForRequest(request) });
  const email = await rawEmailOfMessage(id, principal);
  if (!email) return apiError(404, { error: 'not_found' }, { 'Cache-Control': 'no-store' });
  return new Response(Buffer.from(email.raw), {
    headers: {
      'Content-Type': 'message/rfc822',
      'Content-Length': String(email.raw.byteLength),
      'Content-Disposition': `attachment; filename="${email.fileName}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  });
});
