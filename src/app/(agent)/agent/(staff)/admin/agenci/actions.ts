'use server';

import { runAction, type ActionResult, type Translator } from '@/server/actions/run-action';
import type { Principal } from '@/server/auth/policy';
import { changeStaffRole, inviteStaff, resendInvitation, setStaffActive, setStaffNotifications, type TeamError } from '@/server/admin/team';
import type { InviteStaffInput, NotificationSettings, StaffRole } from '@/server/admin/team-schemas';
import type { Result } from '@/server/result';

/**
 * The team page's actions: call src/server/admin/team.ts (which checks the admin role and the guards) for the
 * request's principal. The answer carries a sentence for the toast; a refusal, one for the row or the form.
 */

function runTeamAction<T>(
  name: string,
  work: (principal: Principal) => Promise<Result<T, TeamError>>,
  success: (value: T, t: Translator) => string,
): Promise<ActionResult> {
  return runAction({
    name,
    run: ({ principal }) => work(principal),
    expected: (error, { t }) => ({ formError: t(`adminTeam.errors.${error.kind}`) }),
    success: (value, { t }) => ({ data: null, message: success(value, t) }),
  });
}

export async function inviteStaffAction(input: InviteStaffInput): Promise<ActionResult> {
  return runTeamAction(
    'inviteStaff',
    (principal) => inviteStaff(principal, input),
    (_value, t) => t('adminTeam.toast.invited', { email: String(input.email).trim().toLowerCase() }),
  );
}

export async function resendInvitationAction(userId: string): Promise<ActionResult> {
  return runTeamAction(
    'resendInvitation',
    (principal) => resendInvitation(principal, userId),
    (_value, t) => t('adminTeam.toast.resent'),
  );
}

export async function changeStaffRoleAction(userId: string, role: StaffRole): Promise<ActionResult> {
  return runTeamAction(
    'changeStaffRole',
    (principal) => changeStaffRole(principal, userId, role),
    (value, t) => t('adminTeam.toast.roleChanged', { role: t(`agent.roles.${value.role}`) }),
  );
}

export async function setStaffActiveAction(userId: string, active: boolean): Promise<ActionResult> {
  return runTeamAction(
    'setStaffActive',
    (principal) => setStaffActive(principal, userId, active),
    (value, t) => (value.active ? t('adminTeam.toast.reactivated') : t('adminTeam.toast.deactivated')),
  );
}

export async function setStaffNotificationsAction(userId: string, settings: NotificationSettings): Promise<ActionResult> {
  return runTeamAction(
    'setStaffNotifications',
    (principal) => setStaffNotifications(principal, userId, settings),
    (_value, t) => t('adminTeam.toast.notificationsSaved'),
  );
}
