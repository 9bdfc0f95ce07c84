import { hkdfSync } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { env } from '@/server/env';

/**
 * The chat token: what the widget (a third-party iframe, where the portal's session cookie does not travel) holds
 * to reach ONE conversation. HS256 (jose) with a key derived from AUTH_SECRET for this purpose only; it names the
 * chat and the customer and lives 12 hours. Sent as `Authorization: Bearer …`, or `?token=` on the event stream
 * (EventSource cannot set headers). Never accepted for another chat, and a chat is never reachable by id alone.
 */

export const CHAT_TOKEN_TTL_SECONDS = 12 * 60 * 60;
const AUDIENCE = 'vouchie-chat';
const ISSUER = 'vouchie-support';

const keys = new Map<string, Uint8Array>();

function key(): Uint8Array {
  const secret = env().AUTH_SECRET;
  let derived = keys.get(secret);
  if (!derived) {
    derived = new Uint8Array(hkdfSync('sha256', secret, 'vouchie-support', 'chat-token', 32));
    keys.set(secret, derived);
  }
  return derived;
}

export interface ChatGrant {
  chatId: string;
  customerId: string;
}

export async function signChatToken(grant: ChatGrant, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ cid: grant.chatId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(grant.customerId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + CHAT_TOKEN_TTL_SECONDS)
    .sign(key());
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function verifyChatToken(token: string | null | undefined, now = new Date()): Promise<ChatGrant | null> {
  if (!token || token.length > 2_000) return null;
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER, currentDate: now });
    const chatId = payload.cid;
    const customerId = payload.sub;
    if (typeof chatId !== 'string' || !UUID.test(chatId) || typeof customerId !== 'string' || !UUID.test(customerId)) return null;
    return { chatId, customerId };
  } catch {
    return null;
  }
}

/** The bearer token of a request, else (event streams only) its `?token=`. */
export function chatTokenFrom(request: Request, options: { allowQuery?: boolean } = {}): string | null {
  const header = request.headers.get('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim() || null;
  return options.allowQuery ? new URL(request.url).searchParams.get('token') : null;
}
