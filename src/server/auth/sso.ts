import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Plan } from '@/generated/prisma/enums';
import { db, type Tx } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';
import { hitAll } from '@/server/rate-limit';
import { err, ok, type Result } from '@/server/result';
import { emailSchema, LIMITS, PLANS, safeString } from '@/server/tickets/schemas';
import { LOCALES, type Locale } from '@/i18n/config';
import { safeReturnPath } from './return-path';
import { createDatabaseSession, isSessionTokenShape, type SessionCookie } from './session';
import { CUSTOMER_HOME_PATH } from '@/server/links';

/**
 * The Vouchie panel's hand-off into Pomoc → Kontakt (docs/sso.md): the panel signs a short-lived HS256 JWT
 * with VOUCHIE_SSO_SECRET, the browser brings it to GET /sso/vouchie?token=…, and we verify it, spend its
 * `jti`, bring the company and user up to date and start a database session.
 */

export const SSO_ISSUER = 'vouchie-panel';
export const SSO_AUDIENCE = 'vouchie-support';
/** Longest lifetime (exp − iat) we accept: a hand-off is one click, not a credential to keep. */
export const SSO_MAX_LIFETIME_SECONDS = 300;
/** Tolerated difference between the panel's clock and ours. */
export const SSO_CLOCK_SKEW_SECONDS = 30;
export const SSO_DEFAULT_LIFETIME_SECONDS = 120;
export const SSO_DEFAULT_RETURN_TO = CUSTOMER_HOME_PATH;
const MAX_TOKEN_LENGTH = 8_192;

/** Why a hand-off was refused; each one is explained on /pomoc/logowanie/blad?powod=…. */
export const SSO_FAILURES = [
  'sso_expired',
  'sso_invalid',
  'sso_replayed',
  'sso_unavailable',
  'sso_rate_limited',
  'sso_inactive',
  'sso_staff',
] as const;
export type SsoFailure = (typeof SSO_FAILURES)[number];

export function isSsoFailure(value: unknown): value is SsoFailure {
  return typeof value === 'string' && (SSO_FAILURES as readonly string[]).includes(value);
}

const log = childLogger({ module: 'sso' });

const text = (max: number) => safeString().trim().min(1).max(max);

const claimsSchema = z.object({
  sub: text(200),
  email: emailSchema,
  name: text(LIMITS.name.max),
  company: z.object({ id: text(200), name: text(200), plan: z.enum(PLANS) }),
  locale: z.enum(LOCALES),
  jti: safeString().min(16).max(200),
  iat: z.number().int(),
  exp: z.number().int(),
  company_admin: z.boolean().optional(),
  return_to: safeString().optional(),
});

/** What the panel tells us about the person, as we use it. */
export interface SsoIdentity {
  panelUserId: string;
  email: string;
  name: string;
  company: { externalId: string; name: string; plan: Plan };
  /** Undefined when the panel did not say: an existing flag is then kept (unless the company changes). */
  isCompanyAdmin: boolean | undefined;
  locale: Locale;
  jti: string;
  /** After this the token can no longer verify, so its `jti` row may go. */
  usableUntil: Date;
  returnTo: string;
}

/** The claims a panel (or the demo panel, the CLI, a test) puts in a hand-off token. */
export interface SsoClaimsInput {
  sub: string;
  email: string;
  name: string;
  company: { id: string; name: string; plan: Plan };
  locale: Locale;
  company_admin?: boolean;
  return_to?: string;
  /** A fresh random one by default. */
  jti?: string;
}

