import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { BookOpen, SearchX, ThumbsDown, TrendingUp } from 'lucide-react';
import type { KbStats } from '@/server/kb/stats';
import { AGENT_PATHS, kbArticlePath, kbSearchPath } from '@/server/links';
import { DashboardEmpty, DashboardPanel } from '@/components/agent/dashboard/panel';

/** The dashboard's knowledge-base row: deflection, searches with no result, most viewed, least helpful. */
export async function KbStatsCards({ stats }: { stats: KbStats }) {
  const [t, format] = await Promise.all([getTranslations('kbStats'), getFormatter()]);
  const { deflection } = stats;
  const empty = (icon: typeof BookOpen) => <DashboardEmpty icon={icon} title={t('noData', { days: stats.days })} />;

  return (
    <div className="grid gap-4 sm:gap-6 md:grid-cols-2">
      <DashboardPanel
        id="kb-deflection"
        title={t('deflection')}
        aside={
          <Link href={AGENT_PATHS.kb} className="text-sm font-medium text-brand-700 hover:underline">
            {t('manage')}
          </Link>
        }
      >
        {deflection.sessions ? (
          <div>
            <p
              className="text-3xl font-bold tracking-tight text-slate-900 tabular-nums"
              data-testid="kb-deflected"
              data-deflected={deflection.deflected}
            >
              {format.number(deflection.rate ?? 0, { style: 'percent', maximumFractionDigits: 0 })}
            </p>
            <p className="mt-1 text-sm text-slate-600">
              {t('deflectionHint', { deflected: deflection.deflected, sessions: deflection.sessions })}
            </p>
          </div>
        ) : (
          empty(TrendingUp)
        )}
      </DashboardPanel>
      <DashboardPanel id="kb-no-result" title={t('noResult')} description={t('noResultHint')}>
        {stats.noResultSearches.length ? (
          <ul className="space-y-1.5 text-sm">
            {stats.noResultSearches.map((row) => (
              <li key={row.query} className="flex items-baseline justify-between gap-3">
                <Link href={kbSearchPath(row.query)} className="min-w-0 truncate text-slate-800 hover:text-brand-700 hover:underline">
                  {row.query}
                </Link>
                <span className="shrink-0 text-xs text-slate-500 tabular-nums">{t('searches', { count: row.count })}</span>
              </li>
            ))}
          </ul>
        ) : (
          empty(SearchX)
        )}
      </DashboardPanel>
      <DashboardPanel id="kb-most-viewed" title={t('mostViewed')}>
        {stats.mostViewed.length ? (
          <ol className="space-y-1.5 text-sm">
            {stats.mostViewed.map((row) => (
              <li key={row.id} className="flex items-baseline justify-between gap-3">
                <Link href={kbArticlePath(row.slug)} className="min-w-0 truncate text-slate-800 hover:text-brand-700 hover:underline">
                  {row.title}
                </Link>
                <span className="shrink-0 text-xs text-slate-500 tabular-nums">{t('views', { count: row.views })}</span>
              </li>
            ))}
          </ol>
        ) : (
          empty(BookOpen)
        )}
      </DashboardPanel>
      <DashboardPanel id="kb-least-helpful" title={t('leastHelpful')}>
        {stats.leastHelpful.length ? (
          <ol className="space-y-1.5 text-sm">
            {stats.leastHelpful.map((row) => (
              <li key={row.id} className="flex items-baseline justify-between gap-3">
                <Link href={kbArticlePath(row.slug)} className="min-w-0 truncate text-slate-800 hover:text-brand-700 hover:underline">
                  {row.title}
                </Link>
                <span className="shrink-0 text-xs text-slate-500 tabular-nums">{t('helpful', { yes: row.yes, no: row.no })}</span>
              </li>
            ))}
          </ol>
        ) : (
          empty(ThumbsDown)
        )}
      </DashboardPanel>
    </div>
  );
}
