import { getFormatter, getTranslations } from 'next-intl/server';
import { MessagesSquare } from 'lucide-react';
import { chatSpan } from '@/server/sla/chat-target';
import type { ChatStats } from '@/server/agent/dashboard';
import { DashboardEmpty, DashboardPanel, DayFiguresTable, PanelFigures, type PanelFigure } from './panel';
import { niceCeiling } from './format';

const dayDate = (day: string) => new Date(`${day}T12:00:00Z`);

/** A chat's wait, to the second (chats are answered in seconds, tickets in hours): "42 s", "3 min 05 s". */
function waitText(ms: number | null, t: (key: string, values?: Record<string, number | string>) => string): string {
  if (ms === null) return '—';
  const { minutes, seconds, padded } = chatSpan(ms);
  return minutes ? t('minutesSeconds', { minutes, seconds: padded }) : t('seconds', { seconds });
}

/**
 * Live chat in the window: chats per day (small bars, the figures in a hidden table for screen readers), the
 * median wait until an agent accepted, chats nobody took, the chat first response (median, in seconds, and the
 * share within the plan's chat target) and the chat CSAT.
 */
export async function ChatPanel({ chat }: { chat: ChatStats }) {
  const [t, format] = await Promise.all([getTranslations('dashboard.chat'), getFormatter()]);
  const long = (day: string) => format.dateTime(dayDate(day), { weekday: 'short', day: 'numeric', month: 'long' });
  if (chat.total === 0) {
    return (
      <DashboardPanel id="dashboard-chat" title={t('title')}>
        <DashboardEmpty icon={MessagesSquare} title={t('empty', { days: chat.perDay.length })} hint={t('emptyHint')} />
      </DashboardPanel>
    );
  }
  const top = niceCeiling(Math.max(...chat.perDay.map((d) => d.count)));
  const slot = 100 / chat.perDay.length;
  const figures: PanelFigure[] = [
    { id: 'chats', label: t('total'), value: format.number(chat.total), hint: t('missed', { count: chat.missed }) },
    {
      id: 'wait',
      label: t('waitMedian'),
      value: waitText(chat.wait.median, t),
      hint: chat.wait.count ? t('waitHint', { p90: waitText(chat.wait.p90, t), count: chat.wait.count }) : t('noData'),
    },
    {
      id: 'first-response',
      label: t('firstResponseMedian'),
      value: waitText(chat.firstResponse.median, t),
      hint: chat.firstResponse.total
        ? t('firstResponseHint', {
            share: format.number(chat.firstResponse.met / chat.firstResponse.total, { style: 'percent', maximumFractionDigits: 0 }),
            count: chat.firstResponse.total,
          })
        : t('noData'),
    },
    {
      id: 'csat',
      label: t('csat'),
      value: chat.csat.average === null ? '—' : format.number(chat.csat.average, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
      hint: chat.csat.count
        ? t('csatHint', {
            count: chat.csat.count,
            share: format.number(chat.csat.satisfied / chat.csat.count, { style: 'percent', maximumFractionDigits: 0 }),
          })
        : t('noRatings'),
    },
  ];
  return (
    <DashboardPanel id="dashboard-chat" title={t('title')} description={t('subtitle', { days: chat.perDay.length })}>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <PanelFigures testIdPrefix="dashboard-chat" figures={figures} columns={2} />
        <figure className="flex min-h-40 flex-col">
          <svg
            role="img"
            aria-label={t('chartLabel', { total: chat.total, days: chat.perDay.length })}
            viewBox="0 0 100 100"
            preserveAspectRatio="none"
            className="block h-40 w-full"
          >
            <line x1="0" x2="100" y1="100" y2="100" vectorEffect="non-scaling-stroke" className="stroke-slate-300" strokeWidth="1" />
            {chat.perDay.map((d, i) => (
              <rect
                key={d.day}
                x={i * slot + slot * 0.18}
                y={100 - (d.count / top) * 100}
                width={slot * 0.64}
                height={(d.count / top) * 100}
                className="fill-brand-500"
              >
                <title>{t('bar', { day: long(d.day), count: d.count })}</title>
              </rect>
            ))}
          </svg>
          <figcaption className="mt-2 text-xs text-slate-600">{t('chartCaption', { max: top })}</figcaption>
          <DayFiguresTable
            caption={t('title')}
            dayHeader={t('day')}
            columns={[t('count')]}
            rows={chat.perDay.map((d) => ({ key: d.day, day: long(d.day), figures: [format.number(d.count)] }))}
          />
        </figure>
      </div>
    </DashboardPanel>
  );
}