function keyFrom(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs a hand-off token exactly as the Vouchie panel must (see docs/sso.md). */
export async function mintSsoToken(
  claims: SsoClaimsInput,
  secret: string,
  { now = new Date(), lifetimeSeconds = SSO_DEFAULT_LIFETIME_SECONDS }: { now?: Date; lifetimeSeconds?: number } = {},
): Promise<string> {
  if (lifetimeSeconds <= 0 || lifetimeSeconds > SSO_MAX_LIFETIME_SECONDS) {
    throw new RangeError(`An SSO token lives 1–${SSO_MAX_LIFETIME_SECONDS} s, not ${lifetimeSeconds} s`);
  }
  const { jti = randomUUID(), sub, ...rest } = claims;
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(SSO_ISSUER)
    .setAudience(SSO_AUDIENCE)
    .setSubject(sub)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .sign(keyFrom(secret));
}

/**
 * Checks signature (HS256 only), issuer, audience, expiry (with clock skew), lifetime and the claim set.
 * Does not touch the database: spending the `jti` is `redeemSsoIdentity`'s job.
 */
export async function verifySsoToken(
  token: string | null | undefined,
  secret: string | undefined,
  now = new Date(),
): Promise<Result<SsoIdentity, SsoFailure>> {
  if (!secret) {
    log.error('VOUCHIE_SSO_SECRET is not set: every SSO hand-off is refused');
    return err('sso_unavailable');
  }
  if (!token || token.length > MAX_TOKEN_LENGTH) return err('sso_invalid');

  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyFrom(secret), {
      algorithms: ['HS256'],
      issuer: SSO_ISSUER,
      audience: SSO_AUDIENCE,
      clockTolerance: SSO_CLOCK_SKEW_SECONDS,
      // Also refuses an `iat` in the future (beyond the skew) or older than the longest lifetime.
      maxTokenAge: SSO_MAX_LIFETIME_SECONDS,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      currentDate: now,
    }));
  } catch (error) {
    const code = error instanceof joseErrors.JOSEError ? error.code : 'ERR_UNKNOWN';
    log.warn({ code, reason: error instanceof Error ? error.message : String(error) }, 'SSO token refused');
    return err(error instanceof joseErrors.JWTExpired ? 'sso_expired' : 'sso_invalid');
  }

  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    log.warn({ issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) }, 'SSO token has an unexpected claim set');
    return err('sso_invalid');
  }
  const claims = parsed.data;
  const lifetime = claims.exp - claims.iat;
  if (lifetime <= 0 || lifetime > SSO_MAX_LIFETIME_SECONDS) {
    log.warn({ lifetime }, 'SSO token lives longer than allowed');
    return err('sso_invalid');
  }

  return ok({
    panelUserId: claims.sub,
    email: claims.email,
    name: claims.name,
    company: { externalId: claims.company.id, name: claims.company.name, plan: claims.company.plan },
    isCompanyAdmin: claims.company_admin,
    locale: claims.locale,
    jti: claims.jti,
    usableUntil: new Date((claims.exp + SSO_CLOCK_SKEW_SECONDS) * 1000),
    returnTo: safeReturnPath(claims.return_to, SSO_DEFAULT_RETURN_TO),
  });
}

type RedemptionFailure = 'sso_replayed' | 'sso_inactive' | 'sso_staff';
type Redemption = { ok: true; userId: string } | { ok: false; error: RedemptionFailure };

/**
 * In one transaction: spends the token's `jti` (a second use finds it taken), brings the company (by the
 * panel's company id) and the user (by the panel's user id, else by e-mail) up to date, and returns the user.
 * Roles are ours: a new user is a CUSTOMER. SSO is for customers only: a hand-off that names an agent's or an
 * admin's account (by panel id or by e-mail) is refused before anything is written, and logged, because the
 * panel's word about an e-mail address must never open the agent area.
 */
export async function redeemSsoIdentity(identity: SsoIdentity, now = new Date()): Promise<Result<{ userId: string }, RedemptionFailure>> {
  // Two hand-offs of one person at once (two tabs, a double click) are mostly serialised by the company row's
  // lock; if two still race to create the same user, the loser rolls back (its `jti` with it) and tries again,
  // finding what the winner made.
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await db().$transaction((tx) => redeemIn(tx, identity, now));
      return outcome.ok ? ok({ userId: outcome.userId }) : err(outcome.error);
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
}

