import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { listStaff } from '@/server/admin/team';
import { InviteForm } from '@/components/admin/team/invite-form';
import { StaffRow, type StaffActions, type StaffRowData } from '@/components/admin/team/staff-row';
import {
  changeStaffRoleAction,
  inviteStaffAction,
  resendInvitationAction,
  setStaffActiveAction,
  setStaffNotificationsAction,
} from './actions';

const staffActions: StaffActions = {
  changeRole: changeStaffRoleAction,
  resendInvitation: resendInvitationAction,
  setActive: setStaffActiveAction,
  setNotifications: setStaffNotificationsAction,
};

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminTeam');
  return { title: t('metaTitle') };
}

/** /agent/admin/agenci: the support team, with invitations and each member's controls. Admins only. */
export default async function AdminTeamPage() {
  await requireAdminArea();
  const [t, format, staff] = await Promise.all([getTranslations('adminTeam'), getFormatter(), listStaff(await currentPrincipal())]);
  // The layout's guard already let only admins in; a refusal here would mean the role changed mid-request.
  const members = staff.ok ? staff.value : [];
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });
  const rows: StaffRowData[] = members.map((member) => ({
    id: member.id,
    name: member.name,
    email: member.email,
    role: member.role,
    active: member.active,
    invitedLabel: member.invitedAt && !member.lastSignInAt ? when(member.invitedAt) : null,
    lastSignInLabel: member.lastSignInAt ? when(member.lastSignInAt) : null,
    bounce: member.emailBouncedAt ? { when: when(member.emailBouncedAt), reason: member.emailBounceReason } : null,
    notifyNewTickets: member.notifyNewTickets,
    notifyAssignedReplies: member.notifyAssignedReplies,
    openAssignedCount: member.openAssignedCount,
    openAssignedLabel: t('openAssignedCount', { count: member.openAssignedCount }),
    isYou: member.isYou,
  }));
  const activeCount = members.filter((m) => m.active).length;

  return (
    <>
      <section aria-labelledby="team-title">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div>
            <h2 id="team-title" className="text-lg font-semibold text-slate-900">
              {t('title')}
            </h2>
            <p className="mt-1 max-w-2xl text-sm text-slate-500">{t('lead', { active: activeCount, total: members.length })}</p>
          </div>
        </div>
        <div className="mt-4 flex">
          <InviteForm action={inviteStaffAction} />
        </div>
        {rows.length ? (
          <ul className="mt-6 space-y-3" aria-label={t('listLabel')}>
            {rows.map((row) => (
              <StaffRow key={row.id} member={row} actions={staffActions} />
            ))}
          </ul>
        ) : (
          <p className="mt-6 rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
            {t('empty')}
          </p>
        )}
      </section>
    </>
  );
}
