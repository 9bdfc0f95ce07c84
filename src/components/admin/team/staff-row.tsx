'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Clock, LoaderCircle, MailWarning, RotateCcw, Send, ShieldCheck, Ticket, UserRoundX } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { STAFF_ROLES, type NotificationSettings, type StaffRole } from '@/server/admin/team-schemas';
import { UserAvatar } from '@/components/auth/user-avatar';
import { NotificationSwitch } from '@/components/agent/settings/notification-switch';
import { useActionForm } from '@/components/ui/use-action-form';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { cn } from '@/lib/cn';

/** One team member as the page shows them: dates already formatted on the server, in the viewer's language and zone. */
export interface StaffRowData {
  id: string;
  name: string | null;
  email: string;
  role: StaffRole;
  active: boolean;
  /** Invited and not signed in yet: when the (latest) invitation went out. */
  invitedLabel: string | null;
  lastSignInLabel: string | null;
  bounce: { when: string; reason: string | null } | null;
  notifyNewTickets: boolean;
  notifyAssignedReplies: boolean;
  openAssignedCount: number;
  openAssignedLabel: string;
  isYou: boolean;
}

/**
 * A team member with the admin's controls: role, the two notification switches, re-send invitation, deactivate
 * (asks first) or reactivate. Each control acts at once; the result is a toast, or an error under the row.
 * Your own row has no role or deactivate controls: another admin does that.
 */
/** The team page's actions, each for one member by id. */
export interface StaffActions {
  changeRole: (userId: string, role: StaffRole) => Promise<ActionResult>;
  resendInvitation: (userId: string) => Promise<ActionResult>;
  setActive: (userId: string, active: boolean) => Promise<ActionResult>;
  setNotifications: (userId: string, settings: NotificationSettings) => Promise<ActionResult>;
}

