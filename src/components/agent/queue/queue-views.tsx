import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { AlarmClock, Hourglass, Inbox, Layers, UserRound } from 'lucide-react';
import { queueCounts } from '@/server/agent/queue';
import { QUEUE_COUNT_CAP, QUEUE_VIEWS, queueHref, type QueueQuery, type QueueView } from '@/server/agent/views';
import type { Principal } from '@/server/auth/policy';
import { cn } from '@/lib/cn';

const ICONS: Record<QueueView, typeof Inbox> = { mine: UserRound, unassigned: Inbox, waiting: Hourglass, sla: AlarmClock, all: Layers };

/** The built-in views with live counts (one query). A view link keeps the sort and drops the other filters. */
export async function QueueViews({ principal, query }: { principal: Principal; query: QueueQuery }) {
  const [counts, t, format] = await Promise.all([queueCounts(principal), getTranslations('agent.queue'), getFormatter()]);
  return (
    <nav aria-label={t('views.label')} className="-mx-4 overflow-x-auto px-4 py-0.5 sm:-mx-0.5 sm:px-0.5">
      <ul className="flex min-w-max gap-1.5">
        {QUEUE_VIEWS.map((view) => {
          const Icon = ICONS[view];
          const count = counts?.[view];
          const current = query.view === view;
          return (
            <li key={view}>
              <Link
                href={queueHref({ view, sort: query.sort })}
                aria-current={current ? 'page' : undefined}
                data-testid={`queue-view-${view}`}
                className={cn(
                  'flex h-9 items-center gap-2 rounded-lg px-3 text-sm font-medium whitespace-nowrap ring-1 transition-colors',
                  current
                    ? 'bg-slate-900 text-white ring-slate-900'
                    : [
                        'bg-white ring-slate-200 hover:bg-slate-50 hover:text-slate-900',
                        view === 'sla' && count && count.count > 0 ? 'text-red-700' : 'text-slate-700',
                      ],
                )}
              >
                <Icon aria-hidden="true" className="size-4 opacity-80" />
                {t(`views.${view}`)}
                {count ? (
                  <span
                    data-testid={`queue-count-${view}`}
                    title={count.capped ? t('countCappedTitle', { count: format.number(QUEUE_COUNT_CAP) }) : undefined}
                    className={cn(
                      'rounded-full px-1.5 text-xs tabular-nums',
                      current ? 'bg-white/15 text-white' : 'bg-slate-100 text-slate-600',
                    )}
                  >
                    {count.capped ? t('countCapped', { count: format.number(QUEUE_COUNT_CAP) }) : format.number(count.count)}
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function QueueViewsSkeleton() {
  return (
    <div className="flex gap-1.5" aria-hidden="true">
      {QUEUE_VIEWS.map((view) => (
        <div key={view} className="h-9 w-32 animate-pulse rounded-lg bg-slate-200/70" />
      ))}
    </div>
  );
}
