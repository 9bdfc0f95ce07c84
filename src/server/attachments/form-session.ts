import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sign, verify } from '@/server/auth/signing';

/**
 * An anonymous form session: a signed, expiring id in an HttpOnly cookie that src/proxy.ts hands to every page
 * view. Anonymous uploads (POST /api/uploads without a signed-in person) must come with one; it is stored with
 * each unclaimed upload, and unclaimed bytes are capped per session as well as per address.
 */
export const FORM_SESSION_COOKIE = 'vch-form-session';
export const FORM_SESSION_TTL_SECONDS = 2 * 60 * 60;
const PURPOSE = 'form-session';

const payloadSchema = z.object({ s: z.string().regex(/^[A-Za-z0-9_-]{22}$/), x: z.number().int() });

export function issueFormSession(now = new Date()): string {
  return sign(PURPOSE, { s: randomBytes(16).toString('base64url'), x: Math.floor(now.getTime() / 1000) + FORM_SESSION_TTL_SECONDS });
}

/** The session id, or null for a missing, forged or expired cookie. */
export function verifyFormSession(value: string | null | undefined, now = new Date()): string | null {
  if (!value || value.length > 200) return null;
  const parsed = payloadSchema.safeParse(verify(PURPOSE, value));
  if (!parsed.success || parsed.data.x * 1000 <= now.getTime()) return null;
  return parsed.data.s;
}

/** Still good for at least half its life? Then a page view need not issue a new one. */
export function formSessionIsFresh(value: string | null | undefined, now = new Date()): boolean {
  return verifyFormSession(value, new Date(now.getTime() + (FORM_SESSION_TTL_SECONDS / 2) * 1000)) !== null;
}
