import { NextResponse, type NextRequest } from 'next/server';
import { apiError, guardDatabase } from '@/app/_lib/route-guard';
import { env } from '@/server/env';
import { readBodyWithin } from '@/server/http/body';
import { ingestEmail } from '@/server/mail/inbound/ingest';
import { isAuthorisedWebhook, rawMessageFrom } from '@/server/mail/inbound/webhook';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Raw MIME from a mail provider's inbound webhook (or any relay): the same ingest as the SMTP receiver. */
export const POST = guardDatabase(async (request: NextRequest) => {
  if (!isAuthorisedWebhook(request)) return apiError(401, { error: 'unauthorized' });
  // A form or JSON wrapper adds a little; base64 adds a third. Streamed with a hard cap, length declared or not.
  const body = await readBodyWithin(request, Math.round(env().SMTP_INBOUND_MAX_MB * 1.4));
  if (!body.ok)
    return NextResponse.json(
      { error: body.reason === 'too_large' ? 'too_large' : 'no_message' },
      { status: body.reason === 'too_large' ? 413 : 400 },
    );
  const raw = await rawMessageFrom(body.bytes, request.headers.get('content-type') ?? '');
  if (!raw) return apiError(400, { error: 'no_message' });
  const outcome = await ingestEmail(raw, { source: 'webhook' });
  if (outcome.kind === 'too_large') return apiError(413, { error: 'too_large' });
  return NextResponse.json({ outcome }, { status: 202 });
});
