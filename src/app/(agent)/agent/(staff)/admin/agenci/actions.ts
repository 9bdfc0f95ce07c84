'use server';

import { randomUUID } from 'node:crypto';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import type { Principal } from '@/server/auth/policy';
import { changeStaffRole, inviteStaff, resendInvitation, setStaffActive, setStaffNotifications, type TeamError } from '@/server/admin/team';
import type { InviteStaffInput, NotificationSettings, StaffRole } from '@/server/admin/team-schemas';
import type { Result } from '@/server/result';
import { logger } from '@/server/logger';
import { isLocale, type Locale } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';

/**
 * The team page's actions: find the principal, call src/server/admin/team.ts (which checks the admin role and
 * the guards), translate its errors, refresh the page. The answer carries a sentence for the toast or the row.
 */

export type TeamActionResult = { ok: true; message: string } | { ok: false; message: string | null; fieldErrors: Record<string, string[]> };

async function requestLocale(): Promise<Locale> {
  const locale = await getLocale();
  return isLocale(locale) ? locale : 'pl';
}

async function run<T>(action: string, work: (principal: Principal) => Promise<Result<T, TeamError>>, success: (value: T, t: ReturnType<typeof translator>) => string): Promise<TeamActionResult> {
  const locale = await requestLocale();
  const t = translator(locale);
  try {
    const outcome = await work(principalFrom({ viewer: await getViewer() }));
    if (outcome.ok) {
      refresh();
      return { ok: true, message: success(outcome.value, t) };
    }
    if (outcome.error.kind === 'invalid') return { ok: false, message: null, fieldErrors: translateFieldErrors(outcome.error.fieldErrors, locale) };
    return { ok: false, message: t(`adminTeam.errors.${outcome.error.kind}`), fieldErrors: {} };
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action }, 'team action failed');
    return { ok: false, message: `${t('adminTeam.errors.tryAgain')} (${requestId.slice(0, 8)})`, fieldErrors: {} };
  }
}

export async function inviteStaffAction(input: InviteStaffInput): Promise<TeamActionResult> {
  return run('inviteStaff', (principal) => inviteStaff(principal, input), (_value, t) => t('adminTeam.toast.invited', { email: String(input.email).trim().toLowerCase() }));
}

export async function resendInvitationAction(userId: string): Promise<TeamActionResult> {
  return run('resendInvitation', (principal) => resendInvitation(principal, userId), (_value, t) => t('adminTeam.toast.resent'));
}

export async function changeStaffRoleAction(userId: string, role: StaffRole): Promise<TeamActionResult> {
  return run('changeStaffRole', (principal) => changeStaffRole(principal, userId, role), (value, t) => t('adminTeam.toast.roleChanged', { role: t(`agent.roles.${value.role}`) }));
}

export async function setStaffActiveAction(userId: string, active: boolean): Promise<TeamActionResult> {
  return run('setStaffActive', (principal) => setStaffActive(principal, userId, active), (value, t) => (value.active ? t('adminTeam.toast.reactivated') : t('adminTeam.toast.deactivated')));
}

export async function setStaffNotificationsAction(userId: string, settings: NotificationSettings): Promise<TeamActionResult> {
  return run('setStaffNotifications', (principal) => setStaffNotifications(principal, userId, settings), (_value, t) => t('adminTeam.toast.notificationsSaved'));
}
