import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { env } from '@/server/env';

/**
 * Compact signed tokens (`payload.signature`, both base64url) for links sent by e-mail. Each purpose gets its
 * own key derived from AUTH_SECRET, so a token minted for one use never verifies for another.
 */
function keyFor(purpose: string): Buffer {
  const secret = env().AUTH_SECRET;
  // HKDF costs ~0.2 ms and every ticket link, reply address and Message-ID needs a key: derive each once.
  // Keyed by the secret too, so a rotated AUTH_SECRET (or a test's own) never meets a stale key.
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'vouchie-support', purpose, 32));
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

const derivedKeys = new Map<string, Buffer>();

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
