import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { env } from '@/server/env';

/**
 * Compact signed tokens (`payload.signature`, both base64url) for links sent by e-mail. Each purpose gets its
 * own key derived from AUTH_SECRET, so a token minted for one use never verifies for another.
 */
function keyFor(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', env().AUTH_SECRET, 'vouchie-support', purpose, 32));
}

export function sign(purpose: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', keyFor(purpose)).update(body).digest('base64url');
  return `${body}.${mac}`;
}

export function verify(purpose: string, token: string): unknown {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const expected = createHmac('sha256', keyFor(purpose)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
