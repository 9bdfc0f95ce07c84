import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '@/server/env';

/**
 * The raw-MIME webhook's two questions: is the caller ours (shared secret as a Bearer token, or `?secret=`
 * for providers that can only be given a URL), and where is the message in the body. Providers put it in
 * different places: the whole body (`message/rfc822`), a form field (SendGrid `email`, Mailgun
 * `body-mime`, generic `raw`), or JSON (`raw`/`RawEmail`, optionally base64).
 */
export function isAuthorisedWebhook(request: Request): boolean {
  const secret = env().INBOUND_WEBHOOK_SECRET;
  if (!secret) return false;
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const given = bearer ?? new URL(request.url).searchParams.get('secret') ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

const FORM_FIELDS = ['email', 'body-mime', 'raw', 'message'];

export async function rawMessageFrom(request: Request): Promise<Buffer | null> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    const form = await request.formData().catch(() => null);
    for (const field of FORM_FIELDS) {
      const value = form?.get(field);
      if (typeof value === 'string' && value) return Buffer.from(value, 'utf8');
      if (value && typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    }
    return null;
  }
  if (type.startsWith('application/json')) {
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    const value = body?.raw ?? body?.RawEmail ?? body?.email;
    if (typeof value !== 'string' || !value) return null;
    return body?.encoding === 'base64' ? Buffer.from(value, 'base64') : Buffer.from(value, 'utf8');
  }
  const bytes = Buffer.from(await request.arrayBuffer());
  return bytes.length ? bytes : null;
}
