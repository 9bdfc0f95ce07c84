import { cookies } from 'next/headers';
import type { Plan, Role } from '@/generated/prisma/enums';
import { db } from '@/server/db/client';
import { isSessionTokenShape, sessionCookieName } from './session';

/**
 * Who is asking: a signed-in user (customer from the panel's SSO or a magic link, agent, admin) or a guest.
 * Read straight from next-auth's session table by the session cookie (the same one `auth()` reads), with role
 * and company from the database on every request, so a deactivated user or a changed role takes effect at
 * once, and route handlers can be called with a plain Request.
 */
export type Viewer =
  | { kind: 'guest' }
  | {
      kind: 'user';
      user: { id: string; name: string | null; email: string; role: Role; locale: string; isCompanyAdmin: boolean };
      company: { id: string; name: string; plan: Plan } | null;
    };

export async function getViewer(): Promise<Viewer> {
  return viewerFromSessionToken((await cookies()).get(sessionCookieName())?.value);
}

export async function getViewerForRequest(request: Request): Promise<Viewer> {
  const name = sessionCookieName();
  const token = request.headers
    .get('cookie')
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  return viewerFromSessionToken(token ? decodeCookieValue(token) : undefined);
}

/** A cookie value with a broken %-escape cannot name a session: it reads as no cookie (a guest), not a crash. */
function decodeCookieValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

async function viewerFromSessionToken(sessionToken: string | undefined, now = new Date()): Promise<Viewer> {
  if (!isSessionTokenShape(sessionToken)) return { kind: 'guest' };
  const session = await db().session.findUnique({
    where: { sessionToken },
    select: {
      expires: true,
      user: {
        select: {
          id: true,
          name: true,
          email: true,
          role: true,
          locale: true,
          isCompanyAdmin: true,
          active: true,
          company: { select: { id: true, name: true, plan: true } },
        },
      },
    },
  });
  if (!session || session.expires <= now || !session.user.active) return { kind: 'guest' };
  const { company, active: _active, ...user } = session.user;
  return { kind: 'user', user, company };
}
