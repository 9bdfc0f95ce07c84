import NextAuth from 'next-auth';
import type { Adapter } from 'next-auth/adapters';
import type { EmailConfig } from 'next-auth/providers';
import { PrismaAdapter } from '@auth/prisma-adapter';
import { maySignIn, promoteListedAdminOnFirstSignIn } from '@/server/admin/bootstrap';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { emailSchema } from '@/server/tickets/schemas';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { renderMagicLink } from '@/server/mail/outbound/templates';
import { toLocale } from '@/i18n/config';
import { CHECK_INBOX_PATH, SIGN_IN_ERROR_PATH, SIGN_IN_PATH } from './paths';
import { sameSitePath } from './return-path';
import { recordSignIn, SESSION_MAX_AGE_SECONDS, usesSecureCookies } from './session';

const MAGIC_LINK_MAX_AGE_SECONDS = 15 * 60;

/** Magic links leave through the outbox like every other e-mail (captured in dev, retried on SMTP trouble). */
const magicLink: EmailConfig = {
  id: 'email',
  type: 'email',
  name: 'E-mail',
  maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
  normalizeIdentifier: (identifier) => emailSchema.parse(identifier),
  async sendVerificationRequest({ identifier, url, expires }) {
    // Only people we know (and ADMIN_EMAILS) get a link; everyone else got the very same answer from Auth.js (see
    // callbacks.signIn).
    if (!(await maySignIn(identifier))) return;
    const user = await db().user.findUnique({ where: { email: identifier }, select: { name: true, locale: true } });
    const locale = toLocale(user?.locale);
    const mail = renderMagicLink({ locale, url, expiresAt: expires });
    await db().$transaction((tx) =>
      enqueueEmail(tx, { template: 'auth.magicLink', to: { email: identifier, name: user?.name ?? null }, ...mail }),
    );
  },
};

/**
 * Every link request takes the same path through Auth.js (see callbacks.signIn); for an address we do not know
 * no token is stored (a link nobody receives needs none, and the table does not fill with strangers' addresses).
 */
function withoutTokensForStrangers(adapter: Adapter): Adapter {
  const create = adapter.createVerificationToken?.bind(adapter);
  return {
    ...adapter,
    async createVerificationToken(token) {
      if (!create || !(await maySignIn(token.identifier))) return token;
      return create(token);
    },
  };
}

/**
 * next-auth (Auth.js v5) with database sessions through the Prisma adapter. Configured lazily, so `next build`
 * needs no environment. Only people we already know (customers who filed a ticket or came through SSO,
 * agents, admins) get a sign-in link: the e-mail form never creates accounts.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = env();
  // Auth.js builds the mailed link from AUTH_URL, else from the request's Host header, which a client can forge
  // (a link to someone else's site carrying a valid token): our public address is APP_URL.
  process.env.AUTH_URL ??= new URL('/api/auth', config.APP_URL).href;
  return {
    adapter: withoutTokensForStrangers(PrismaAdapter(db())),
    secret: config.AUTH_SECRET,
    trustHost: true,
    useSecureCookies: usesSecureCookies(),
    session: { strategy: 'database', maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 60 * 60 },
    providers: [magicLink],
    events: {
      async signIn({ user }) {
        if (!user.id) return;
        await promoteListedAdminOnFirstSignIn(user.id);
        await recordSignIn(user.id);
      },
    },
    pages: { signIn: SIGN_IN_PATH, verifyRequest: CHECK_INBOX_PATH, error: SIGN_IN_ERROR_PATH },
    callbacks: {
      async signIn({ user, email }) {
        // Asking for a link: every address, known or not, staff or customer, takes Auth.js's one path to the same
        // response (status, Location, cookies), so the form reveals nobody; sendVerificationRequest mails only the
        // active accounts we know. Redeeming a link: only an active account we know signs in (the form never
        // creates accounts, except for an ADMIN_EMAILS address signing in for the first time).
        if (email?.verificationRequest) return true;
        return user.email ? maySignIn(user.email) : false;
      },
      // Only paths of this site, and always as a relative Location: the browser stays on the host it came in on,
      // where the session cookie was set (Next.js reports loopback hosts as "localhost", so origins alone mislead).
      redirect({ url, baseUrl }) {
        return sameSitePath(url, [baseUrl, config.APP_URL]);
      },
      session({ session, user }) {
        return { ...session, user: { ...session.user, id: user.id } };
      },
    },
  };
});