export function StaffRow({ member, actions }: { member: StaffRowData; actions: StaffActions }) {
  const t = useTranslations('adminTeam');
  const tr = useTranslations('agent.roles');
  const [confirming, setConfirming] = useState(false);
  const [pendingAction, setPendingAction] = useState<string | null>(null);
  const form = useActionForm((work: () => Promise<ActionResult>) => work());
  const { isPending } = form;
  const error = form.formError ?? (Object.values(form.fieldErrors).flat().join(' ') || null);
  // Switches answer at once; the server's answer confirms or puts them back.
  const [notify, setNotify] = useState({ notifyNewTickets: member.notifyNewTickets, notifyAssignedReplies: member.notifyAssignedReplies });

  const [role, setRole] = useState<StaffRole>(member.role);
  const name = member.name ?? member.email;
  const act = (label: string, work: () => Promise<ActionResult>, onError?: () => void) => {
    setPendingAction(label);
    form.send(work, { onSuccess: () => setConfirming(false), onFailure: onError, onSettled: () => setPendingAction(null) });
  };

  const toggle = (key: keyof typeof notify, value: boolean) => {
    const previous = notify;
    const next = { ...notify, [key]: value };
    setNotify(next);
    act(
      'notify',
      () => actions.setNotifications(member.id, next),
      () => setNotify(previous),
    );
  };

  const busy = (label: string) => isPending && pendingAction === label;

  return (
    <li
      data-testid="staff-row"
      data-email={member.email}
      className={cn(
        'rounded-xl border shadow-xs',
        member.active ? 'border-slate-200 bg-white' : 'border-dashed border-slate-300 bg-slate-50',
      )}
    >
      <div className="flex items-start gap-3 p-4 sm:p-5">
        <UserAvatar name={name} size="lg" tone={member.active ? 'brand' : 'inactive'} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h3 className={cn('truncate font-semibold', member.active ? 'text-slate-900' : 'text-slate-500')}>{name}</h3>
            {member.isYou ? <Badge tone="brand">{t('you')}</Badge> : null}
            <Badge tone={member.role === 'ADMIN' ? 'brand' : 'neutral'}>
              {member.role === 'ADMIN' ? <ShieldCheck aria-hidden="true" className="size-3" /> : null}
              {tr(member.role)}
            </Badge>
            {member.active ? (
              member.invitedLabel ? (
                <Badge tone="warning">{t('status.invited')}</Badge>
              ) : (
                <Badge tone="success">{t('status.active')}</Badge>
              )
            ) : (
              <Badge tone="neutral">{t('status.inactive')}</Badge>
            )}
          </div>
          <p className="mt-0.5 truncate text-sm text-slate-600">{member.email}</p>
          <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-500">
            <div className="flex items-center gap-1.5">
              <Clock aria-hidden="true" className="size-3.5 shrink-0" />
              <dt className="sr-only">{t('lastSignIn')}</dt>
              <dd>
                {member.invitedLabel
                  ? t('invitedOn', { date: member.invitedLabel })
                  : member.lastSignInLabel
                    ? t('lastSignInOn', { date: member.lastSignInLabel })
                    : t('neverSignedIn')}
              </dd>
            </div>
            <div className="flex items-center gap-1.5">
              <Ticket aria-hidden="true" className="size-3.5 shrink-0" />
              <dt className="sr-only">{t('openAssigned')}</dt>
              <dd>{member.openAssignedLabel}</dd>
            </div>
          </dl>
          {member.bounce ? (
            <p
              className="mt-2 flex items-start gap-1.5 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
              data-testid="bounce-warning"
            >
              <MailWarning aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-600" />
              <span>
                {t('bounced', { date: member.bounce.when })}
                {member.bounce.reason ? <span className="block text-xs text-amber-800/80">{member.bounce.reason}</span> : null}
              </span>
            </p>
          ) : null}
        </div>
      </div>

      <div className="flex flex-col gap-3 border-t border-slate-100 px-4 py-3 sm:px-5 lg:flex-row lg:flex-wrap lg:items-center lg:gap-x-6">
        <fieldset className="flex flex-col gap-1 sm:flex-row sm:flex-wrap sm:gap-x-5">
          <legend className="sr-only">{t('notifications.legend', { name })}</legend>
          <NotificationSwitch
            compact
            checked={notify.notifyNewTickets}
            onChange={(value) => toggle('notifyNewTickets', value)}
            disabled={!member.active}
            label={t('notifications.newTickets')}
          />
          <NotificationSwitch
            compact
            checked={notify.notifyAssignedReplies}
            onChange={(value) => toggle('notifyAssignedReplies', value)}
            disabled={!member.active}
            label={t('notifications.assignedReplies')}
          />
        </fieldset>

        {member.isYou ? (
          <p className="text-sm text-slate-500 lg:ml-auto">{t('selfNote')}</p>
        ) : (
          <div className="flex flex-wrap items-center gap-2 lg:ml-auto">
            {member.active ? (
              <div className="flex items-center gap-2">
                <label htmlFor={`role-${member.id}`} className="text-sm font-medium text-slate-700">
                  {t('role')}
                </label>
                <Select
                  id={`role-${member.id}`}
                  className="w-44"
                  value={role}
                  disabled={isPending}
                  onChange={(e) => {
                    const previous = role;
                    const next = e.target.value as StaffRole;
                    setRole(next);
                    act(
                      'role',
                      () => actions.changeRole(member.id, next),
                      () => setRole(previous),
                    );
                  }}
                >
                  {STAFF_ROLES.map((role) => (
                    <option key={role} value={role}>
                      {tr(role)}
                    </option>
                  ))}
                </Select>
              </div>
            ) : null}
            {member.active && member.invitedLabel ? (
              <Button variant="secondary" disabled={isPending} onClick={() => act('resend', () => actions.resendInvitation(member.id))}>
                {busy('resend') ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Send aria-hidden="true" />}
                {t('resend')}
              </Button>
            ) : null}
            {member.active ? (
              confirming ? (
                <div
                  role="group"
                  aria-label={t('deactivate.confirmLabel', { name })}
                  className="flex flex-wrap items-center gap-2 rounded-lg bg-red-50 px-3 py-1.5 ring-1 ring-red-200"
                >
                  <span className="text-sm text-red-900">{t('deactivate.question')}</span>
                  <Button
                    variant="destructive"
                    disabled={isPending}
                    onClick={() => act('deactivate', () => actions.setActive(member.id, false))}
                  >
                    {busy('deactivate') ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <UserRoundX aria-hidden="true" />}
                    {t('deactivate.confirm')}
                  </Button>
                  {/* Focus lands on the safe choice: Enter right after opening the question does not deactivate anyone. */}
                  <Button variant="ghost" autoFocus onClick={() => setConfirming(false)}>
                    {t('deactivate.cancel')}
                  </Button>
                </div>
              ) : (
                <Button variant="danger" disabled={isPending} onClick={() => setConfirming(true)}>
                  <UserRoundX aria-hidden="true" />
                  {t('deactivate.open')}
                </Button>
              )
            ) : (
              <Button variant="secondary" disabled={isPending} onClick={() => act('reactivate', () => actions.setActive(member.id, true))}>
                {busy('reactivate') ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <RotateCcw aria-hidden="true" />}
                {t('reactivate')}
              </Button>
            )}
          </div>
        )}
      </div>
      {error ? (
        <p role="alert" className="mx-4 mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 sm:mx-5">
          {error}
        </p>
      ) : null}
    </li>
  );
}