async function redeemIn(tx: Tx, identity: SsoIdentity, now: Date): Promise<Redemption> {
  const byPanelId = await tx.user.findUnique({ where: { externalId: identity.panelUserId } });
  const byEmail = byPanelId?.email === identity.email ? byPanelId : await tx.user.findUnique({ where: { email: identity.email } });
  const existing = byPanelId ?? byEmail;
  if (existing && existing.role !== 'CUSTOMER') {
    log.warn({ userId: existing.id, role: existing.role, jti: identity.jti }, 'SSO hand-off for a staff account refused');
    return { ok: false, error: 'sso_staff' };
  }

  const spent = await tx.ssoTokenUse.createMany({
    data: [{ jti: identity.jti, expiresAt: identity.usableUntil, usedAt: now }],
    skipDuplicates: true,
  });
  if (spent.count === 0) {
    log.warn({ jti: identity.jti }, 'SSO token replayed');
    return { ok: false, error: 'sso_replayed' };
  }

  const { externalId, name, plan } = identity.company;
  const company = await tx.company.upsert({
    where: { externalId },
    create: { externalId, name, plan },
    update: { name, plan },
    select: { id: true },
  });

  if (!existing) {
    const user = await tx.user.create({
      data: {
        email: identity.email,
        name: identity.name,
        externalId: identity.panelUserId,
        role: 'CUSTOMER',
        companyId: company.id,
        isCompanyAdmin: identity.isCompanyAdmin ?? false,
        locale: identity.locale,
        emailVerified: now,
      },
      select: { id: true },
    });
    return { ok: true, userId: user.id };
  }

  if (!existing.active) {
    log.warn({ userId: existing.id }, 'SSO hand-off for a deactivated user refused');
    return { ok: false, error: 'sso_inactive' };
  }

  // The panel's address wins, unless another of our accounts already uses it: accounts are never merged silently.
  const emailTakenByOther = byEmail !== null && byEmail.id !== existing.id;
  if (emailTakenByOther) {
    log.warn({ userId: existing.id, otherUserId: byEmail.id }, 'SSO e-mail belongs to another account; keeping the stored address');
  }
  if (existing.externalId && existing.externalId !== identity.panelUserId) {
    log.warn({ userId: existing.id }, 'SSO relinks an account to another panel user id (matched by e-mail)');
  }

  const isCustomer = existing.role === 'CUSTOMER';
  const companyChanges = existing.companyId !== company.id;
  const user = await tx.user.update({
    where: { id: existing.id },
    data: {
      name: identity.name,
      locale: identity.locale,
      externalId: identity.panelUserId,
      ...(emailTakenByOther ? {} : { email: identity.email }),
      ...(existing.emailVerified ? {} : { emailVerified: now }),
      // Staff are not members of a merchant's company; a customer follows the panel.
      ...(isCustomer
        ? {
            companyId: company.id,
            // A company-admin flag never travels to another company unless the panel says so again.
            isCompanyAdmin: identity.isCompanyAdmin ?? (companyChanges ? false : existing.isCompanyAdmin),
          }
        : {}),
    },
    select: { id: true },
  });
  return { ok: true, userId: user.id };
}

export interface SsoSignIn {
  cookie: SessionCookie;
  returnTo: string;
  locale: Locale;
}

/**
 * The whole hand-off behind GET /sso/vouchie: rate limit per IP, verify, redeem, then a database session
 * (replacing the browser's previous one, if any).
 */
export async function signInWithSsoToken(input: {
  token: string | null;
  ip: string;
  previousSessionToken?: string | undefined;
  now?: Date;
}): Promise<Result<SsoSignIn, SsoFailure>> {
  const now = input.now ?? new Date();
  const config = env();
  const limit = await hitAll([{ key: `sso:ip:${input.ip}`, limit: config.RATE_LIMIT_SSO_PER_IP }]);
  if (!limit.allowed) return err('sso_rate_limited');

  const verified = await verifySsoToken(input.token, config.VOUCHIE_SSO_SECRET, now);
  if (!verified.ok) return verified;
  const redeemed = await redeemSsoIdentity(verified.value, now);
  if (!redeemed.ok) return redeemed;

  // A cookie that cannot be a session (a NUL, which Postgres text cannot hold, or any other junk) has nothing to end.
  if (isSessionTokenShape(input.previousSessionToken)) {
    await db().session.deleteMany({ where: { sessionToken: input.previousSessionToken } });
  }
  const cookie = await createDatabaseSession(redeemed.value.userId, now);
  log.info({ userId: redeemed.value.userId }, 'signed in through the Vouchie panel');
  return ok({ cookie, returnTo: verified.value.returnTo, locale: verified.value.locale });
}

/** Spent `jti`s are kept only while their token could still verify (the worker runs this periodically). */
export async function sweepUsedSsoTokens(now = new Date()): Promise<number> {
  const { count } = await db().ssoTokenUse.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}

/** "Wróć do panelu Vouchie": the real panel, or the demo panel standing in for it in DEMO_MODE. */
export function vouchiePanelUrl(): string {
  const config = env();
  return config.DEMO_MODE ? '/demo/panel' : config.VOUCHIE_PANEL_URL;
}
