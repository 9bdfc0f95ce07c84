import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Coffee, UserRoundX } from 'lucide-react';
import type { WorkloadRow } from '@/server/agent/dashboard';
import { queueHref } from '@/server/agent/views';
import { OPEN_STATUSES } from '@/server/tickets/status';
import { UserAvatar } from '@/components/auth/user-avatar';
import { DashboardEmpty, DashboardPanel } from './panel';

/** How many people the list shows before "and N more": the busiest, and the unassigned pile always. */
const SHOWN = 8;

/** Open tickets per person (and unassigned), busiest first; each row opens that person's open tickets in the queue. */
export async function Workload({ workload }: { workload: WorkloadRow[] }) {
  const [t, format] = await Promise.all([getTranslations('dashboard'), getFormatter()]);
  const max = Math.max(1, ...workload.map((w) => w.open));
  const unassigned = workload.find((w) => w.assignee === null);
  const people = workload.filter((w) => w.assignee !== null);
  const shown = [...(unassigned ? [unassigned] : []), ...people.slice(0, SHOWN)];
  const hidden = people.length - Math.min(people.length, SHOWN);

  return (
    <DashboardPanel id="dashboard-workload" title={t('workload.title')} description={t('workload.description')}>
      {shown.length === 0 ? (
        <DashboardEmpty icon={Coffee} title={t('workload.empty')} />
      ) : (
        <>
          <ul className="-mx-2 space-y-0.5">
            {shown.map((row) => {
              const name = row.assignee ? (row.assignee.name ?? row.assignee.email) : t('workload.unassigned');
              const href = row.assignee
                ? queueHref({ status: [...OPEN_STATUSES], assignee: [row.assignee.id] })
                : queueHref({ view: 'unassigned' });
              return (
                <li key={row.assignee?.id ?? 'none'}>
                  <Link
                    href={href}
                    aria-label={t('workload.rowLabel', { name, tickets: t('tickets', { count: row.open }) })}
                    data-testid="workload-row"
                    className="flex items-center gap-3 rounded-lg px-2 py-1.5 hover:bg-slate-50"
                  >
                    {row.assignee ? (
                      <UserAvatar name={name} size="sm" ring={false} />
                    ) : (
                      <span
                        aria-hidden="true"
                        className="flex size-7 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-700"
                      >
                        <UserRoundX className="size-3.5" />
                      </span>
                    )}
                    <span className="min-w-0 flex-1">
                      <span className="flex items-baseline justify-between gap-2">
                        <span className="truncate text-sm font-medium text-slate-800">{name}</span>
                        <span className="shrink-0 text-sm font-semibold text-slate-900 tabular-nums">{format.number(row.open)}</span>
                      </span>
                      <span className="mt-1 flex items-center gap-2">
                        <span className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100">
                          <span
                            className={row.assignee ? 'block h-full rounded-full bg-brand-500' : 'block h-full rounded-full bg-amber-400'}
                            style={{ width: `${(row.open / max) * 100}%` }}
                          />
                        </span>
                        {row.breached ? (
                          <span className="shrink-0 text-[11px] font-medium text-red-700 tabular-nums">
                            {t('workload.breached', { count: format.number(row.breached) })}
                          </span>
                        ) : null}
                      </span>
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
          {hidden > 0 ? <p className="mt-2 px-0 text-xs text-slate-500">{t('workload.more', { count: hidden })}</p> : null}
        </>
      )}
    </DashboardPanel>
  );
}
