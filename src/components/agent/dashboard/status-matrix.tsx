import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Inbox } from 'lucide-react';
import type { TicketPriority } from '@/generated/prisma/enums';
import { DASHBOARD_PRIORITIES, type Dashboard, type OpenStatus } from '@/server/agent/dashboard';
import { queueHref } from '@/server/agent/views';
import { OPEN_STATUSES } from '@/server/tickets/status';
import { cn } from '@/lib/cn';
import { DashboardEmpty, DashboardPanel } from './panel';

const PRIORITY_DOT: Record<TicketPriority, string> = {
  URGENT: 'bg-red-500',
  HIGH: 'bg-amber-500',
  NORMAL: 'bg-brand-500',
  LOW: 'bg-slate-400',
};

/** Heat of a cell: five steps of the brand colour by its share of the busiest cell. */
function heat(count: number, max: number): string {
  if (count === 0 || max === 0) return 'text-slate-500 hover:bg-slate-50';
  const share = count / max;
  if (share > 0.8) return 'bg-brand-800 text-white hover:bg-brand-900';
  if (share > 0.55) return 'bg-brand-600 text-white hover:bg-brand-700';
  if (share > 0.3) return 'bg-brand-200 text-brand-900 hover:bg-brand-300';
  if (share > 0.1) return 'bg-brand-100 text-brand-900 hover:bg-brand-200';
  return 'bg-brand-50 text-brand-800 hover:bg-brand-100';
}

/** Open tickets as status × priority with totals; every figure opens the queue filtered to exactly those tickets. */
export async function StatusMatrix({ open }: { open: Dashboard['open'] }) {
  const [t, ts, tp, format] = await Promise.all([
    getTranslations('dashboard'),
    getTranslations('ticket.status'),
    getTranslations('ticket.priority'),
    getFormatter(),
  ]);
  const max = Math.max(0, ...OPEN_STATUSES.flatMap((s) => DASHBOARD_PRIORITIES.map((p) => open.matrix[s][p])));
  const tickets = (count: number) => t('tickets', { count });
  const cellClass =
    'flex h-10 min-w-9 items-center justify-center rounded-md px-1.5 text-sm font-semibold tabular-nums transition-colors sm:min-w-12 sm:px-2';

  return (
    <DashboardPanel
      id="dashboard-matrix"
      title={t('matrix.title')}
      description={open.total ? t('matrix.description') : undefined}
      className="lg:col-span-2"
    >
      {open.total === 0 ? (
        <DashboardEmpty icon={Inbox} title={t('matrix.empty')} />
      ) : (
        <div className="-mx-5 overflow-x-auto px-5 sm:-mx-6 sm:px-6">
          <table className="w-full border-separate border-spacing-0.5 text-sm sm:border-spacing-1">
            <caption className="sr-only">{t('matrix.title')}</caption>
            <thead>
              <tr>
                <th scope="col" className="pb-1 text-left text-[11px] font-medium text-slate-500 sm:text-xs">
                  {t('matrix.status')}
                </th>
                {DASHBOARD_PRIORITIES.map((p) => (
                  <th key={p} scope="col" className="pb-1 text-center text-[11px] font-medium text-slate-500 sm:text-xs">
                    <span className="inline-flex items-center gap-1.5">
                      <span aria-hidden="true" className={cn('hidden size-2 rounded-full sm:block', PRIORITY_DOT[p])} />
                      {tp(p)}
                    </span>
                  </th>
                ))}
                <th scope="col" className="pb-1 text-center text-[11px] font-semibold text-slate-700 sm:text-xs">
                  {t('matrix.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {OPEN_STATUSES.map((s: OpenStatus) => (
                <tr key={s}>
                  <th
                    scope="row"
                    className="pr-1 text-left text-[13px] leading-tight font-medium text-slate-700 sm:pr-2 sm:text-sm sm:whitespace-nowrap"
                  >
                    {ts(s)}
                  </th>
                  {DASHBOARD_PRIORITIES.map((p) => {
                    const count = open.matrix[s][p];
                    return (
                      <td key={p}>
                        <Link
                          href={queueHref({ status: [s], priority: [p] })}
                          aria-label={t('matrix.cellLabel', { status: ts(s), priority: tp(p), tickets: tickets(count) })}
                          data-testid={`matrix-${s}-${p}`}
                          className={cn(cellClass, heat(count, max))}
                        >
                          {format.number(count)}
                        </Link>
                      </td>
                    );
                  })}
                  <td>
                    <Link
                      href={queueHref({ status: [s] })}
                      aria-label={t('matrix.rowLabel', { status: ts(s), tickets: tickets(open.byStatus[s]) })}
                      className={cn(cellClass, 'bg-slate-100 text-slate-900 hover:bg-slate-200')}
                    >
                      {format.number(open.byStatus[s])}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" className="pr-2 text-left font-semibold text-slate-900">
                  {t('matrix.total')}
                </th>
                {DASHBOARD_PRIORITIES.map((p) => (
                  <td key={p}>
                    <Link
                      href={queueHref({ status: [...OPEN_STATUSES], priority: [p] })}
                      aria-label={t('matrix.columnLabel', { priority: tp(p), tickets: tickets(open.byPriority[p]) })}
                      className={cn(cellClass, 'bg-slate-100 text-slate-900 hover:bg-slate-200')}
                    >
                      {format.number(open.byPriority[p])}
                    </Link>
                  </td>
                ))}
                <td>
                  <Link
                    href={queueHref({ status: [...OPEN_STATUSES] })}
                    aria-label={t('matrix.totalLabel', { tickets: tickets(open.total) })}
                    className={cn(cellClass, 'bg-slate-900 text-white hover:bg-slate-700')}
                  >
                    {format.number(open.total)}
                  </Link>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </DashboardPanel>
  );
}
