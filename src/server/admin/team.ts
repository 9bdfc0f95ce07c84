import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@/generated/prisma/enums';
import type { Tx } from '@/server/db/client';
import { db } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { transact } from '@/server/db/transact';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';
import { canAccessAdmin, isStaff, type Principal } from '@/server/auth/policy';
import { AGENT_HOME_PATH } from '@/server/auth/paths';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { EMAIL_TEMPLATES, renderStaffInvitation } from '@/server/mail/outbound/templates';
import { err, ok, type Result } from '@/server/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { OPEN_STATUSES } from '@/server/tickets/status';
import { toLocale } from '@/i18n/config';
import {
  inviteStaffSchema,
  notificationSettingsSchema,
  ownSettingsSchema,
  staffRoleSchema,
  userIdSchema,
  type NotificationSettings,
  type StaffRole,
} from './team-schemas';

/**
 * The support team, managed by admins on /agent/admin/agenci: invite by e-mail, re-send the invitation, change
 * role, deactivate and reactivate, and each agent's two notification switches; plus every staff member's own
 * settings (/agent/ustawienia). Admin-only functions answer anyone else with `forbidden`.
 *
 * Guards that keep the desk administrable: nobody changes their own role or deactivates themselves, and the last
 * active admin can be neither demoted nor deactivated. They are checked with every active admin's row locked, so
 * two admins demoting each other at the same moment cannot both succeed.
 *
 * Every change is logged (pino, `module: admin-team`) with who did what to whom.
 */

const audit = childLogger({ module: 'admin-team' });

/** Invitation links stay valid this long (a magic link only 15 minutes: an invitation may wait over a weekend). */
export const INVITATION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export type TeamError =
  | { kind: 'forbidden' }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'not_found' }
  /** The address belongs to a customer: staff and customer accounts stay apart (a customer's tickets, company, SSO identity). */
  | { kind: 'customer_address' }
  | { kind: 'already_staff' }
  /** Changing one's own role or deactivating oneself. */
  | { kind: 'self' }
  | { kind: 'last_admin' }
  /** Re-sending an invitation to someone who has already signed in. */
  | { kind: 'already_signed_in' }
  | { kind: 'inactive' };

export interface StaffMember {
  id: string;
  name: string | null;
  email: string;
  role: StaffRole;
  active: boolean;
  locale: string;
  invitedAt: Date | null;
  lastSignInAt: Date | null;
  emailBouncedAt: Date | null;
  emailBounceReason: string | null;
  notifyNewTickets: boolean;
  notifyAssignedReplies: boolean;
  openAssignedCount: number;
  isYou: boolean;
}

type AdminPrincipal = Extract<Principal, { kind: 'user' }>;

function asAdmin(principal: Principal): AdminPrincipal | null {
  return principal.kind === 'user' && canAccessAdmin(principal) ? principal : null;
}

const STAFF_ROLES_FILTER: Role[] = ['AGENT', 'ADMIN'];

/** Everyone on the team, active first, then by name; with how many open tickets each has assigned. */
export async function listStaff(principal: Principal): Promise<Result<StaffMember[], TeamError>> {
  const admin = asAdmin(principal);
  if (!admin) return err({ kind: 'forbidden' });
  const [users, counts] = await Promise.all([
    db().user.findMany({
      where: { role: { in: STAFF_ROLES_FILTER } },
      orderBy: [{ active: 'desc' }, { name: 'asc' }, { email: 'asc' }],
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        active: true,
        locale: true,
        invitedAt: true,
        lastSignInAt: true,
        emailBouncedAt: true,
        emailBounceReason: true,
        notifyNewTickets: true,
        notifyAssignedReplies: true,
      },
    }),
    db().ticket.groupBy({
      by: ['assigneeId'],
      where: { assigneeId: { not: null }, status: { in: [...OPEN_STATUSES] } },
      _count: { _all: true },
    }),
  ]);
  const openByAssignee = new Map(counts.map((row) => [row.assigneeId, row._count._all]));
  return ok(
    users.map((user) => ({
      ...user,
      role: user.role === 'ADMIN' ? 'ADMIN' : 'AGENT',
      openAssignedCount: openByAssignee.get(user.id) ?? 0,
      isYou: user.id === admin.userId,
    })),
  );
}

