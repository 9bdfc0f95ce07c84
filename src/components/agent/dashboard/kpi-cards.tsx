import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { AlarmClock, ArrowUpRight, CheckCircle2, Inbox, MessageSquareReply, SmilePlus, UserRoundX } from 'lucide-react';
import type { Dashboard } from '@/server/agent/dashboard';
import { queueHref } from '@/server/agent/views';
import { OPEN_STATUSES } from '@/server/tickets/status';
import { cn } from '@/lib/cn';
import { formatDuration, type DurationTranslator } from './format';

type Tone = 'brand' | 'neutral' | 'danger' | 'success';

const TONES: Record<Tone, string> = {
  brand: 'bg-brand-50 text-brand-700 ring-brand-100',
  neutral: 'bg-slate-100 text-slate-600 ring-slate-200',
  danger: 'bg-red-50 text-red-700 ring-red-100',
  success: 'bg-emerald-50 text-emerald-700 ring-emerald-100',
};

interface Kpi {
  id: string;
  label: string;
  value: string;
  hint: string;
  icon: typeof Inbox;
  tone: Tone;
  href?: string;
}

/** The six figures a support lead looks at first; the counts link to the queue showing those tickets. */
export async function KpiCards({ data }: { data: Dashboard }) {
  const [t, td, format] = await Promise.all([getTranslations('dashboard'), getTranslations('dashboard.duration'), getFormatter()]);
  const duration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms, td as unknown as DurationTranslator));
  const { open, firstResponse, resolution, csat } = data;
  const kpis: Kpi[] = [
    {
      id: 'open',
      label: t('kpi.open'),
      value: format.number(open.total),
      hint: t('kpi.openHint'),
      icon: Inbox,
      tone: 'brand',
      href: queueHref({ status: [...OPEN_STATUSES] }),
    },
    {
      id: 'unassigned',
      label: t('kpi.unassigned'),
      value: format.number(open.unassigned),
      hint: open.unassigned
        ? t('kpi.unassignedHint', { share: format.number(open.unassigned / open.total, { style: 'percent', maximumFractionDigits: 0 }) })
        : t('kpi.unassignedNone'),
      icon: UserRoundX,
      tone: open.unassigned ? 'neutral' : 'success',
      href: queueHref({ view: 'unassigned' }),
    },
    {
      id: 'breached',
      label: t('kpi.breached'),
      value: format.number(open.breached),
      hint: t(open.slaView.capped ? 'kpi.breachedHintCapped' : 'kpi.breachedHint', { count: format.number(open.slaView.count) }),
      icon: AlarmClock,
      tone: open.breached ? 'danger' : 'success',
      href: queueHref({ view: 'sla', sort: 'sla' }),
    },
    {
      id: 'first-response',
      label: t('kpi.firstResponse'),
      value: duration(firstResponse.median),
      hint: firstResponse.count
        ? t('kpi.durationHint', { p90: duration(firstResponse.p90), count: t('tickets', { count: firstResponse.count }) })
        : t('noData'),
      icon: MessageSquareReply,
      tone: 'neutral',
    },
    {
      id: 'resolution',
      label: t('kpi.resolution'),
      value: duration(resolution.median),
      hint: resolution.count
        ? t('kpi.durationHint', { p90: duration(resolution.p90), count: t('tickets', { count: resolution.count }) })
        : t('noData'),
      icon: CheckCircle2,
      tone: 'neutral',
    },
    {
      id: 'csat',
      label: t('kpi.csat'),
      value:
        csat.average === null
          ? '—'
          : t('kpi.csatValue', { average: format.number(csat.average, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }),
      hint: csat.count
        ? t('kpi.csatHint', { satisfied: format.number(csat.satisfied), count: format.number(csat.count) })
        : t('kpi.noRatings'),
      icon: SmilePlus,
      tone: csat.average !== null && csat.average >= 4 ? 'success' : 'neutral',
    },
  ];

  return (
    <section aria-label={t('kpi.label')}>
      <ul className="grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 xl:grid-cols-6">
        {kpis.map((kpi) => {
          const body = (
            <>
              <div className="flex items-center justify-between gap-2">
                <span className={cn('flex size-8 items-center justify-center rounded-lg ring-1', TONES[kpi.tone])}>
                  <kpi.icon aria-hidden="true" className="size-4" />
                </span>
                {kpi.href ? (
                  <ArrowUpRight aria-hidden="true" className="size-4 text-slate-300 transition-colors group-hover:text-brand-600" />
                ) : null}
              </div>
              <p className="mt-3 text-[13px] leading-tight font-medium text-slate-500">{kpi.label}</p>
              <p
                data-testid={`kpi-${kpi.id}-value`}
                className={cn(
                  'mt-1 text-xl font-semibold tracking-tight tabular-nums sm:text-2xl xl:text-xl',
                  kpi.tone === 'danger' ? 'text-red-700' : 'text-slate-900',
                )}
              >
                {kpi.value}
              </p>
              <p className="mt-1 text-xs leading-snug text-slate-500">{kpi.hint}</p>
            </>
          );
          return (
            <li key={kpi.id} data-testid={`kpi-${kpi.id}`} className="min-w-0">
              {kpi.href ? (
                <Link
                  href={kpi.href}
                  className="group block h-full rounded-xl border border-slate-200 bg-white p-4 shadow-xs transition hover:border-brand-200 hover:shadow-sm"
                >
                  {body}
                </Link>
              ) : (
                <div className="h-full rounded-xl border border-slate-200 bg-white p-4 shadow-xs">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
