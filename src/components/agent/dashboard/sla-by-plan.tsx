import { getFormatter, getTranslations } from 'next-intl/server';
import type { Attainment, PlanAttainment } from '@/server/agent/dashboard';
import { getAllPlanSupport } from '@/server/plan-settings';
import { PLAN_FOR_NO_COMPANY } from '@/server/sla/targets';
import { cn } from '@/lib/cn';
import { formatDuration, type DurationTranslator } from './format';
import { DashboardPanel } from './panel';

const HOUR = 3_600_000;

function tone(rate: number): { bar: string; text: string } {
  if (rate >= 0.9) return { bar: 'bg-emerald-500', text: 'text-emerald-700' };
  if (rate >= 0.75) return { bar: 'bg-amber-500', text: 'text-amber-700' };
  return { bar: 'bg-red-500', text: 'text-red-700' };
}

/** Per plan: the share of first-response and resolution targets met, as labelled bars with the counts behind them. */
export async function SlaByPlan({ sla }: { sla: PlanAttainment[] }) {
  const [t, tplan, td, format, plans] = await Promise.all([
    getTranslations('dashboard'),
    getTranslations('common.plans'),
    getTranslations('dashboard.duration'),
    getFormatter(),
    // The targets admins set in /agent/admin/sla (defaults where none), as new tickets get them.
    getAllPlanSupport(),
  ]);
  // Business hours, written as hours: "24 godz." of support hours is three working days, never "1 dzień".
  const duration = (hours: number) =>
    hours < 1 ? formatDuration(hours * HOUR, td as unknown as DurationTranslator) : td('hours', { hours });
  const percent = (rate: number) => format.number(rate, { style: 'percent', maximumFractionDigits: 0 });

  const measure = (planName: string, label: string, a: Attainment) => {
    if (a.rate === null) {
      return (
        <div>
          <div className="flex items-baseline justify-between gap-2 text-xs">
            <span className="text-slate-600">{label}</span>
            <span className="text-slate-500">{t('sla.undecided')}</span>
          </div>
          <div className="mt-1 h-2 rounded-full bg-slate-100" />
        </div>
      );
    }
    const colours = tone(a.rate);
    return (
      <div>
        <div className="flex items-baseline justify-between gap-2 text-xs">
          <span className="text-slate-600">{label}</span>
          <span className="tabular-nums">
            <span className={cn('font-semibold', colours.text)}>{percent(a.rate)}</span>
            <span className="text-slate-500"> · {t('sla.figures', { met: format.number(a.met), total: format.number(a.total) })}</span>
          </span>
        </div>
        <div
          role="progressbar"
          aria-label={t('sla.progressLabel', {
            plan: planName,
            measure: label,
            rate: percent(a.rate),
            met: format.number(a.met),
            total: format.number(a.total),
          })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(a.rate * 100)}
          aria-valuetext={percent(a.rate)}
          className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
        >
          <div className={cn('h-full rounded-full', colours.bar)} style={{ width: `${Math.max(a.rate * 100, a.met ? 2 : 0)}%` }} />
        </div>
      </div>
    );
  };

  return (
    <DashboardPanel id="dashboard-sla" title={t('sla.title')} description={t('sla.description')}>
      <ul className="space-y-5">
        {sla.map((row) => {
          const name = row.plan ? tplan(row.plan) : t('sla.noCompany');
          const support = plans[row.plan ?? PLAN_FOR_NO_COMPANY];
          return (
            <li key={row.plan ?? 'none'} data-testid={`sla-${row.plan ?? 'none'}`}>
              <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                <h3 className="text-sm font-semibold text-slate-900">{name}</h3>
                <span className="text-xs text-slate-500 tabular-nums">{t('tickets', { count: row.tickets })}</span>
              </div>
              <p className="text-xs text-slate-500">
                {t('sla.targets', { firstResponse: duration(support.firstResponseHours), resolution: duration(support.resolutionHours) })}
              </p>
              <div className="mt-2 space-y-2">
                {measure(name, t('sla.firstResponse'), row.firstResponse)}
                {measure(name, t('sla.resolution'), row.resolution)}
              </div>
            </li>
          );
        })}
      </ul>
    </DashboardPanel>
  );
}