/** next-auth stores `sha256(token + secret)` in hex (@auth/core's send-token / callback); so must we. */
export function verificationTokenHash(token: string, secret = env().AUTH_SECRET): string {
  return createHash('sha256').update(`${token}${secret}`).digest('hex');
}

/**
 * A sign-in link that next-auth's own e-mail callback accepts: the same token format, hash and URL its e-mail
 * provider produces, only longer-lived. Opening it signs the invitee in through next-auth (and
 * `events.signIn` marks the invitation accepted); there is no second login path to keep secure.
 */
async function mintInvitationLink(tx: Tx, email: string, expires: Date): Promise<string> {
  const token = randomBytes(32).toString('hex');
  await tx.verificationToken.create({ data: { identifier: email, token: verificationTokenHash(token), expires } });
  const url = new URL('/api/auth/callback/email', env().APP_URL);
  url.search = new URLSearchParams({ callbackUrl: AGENT_HOME_PATH, token, email }).toString();
  return url.toString();
}

/**
 * Drops earlier invitation links to this address: only the newest invitation should work. A pending 15-minute
 * magic link is kept (it expires within the hour, an invitation link much later).
 */
async function dropInvitationLinks(tx: Tx, email: string, now: Date): Promise<void> {
  await tx.verificationToken.deleteMany({ where: { identifier: email, expires: { gt: new Date(now.getTime() + 60 * 60 * 1000) } } });
}

async function sendInvitation(
  tx: Tx,
  invitee: { email: string; name: string | null; role: Role; locale: string },
  inviterId: string,
  now: Date,
) {
  const inviter = await tx.user.findUnique({ where: { id: inviterId }, select: { name: true, email: true } });
  const expiresAt = new Date(now.getTime() + INVITATION_MAX_AGE_MS);
  const url = await mintInvitationLink(tx, invitee.email, expiresAt);
  const mail = renderStaffInvitation({
    locale: toLocale(invitee.locale),
    recipientName: invitee.name ?? invitee.email,
    inviterName: inviter?.name ?? inviter?.email ?? 'Vouchie',
    role: invitee.role === 'ADMIN' ? 'ADMIN' : 'AGENT',
    url,
    expiresAt,
  });
  await enqueueEmail(tx, { template: EMAIL_TEMPLATES.staffInvitation, to: { email: invitee.email, name: invitee.name }, ...mail });
}

/** Creates an agent or admin and e-mails them an invitation (a sign-in link valid for 7 days). */
export async function inviteStaff(principal: Principal, input: unknown, now = new Date()): Promise<Result<{ userId: string }, TeamError>> {
  const admin = asAdmin(principal);
  if (!admin) return err({ kind: 'forbidden' });
  const parsed = inviteStaffSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const { email, name, role, locale } = parsed.data;

  const result = await transact<{ userId: string }, TeamError>(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { role: true } });
    if (existing) return err(existing.role === 'CUSTOMER' ? { kind: 'customer_address' } : { kind: 'already_staff' });
    const user = await tx.user.create({
      data: { email, name, role, locale, invitedAt: now, invitedById: admin.userId },
      select: { id: true },
    });
    await sendInvitation(tx, { email, name, role, locale }, admin.userId, now);
    return ok({ userId: user.id });
  }).catch((error: unknown) => {
    // Two admins inviting the same address at once: the unique e-mail index lets one through.
    if (isUniqueViolation(error)) return err<TeamError>({ kind: 'already_staff' });
    throw error;
  });
  if (result.ok) audit.info({ action: 'invite', actorId: admin.userId, targetId: result.value.userId, email, role }, 'staff invited');
  return result;
}

