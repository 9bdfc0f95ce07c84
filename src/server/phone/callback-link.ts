import { z } from 'zod';
import { sign, verify } from '@/server/auth/signing';

/**
 * The "move or cancel" link in a booked callback's e-mails: it lets whoever holds it manage that one callback without
 * signing in (like the ticket links, auth/ticket-link.ts), until a week after the latest slot it was issued for.
 * It names the callback by id (a UUID, never guessable) and the customer's address.
 */
const PURPOSE = 'callback-link';
const VALID_AFTER_SLOT_MS = 7 * 86_400_000;

const payloadSchema = z.object({ c: z.uuid(), e: z.string(), x: z.number().int() });

export interface CallbackLinkGrant {
  callbackId: string;
  email: string;
}

export function signCallbackLink(callbackId: string, email: string, slotStart: Date): string {
  const expiresAt = Math.floor((slotStart.getTime() + VALID_AFTER_SLOT_MS) / 1000);
  return sign(PURPOSE, { c: callbackId, e: email.toLowerCase(), x: expiresAt });
}

export function verifyCallbackLink(token: string | null | undefined, now = new Date()): CallbackLinkGrant | null {
  if (!token || token.length > 1_000) return null;
  const parsed = payloadSchema.safeParse(verify(PURPOSE, token));
  if (!parsed.success || parsed.data.x * 1000 < now.getTime()) return null;
  return { callbackId: parsed.data.c, email: parsed.data.e };
}
