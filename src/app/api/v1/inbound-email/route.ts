import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/server/env';
import { ingestEmail } from '@/server/mail/inbound/ingest';
import { isAuthorisedWebhook, rawMessageFrom } from '@/server/mail/inbound/webhook';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Raw MIME from a mail provider's inbound webhook (or any relay): the same ingest as the SMTP receiver. */
export async function POST(request: NextRequest) {
  if (!isAuthorisedWebhook(request)) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });
  const length = Number(request.headers.get('content-length') ?? 0);
  // A form or JSON wrapper adds a little; base64 adds a third.
  if (length > env().SMTP_INBOUND_MAX_MB * 1.4) return NextResponse.json({ error: 'too_large' }, { status: 413 });
  const raw = await rawMessageFrom(request);
  if (!raw) return NextResponse.json({ error: 'no_message' }, { status: 400 });
  const outcome = await ingestEmail(raw, { source: 'webhook' });
  if (outcome.kind === 'too_large') return NextResponse.json({ error: 'too_large' }, { status: 413 });
  return NextResponse.json({ outcome }, { status: 202 });
}
