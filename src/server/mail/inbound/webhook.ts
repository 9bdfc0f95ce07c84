import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '@/server/env';
import { formDataFrom, jsonFrom } from '@/server/http/body';

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

/** Finds the message in an already size-capped body (see `readBodyWithin`). */
export async function rawMessageFrom(bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<Buffer | null> {
  const type = contentType.toLowerCase();
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    const form = await formDataFrom(bytes, contentType);
    for (const field of FORM_FIELDS) {
      const value = form?.get(field);
      if (typeof value === 'string' && value) return Buffer.from(value, 'utf8');
      if (value && typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    }
    return null;
  }
  if (type.startsWith('application/json')) {
    const body = jsonFrom(bytes);
    if (typeof body !== 'object' || body === null) return null;
    const fields = body as Record<string, unknown>;
    const value = fields.raw ?? fields.RawEmail ?? fields.email;
    if (typeof value !== 'string' || !value) return null;
    return fields.encoding === 'base64' ? Buffer.from(value, 'base64') : Buffer.from(value, 'utf8');
  }
  return bytes.length ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
}
