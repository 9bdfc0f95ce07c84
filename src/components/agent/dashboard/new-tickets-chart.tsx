import { getFormatter, getTranslations } from 'next-intl/server';
import { BarChart3 } from 'lucide-react';
import type { DayCount } from '@/server/agent/dashboard';
import { DashboardEmpty, DashboardPanel, DayFiguresTable } from './panel';
import { niceCeiling } from './format';

/** Noon UTC of a Warsaw calendar day: formatted in Europe/Warsaw it is always that same day. */
const dayDate = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * New tickets per day as a server-rendered SVG bar chart (no chart library, no client JavaScript). The bars are
 * drawn in a 0–100 coordinate box stretched to the card's width, while the axis labels are HTML, so text stays
 * legible at 375 px. The SVG is one image with a summary for screen readers; the figures themselves are in a
 * visually hidden table, and each bar's <title> is its tooltip.
 */
export async function NewTicketsChart({ perDay }: { perDay: DayCount[] }) {
  const [t, format] = await Promise.all([getTranslations('dashboard'), getFormatter()]);
  const total = perDay.reduce((sum, d) => sum + d.count, 0);
  const first = perDay[0];
  const last = perDay.at(-1);
  const short = (day: string) => format.dateTime(dayDate(day), { day: 'numeric', month: 'short' });
  const long = (day: string) => format.dateTime(dayDate(day), { weekday: 'short', day: 'numeric', month: 'long' });

  if (!first || !last || total === 0) {
    return (
      <DashboardPanel id="dashboard-chart" title={t('chart.title')} className="lg:col-span-2">
        <DashboardEmpty icon={BarChart3} title={t('chart.empty', { days: perDay.length })} hint={t('chart.emptyHint')} />
      </DashboardPanel>
    );
  }

  const busiest = perDay.reduce((best, d) => (d.count > best.count ? d : best), first);
  const top = niceCeiling(busiest.count);
  const ticks = [top, top / 2, 0];
  const slot = 100 / perDay.length;
  const barWidth = slot * 0.64;
  // Labels every 7 days counted back from today, so the newest day is always labelled.
  const labelled = perDay.map((d, i) => ({ ...d, i })).filter(({ i }) => (perDay.length - 1 - i) % 7 === 0);
  const summary = t('chart.summary', {
    from: short(first.day),
    to: short(last.day),
    total: format.number(total),
    max: format.number(busiest.count),
    maxDay: short(busiest.day),
    average: format.number(total / perDay.length, { maximumFractionDigits: 1 }),
  });

  return (
    <DashboardPanel
      id="dashboard-chart"
      title={t('chart.title')}
      description={t('chart.subtitle', { days: perDay.length, total: format.number(total) })}
      className="lg:col-span-2"
    >
      {/* Grows with the card, so the chart fills the height of the SLA card beside it on wide screens. */}
      <figure className="flex min-h-52 flex-1 flex-col sm:min-h-64">
        <div className="flex flex-1 gap-2">
          <div aria-hidden="true" className="relative w-7 shrink-0 text-right text-[11px] text-slate-500 tabular-nums">
            {ticks.map((tick) => (
              <span key={tick} className="absolute right-0 -translate-y-1/2" style={{ top: `${100 - (tick / top) * 100}%` }}>
                {format.number(tick)}
              </span>
            ))}
          </div>
          <div className="relative min-w-0 flex-1">
            <svg
              role="img"
              aria-label={summary}
              data-testid="dashboard-chart-svg"
              viewBox="0 0 100 100"
              preserveAspectRatio="none"
              className="absolute inset-0 block size-full overflow-visible"
            >
              {ticks.map((tick) => (
                <line
                  key={tick}
                  x1="0"
                  x2="100"
                  y1={100 - (tick / top) * 100}
                  y2={100 - (tick / top) * 100}
                  vectorEffect="non-scaling-stroke"
                  className={tick === 0 ? 'stroke-slate-300' : 'stroke-slate-100'}
                  strokeWidth="1"
                  strokeDasharray={tick === 0 ? undefined : '3 3'}
                />
              ))}
              {perDay.map((d, i) => {
                const height = (d.count / top) * 100;
                return (
                  <g key={d.day} data-testid="dashboard-chart-bar" data-day={d.day} data-count={d.count}>
                    <title>{t('chart.bar', { day: long(d.day), tickets: t('tickets', { count: d.count }) })}</title>
                    {/* A full-height hit area, so the tooltip also shows over short and empty days. */}
                    <rect x={i * slot} y="0" width={slot} height="100" className="fill-transparent" />
                    <rect
                      x={i * slot + (slot - barWidth) / 2}
                      y={100 - height}
                      width={barWidth}
                      height={height}
                      className={i === perDay.length - 1 ? 'fill-brand-700' : 'fill-brand-500 transition-colors hover:fill-brand-700'}
                    />
                  </g>
                );
              })}
            </svg>
          </div>
        </div>
        <div aria-hidden="true" className="relative mt-2 ml-9 h-4 text-[11px] text-slate-500">
          {labelled.map((d) => (
            <span key={d.day} className="absolute -translate-x-1/2 whitespace-nowrap" style={{ left: `${(d.i + 0.5) * slot}%` }}>
              {short(d.day)}
            </span>
          ))}
        </div>
        <figcaption className="sr-only">{summary}</figcaption>
      </figure>
      <DayFiguresTable
        caption={t('chart.title')}
        dayHeader={t('chart.day')}
        columns={[t('chart.count')]}
        rows={perDay.map((d) => ({ key: d.day, day: long(d.day), figures: [format.number(d.count)] }))}
      />
    </DashboardPanel>
  );
}
