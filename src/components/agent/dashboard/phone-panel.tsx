import { getFormatter, getTranslations } from 'next-intl/server';
import { Phone } from 'lucide-react';
import type { PhoneFigures } from '@/server/phone/figures';
import { DashboardEmpty, DashboardPanel, DayFiguresTable, PanelFigures, type PanelFigure } from './panel';
import { niceCeiling } from './format';

const dayDate = (day: string) => new Date(`${day}T12:00:00Z`);

/** The three kinds of call stacked in each day's bar, bottom up, with their colours (legend and bars agree). */
const SERIES = [
  { key: 'inboundAnswered', fill: 'fill-brand-600', swatch: 'bg-brand-600' },
  { key: 'missed', fill: 'fill-amber-500', swatch: 'bg-amber-500' },
  { key: 'outbound', fill: 'fill-slate-400', swatch: 'bg-slate-400' },
] as const;

/**
 * Phone in the window (issue 11): calls (inbound answered and outbound), missed calls, callbacks kept on time,
 * and a stacked bar per day. As the chat card: a server-rendered SVG that is one image for screen readers, each
 * bar's <title> its tooltip, and the figures themselves in a visually hidden table.
 */
export async function PhonePanel({ phone }: { phone: PhoneFigures }) {
  const [t, format] = await Promise.all([getTranslations('dashboard.phone'), getFormatter()]);
  const long = (day: string) => format.dateTime(dayDate(day), { weekday: 'short', day: 'numeric', month: 'long' });
  const { totals, callbacks } = phone;
  if (totals.calls === 0 && callbacks.total === 0) {
    return (
      <DashboardPanel id="dashboard-phone" title={t('title')}>
        <DashboardEmpty icon={Phone} title={t('empty', { days: phone.days })} hint={t('emptyHint')} />
      </DashboardPanel>
    );
  }
  const dayTotal = (d: PhoneFigures['perDay'][number]) => d.inboundAnswered + d.missed + d.outbound;
  const top = niceCeiling(Math.max(0, ...phone.perDay.map(dayTotal)));
  const slot = 100 / phone.perDay.length;
  const figures: PanelFigure[] = [
    {
      id: 'calls',
      label: t('calls'),
      value: format.number(totals.calls),
      hint: t('callsHint', { answered: format.number(totals.inboundAnswered), outbound: format.number(totals.outbound) }),
    },
    { id: 'missed', label: t('missed'), value: format.number(totals.missed), hint: t('missedHint') },
    {
      id: 'callbacks',
      label: t('callbacks'),
      value: callbacks.rate === null ? '—' : format.number(callbacks.rate, { style: 'percent', maximumFractionDigits: 0 }),
      hint: callbacks.total
        ? t('callbacksHint', {
            kept: format.number(callbacks.kept),
            total: format.number(callbacks.total),
            minutes: callbacks.thresholdMinutes,
            overdue: format.number(callbacks.overdueOpen),
          })
        : t('noCallbacks'),
    },
  ];
  return (
    <DashboardPanel id="dashboard-phone" title={t('title')} description={t('subtitle', { days: phone.days })}>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <PanelFigures testIdPrefix="dashboard-phone" figures={figures} columns={3} />
        <figure className="flex min-h-40 flex-col">
          <svg
            role="img"
            aria-label={t('chartLabel', { total: totals.calls, days: phone.days })}
            viewBox="0 0 100 100"
            preserveAspectRatio="none"
            className="block h-40 w-full"
          >
            <line x1="0" x2="100" y1="100" y2="100" vectorEffect="non-scaling-stroke" className="stroke-slate-300" strokeWidth="1" />
            {phone.perDay.map((d, i) => {
              let base = 100;
              return (
                <g key={d.day} data-testid="dashboard-phone-bar" data-day={d.day} data-count={dayTotal(d)}>
                  <title>{t('bar', { day: long(d.day), answered: d.inboundAnswered, missed: d.missed, outbound: d.outbound })}</title>
                  {SERIES.map((series) => {
                    const height = (d[series.key] / top) * 100;
                    base -= height;
                    return height > 0 ? (
                      <rect
                        key={series.key}
                        x={i * slot + slot * 0.18}
                        y={base}
                        width={slot * 0.64}
                        height={height}
                        className={series.fill}
                      />
                    ) : null;
                  })}
                </g>
              );
            })}
          </svg>
          <figcaption className="mt-2 text-xs text-slate-600">{t('chartCaption', { max: top })}</figcaption>
          <ul aria-hidden="true" className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
            {SERIES.map((series) => (
              <li key={series.key} className="inline-flex items-center gap-1.5">
                <span className={`inline-block size-2.5 rounded-sm ${series.swatch}`} />
                {t(`legend.${series.key}`)}
              </li>
            ))}
          </ul>
          <DayFiguresTable
            caption={t('title')}
            dayHeader={t('day')}
            columns={SERIES.map((series) => t(`legend.${series.key}`))}
            rows={phone.perDay.map((d) => ({
              key: d.day,
              day: long(d.day),
              figures: SERIES.map((series) => format.number(d[series.key])),
            }))}
          />
        </figure>
      </div>
    </DashboardPanel>
  );
}
