import { env } from '@/server/env';
import { clientIp, hitAll } from '@/server/rate-limit';
import { pageLocale } from '@/server/request-context';
import { translator } from '@/i18n/messages';

/**
 * Requests for a magic link are limited per IP and per address (so nobody can flood an inbox); other
 * sign-in POSTs per IP. Returns the refusal, or null to let the request through.
 */
export async function limitSignInRequest(request: Request): Promise<Response | null> {
  const config = env();
  const ip = clientIp(request.headers);
  const checks = [{ key: `signin:ip:${ip}`, limit: config.RATE_LIMIT_SIGN_IN_PER_IP }];
  if (new URL(request.url).pathname.endsWith('/signin/email')) {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = form?.get('email');
    if (typeof email === 'string' && email) {
      checks.push({ key: `signin:email:${email.trim().toLowerCase()}`, limit: config.RATE_LIMIT_SIGN_IN_PER_EMAIL });
    }
  }
  const decision = await hitAll(checks);
  if (decision.allowed) return null;
  return Response.json(
    { error: 'rate_limited', message: translator(pageLocale(request.headers))('errors.rateLimited') },
    { status: 429, headers: { 'Retry-After': String(decision.retryAfterSeconds) } },
  );
}

/**
 * The same limits for a magic link asked for by a server action (the sign-in pages), which reaches Auth.js
 * in-process and so never passes through the /api/auth route above.
 */
export async function allowMagicLinkRequest(ip: string, email: string): Promise<boolean> {
  const config = env();
  const decision = await hitAll([
    { key: `signin:ip:${ip}`, limit: config.RATE_LIMIT_SIGN_IN_PER_IP },
    { key: `signin:email:${email.trim().toLowerCase()}`, limit: config.RATE_LIMIT_SIGN_IN_PER_EMAIL },
  ]);
  return decision.allowed;
}
