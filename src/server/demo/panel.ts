import type { Plan, Role } from '@/generated/prisma/enums';
import { createDatabaseSession, type SessionCookie } from '@/server/auth/session';
import { mintSsoToken, SSO_DEFAULT_RETURN_TO } from '@/server/auth/sso';
import { safeReturnPath } from '@/server/auth/return-path';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { toLocale } from '@/i18n/config';
import { signInErrorPath } from '@/server/links';

/**
 * DEMO_MODE only: a stand-in for the Vouchie panel (who can click "Pomoc → Kontakt") and a mail-free sign-in
 * for the demo staff. Every function answers null outside DEMO_MODE, so a route that forgets to check still
 * opens nothing.
 */
export function isDemoMode(): boolean {
  return env().DEMO_MODE;
}

export interface DemoCustomer {
  id: string;
  name: string;
  email: string;
  isCompanyAdmin: boolean;
}

export interface DemoCompany {
  id: string;
  name: string;
  plan: Plan;
  customers: DemoCustomer[];
}

export interface DemoStaffMember {
  id: string;
  name: string;
  email: string;
  role: Role;
}

const PLAN_ORDER: Record<Plan, number> = { START: 0, BIZNES: 1, PREMIUM: 2 };

/** The panel's companies (those the panel knows: with an external id) and their active customers, by plan. */
export async function demoPanelDirectory(): Promise<{ companies: DemoCompany[]; staff: DemoStaffMember[] } | null> {
  if (!isDemoMode()) return null;
  const [companies, staff] = await Promise.all([
    db().company.findMany({
      where: { externalId: { not: null } },
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        plan: true,
        users: {
          where: { role: 'CUSTOMER', active: true },
          orderBy: [{ isCompanyAdmin: 'desc' }, { name: 'asc' }],
          select: { id: true, name: true, email: true, isCompanyAdmin: true },
        },
      },
    }),
    db().user.findMany({
      where: { role: { in: ['AGENT', 'ADMIN'] }, active: true },
      orderBy: [{ role: 'asc' }, { name: 'asc' }],
      select: { id: true, name: true, email: true, role: true },
    }),
  ]);
  return {
    companies: companies
      .filter((c) => c.users.length > 0)
      .sort((a, b) => PLAN_ORDER[a.plan] - PLAN_ORDER[b.plan] || a.name.localeCompare(b.name, 'pl'))
      .map((c) => ({ ...c, customers: c.users.map((u) => ({ ...u, name: u.name ?? u.email })) })),
    staff: staff.map((s) => ({ ...s, name: s.name ?? s.email })),
  };
}

/**
 * What the panel does when a customer clicks "Pomoc → Kontakt": a fresh token for that customer, signed with
 * the shared secret, and the /sso/vouchie address that carries it. Null for anyone the demo panel does not list.
 */
export async function demoHandOffPath(userId: string, returnTo?: string | null): Promise<string | null> {
  const token = await demoSsoToken(userId, returnTo);
  if (token === 'unavailable') return signInErrorPath('sso_unavailable');
  return token ? `/sso/vouchie?${new URLSearchParams({ token })}` : null;
}

/**
 * A fresh single-use SSO token for a listed demo customer, as the panel mints it for the hand-off and for the chat
 * widget (/demo/panel/czat asks /demo/panel/sso-token each time the widget needs one). Null for anyone else.
 */
export async function demoSsoToken(userId: string, returnTo?: string | null): Promise<string | 'unavailable' | null> {
  if (!isDemoMode() || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const secret = env().VOUCHIE_SSO_SECRET;
  if (!secret) return 'unavailable';
  const user = await demoCustomer(userId);
  if (!user?.active || user.role !== 'CUSTOMER' || !user.company?.externalId) return null;
  return mintSsoToken(
    {
      sub: user.externalId ?? user.id,
      email: user.email,
      name: user.name ?? user.email,
      company: { id: user.company.externalId, name: user.company.name, plan: user.company.plan },
      locale: toLocale(user.locale),
      company_admin: user.isCompanyAdmin,
      return_to: safeReturnPath(returnTo, SSO_DEFAULT_RETURN_TO),
    },
    secret,
  );
}

/** The demo customer behind a panel link, with what the token carries. */
export function demoCustomer(userId: string) {
  return db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      externalId: true,
      locale: true,
      isCompanyAdmin: true,
      company: { select: { externalId: true, name: true, plan: true } },
    },
  });
}

/** Signs a demo agent or admin in without a magic link. Null for anything but an active staff address. */
export async function demoStaffSession(email: string | null): Promise<SessionCookie | null> {
  if (!isDemoMode() || !email || email.length > 254) return null;
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, role: true, active: true } });
  if (!user?.active || (user.role !== 'AGENT' && user.role !== 'ADMIN')) return null;
  return createDatabaseSession(user.id, new Date(), 'demo');
}