/** A new link for someone invited who has not signed in yet (the old links stop working). */
export async function resendInvitation(principal: Principal, userId: unknown, now = new Date()): Promise<Result<null, TeamError>> {
  const admin = asAdmin(principal);
  if (!admin) return err({ kind: 'forbidden' });
  const id = userIdSchema.safeParse(userId);
  if (!id.success) return err({ kind: 'not_found' });

  const result = await transact<null, TeamError>(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: id.data },
      select: { email: true, name: true, role: true, locale: true, active: true, invitedAt: true, lastSignInAt: true },
    });
    if (!user || !STAFF_ROLES_FILTER.includes(user.role)) return err({ kind: 'not_found' });
    if (!user.active) return err({ kind: 'inactive' });
    if (user.lastSignInAt) return err({ kind: 'already_signed_in' });
    await dropInvitationLinks(tx, user.email, now);
    await tx.user.update({ where: { id: id.data }, data: { invitedAt: now, invitedById: admin.userId } });
    await sendInvitation(tx, user, admin.userId, now);
    return ok(null);
  });
  if (result.ok) audit.info({ action: 'resendInvitation', actorId: admin.userId, targetId: id.data }, 'staff invitation re-sent');
  return result;
}

/**
 * Runs `work` on a staff member other than the acting admin, with every active admin's row locked, so the "last
 * active admin" guard sees a settled count: of two admins demoting each other at the same moment, the second
 * finds the first already gone and is refused. `removesAdmin` says whether the change takes the target out of
 * the active admins. The actor must still be an active admin (a stale session of a demoted one may do nothing).
 */
