import { randomBytes } from 'node:crypto';
import { db } from '@/server/db/client';
import { env } from '@/server/env';

/**
 * Database sessions, shared with next-auth: the same table and the same cookie, so a session started by the
 * SSO hand-off or the demo sign-in is read by `auth()` exactly like one started by a magic link.
 */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function usesSecureCookies(): boolean {
  return env().APP_URL.startsWith('https://');
}

/** next-auth's cookie name: the `__Secure-` prefix makes browsers refuse it over plain http. */
export function sessionCookieName(): string {
  return usesSecureCookies() ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

export interface SessionCookie {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/'; expires: Date };
}

export type SignInMethod = 'sso' | 'magic_link' | 'demo';

export async function createDatabaseSession(userId: string, now = new Date(), method: SignInMethod = 'sso'): Promise<SessionCookie> {
  const sessionToken = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db().session.create({ data: { sessionToken, userId, expires } });
  await recordSignIn(userId, now, method);
  return {
    name: sessionCookieName(),
    value: sessionToken,
    options: { httpOnly: true, sameSite: 'lax', secure: usesSecureCookies(), path: '/', expires },
  };
}

/**
 * Stamps a successful sign-in (every path: magic link through next-auth's `events.signIn`, SSO and demo through
 * `createDatabaseSession`): the admin's team page shows when each agent last signed in, and an invitation
 * counts as accepted once its invitee has signed in, and the person's sign-in history gets a row.
 */
export async function recordSignIn(userId: string, now = new Date(), method: SignInMethod = 'magic_link'): Promise<void> {
  const { count } = await db().user.updateMany({ where: { id: userId }, data: { lastSignInAt: now, invitedAt: null } });
  // The sign-in history a person's data export lists (docs/privacy.md): when and how, nothing else.
  if (count > 0) await db().signInEvent.create({ data: { userId, method, at: now } });
}

/**
 * Session tokens are ours (base64url) or Auth.js's (UUIDs): anything else (a NUL, which Postgres text cannot
 * even hold, spaces, a megabyte) is no session, answered without asking the database.
 */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{16,512}$/;

export function isSessionTokenShape(value: string | undefined): value is string {
  return value !== undefined && SESSION_TOKEN.test(value);
}