async function withTeamLocked<T>(
  admin: AdminPrincipal,
  targetId: string,
  removesAdmin: boolean,
  work: (tx: Tx, target: { id: string; role: Role; active: boolean; email: string }) => Promise<T>,
): Promise<Result<T, TeamError>> {
  if (targetId === admin.userId) return err({ kind: 'self' });
  return transact<T, TeamError>(async (tx) => {
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id::text AS id FROM "User" WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE`;
    const activeAdminIds = locked.map((row) => row.id);
    const target = await tx.user.findUnique({ where: { id: targetId }, select: { id: true, role: true, active: true, email: true } });
    if (!target || !STAFF_ROLES_FILTER.includes(target.role)) return err({ kind: 'not_found' });
    if (removesAdmin && activeAdminIds.includes(target.id) && activeAdminIds.length === 1) return err({ kind: 'last_admin' });
    if (!activeAdminIds.includes(admin.userId)) return err({ kind: 'forbidden' });
    return ok(await work(tx, target));
  });
}

/** Agent ↔ admin. Not one's own role, and never the last active admin's. */
export async function changeStaffRole(
  principal: Principal,
  userId: unknown,
  role: unknown,
): Promise<Result<{ role: StaffRole }, TeamError>> {
  const admin = asAdmin(principal);
  if (!admin) return err({ kind: 'forbidden' });
  const id = userIdSchema.safeParse(userId);
  if (!id.success) return err({ kind: 'not_found' });
  const newRole = staffRoleSchema.safeParse(role);
  if (!newRole.success) return err({ kind: 'invalid', fieldErrors: { role: ['adminTeam.errors.role'] } });

  const result = await withTeamLocked(admin, id.data, newRole.data !== 'ADMIN', async (tx, target) => {
    await tx.user.update({ where: { id: target.id }, data: { role: newRole.data } });
    return { role: newRole.data, from: target.role };
  });
  if (!result.ok) return result;
  audit.info(
    { action: 'changeRole', actorId: admin.userId, targetId: id.data, from: result.value.from, to: result.value.role },
    'staff role changed',
  );
  return ok({ role: result.value.role });
}

/**
 * Deactivation signs the person out at once (their sessions are deleted, and the session lookup ignores inactive
 * users anyway) and voids their pending sign-in links; their tickets, messages and history stay. Reactivation
 * lets them sign in again with a magic link.
 */
export async function setStaffActive(
  principal: Principal,
  userId: unknown,
  active: boolean,
): Promise<Result<{ active: boolean; sessionsEnded: number }, TeamError>> {
  const admin = asAdmin(principal);
  if (!admin) return err({ kind: 'forbidden' });
  const id = userIdSchema.safeParse(userId);
  if (!id.success) return err({ kind: 'not_found' });

  const result = await withTeamLocked(admin, id.data, !active, async (tx, target) => {
    if (active) {
      await tx.user.update({ where: { id: target.id }, data: { active: true } });
      return { active, sessionsEnded: 0 };
    }
    await tx.user.update({ where: { id: target.id }, data: { active: false } });
    const sessions = await tx.session.deleteMany({ where: { userId: target.id } });
    await tx.verificationToken.deleteMany({ where: { identifier: target.email } });
    await tx.ticketPresence.deleteMany({ where: { userId: target.id } });
    return { active, sessionsEnded: sessions.count };
  });
  if (result.ok) {
    audit.info(
      { action: active ? 'reactivate' : 'deactivate', actorId: admin.userId, targetId: id.data, sessionsEnded: result.value.sessionsEnded },
      active ? 'staff reactivated' : 'staff deactivated',
    );
  }
  return result;
}

/** An admin sets an agent's e-mail notification switches (the agent can also do it on their own settings page). */
export async function setStaffNotifications(
  principal: Principal,
  userId: unknown,
  input: unknown,
): Promise<Result<NotificationSettings, TeamError>> {
  const admin = asAdmin(principal);
  if (!admin) return err({ kind: 'forbidden' });
  const id = userIdSchema.safeParse(userId);
  if (!id.success) return err({ kind: 'not_found' });
  const parsed = notificationSettingsSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });

  const updated = await db().user.updateMany({ where: { id: id.data, role: { in: STAFF_ROLES_FILTER } }, data: parsed.data });
  if (updated.count === 0) return err({ kind: 'not_found' });
  audit.info({ action: 'setNotifications', actorId: admin.userId, targetId: id.data, ...parsed.data }, 'staff notifications changed');
  return ok(parsed.data);
}

export interface OwnSettings extends NotificationSettings {
  name: string;
  email: string;
  locale: 'pl' | 'en';
  role: StaffRole;
  notifyDigest: boolean;
}

/** The signed-in agent's or admin's own settings; null for anyone else. */
export async function getOwnSettings(principal: Principal): Promise<OwnSettings | null> {
  if (principal.kind !== 'user' || !isStaff(principal)) return null;
  const user = await db().user.findUnique({
    where: { id: principal.userId },
    select: { name: true, email: true, locale: true, role: true, notifyNewTickets: true, notifyAssignedReplies: true, notifyDigest: true },
  });
  if (!user) return null;
  return {
    ...user,
    name: user.name ?? '',
    locale: toLocale(user.locale),
    role: user.role === 'ADMIN' ? 'ADMIN' : 'AGENT',
  };
}

/** Display name, language (the UI's and their e-mails') and notification switches, for oneself. */
export async function updateOwnSettings(principal: Principal, input: unknown): Promise<Result<{ locale: 'pl' | 'en' }, TeamError>> {
  if (principal.kind !== 'user' || !isStaff(principal)) return err({ kind: 'forbidden' });
  const parsed = ownSettingsSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const updated = await db().user.updateMany({ where: { id: principal.userId, active: true }, data: parsed.data });
  if (updated.count === 0) return err({ kind: 'not_found' });
  audit.info(
    {
      action: 'updateOwnSettings',
      actorId: principal.userId,
      locale: parsed.data.locale,
      notifyNewTickets: parsed.data.notifyNewTickets,
      notifyAssignedReplies: parsed.data.notifyAssignedReplies,
      notifyDigest: parsed.data.notifyDigest,
    },
    'own settings changed',
  );
  return ok({ locale: parsed.data.locale });
}
