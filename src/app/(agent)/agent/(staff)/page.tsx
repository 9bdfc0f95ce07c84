import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getTranslations } from 'next-intl/server';
import { Channel, Plan, TicketCategory, TicketPriority, TicketStatus } from '@/generated/prisma/enums';
import { queueAssignees } from '@/server/agent/queue';
import { parseQueueQuery, queueHref, QUEUE_SORTS } from '@/server/agent/views';
import { currentPrincipal, requireAgentArea } from '@/server/auth/guards';
import { QueueFilters, type FilterGroup, type FilterState, type ListFilter } from '@/components/agent/queue/queue-filters';
import { QueueResults, QueueResultsSkeleton } from '@/components/agent/queue/queue-results';
import { QueueViews, QueueViewsSkeleton } from '@/components/agent/queue/queue-views';
import { applyBulkChange } from './bulk-actions';
import { redirect } from 'next/navigation';
import { queueHomeView } from '@/server/agent/home-view';
import { RememberQueueView } from '@/components/agent/queue/remember-view';
import { rememberHomeView } from './home-view-action';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agent.queue');
  return { title: t('title') };
}

/** /agent: the queue. The URL is the state (views, filters, search, sort, cursor), read with the domain's schema. */
export default async function AgentQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireAgentArea();
  const principal = await currentPrincipal();
  const params = await searchParams;
  // A bare /agent (the navigation, after sign-in) opens the agent's home view: "Moje otwarte" or "Nieprzypisane".
  if (Object.keys(params).length === 0) redirect(queueHref({ view: await queueHomeView(principal) }));
  const query = parseQueueQuery(params);
  const [t, ts, tp, tc, tplan, staff] = await Promise.all([
    getTranslations('agent.queue'),
    getTranslations('ticket.status'),
    getTranslations('ticket.priority'),
    getTranslations('ticket.category'),
    getTranslations('common.plans'),
    queueAssignees(principal),
  ]);
  const firstName = (viewer.user.name ?? '').split(' ')[0];
  const colleagues = (staff ?? []).filter((s) => s.id !== viewer.user.id);
  const groups: FilterGroup[] = [
    { name: 'status', label: t('filters.status'), options: Object.values(TicketStatus).map((v) => ({ value: v, label: ts(v) })) },
    { name: 'priority', label: t('filters.priority'), options: Object.values(TicketPriority).map((v) => ({ value: v, label: tp(v) })) },
    { name: 'category', label: t('filters.category'), options: Object.values(TicketCategory).map((v) => ({ value: v, label: tc(v) })) },
    {
      name: 'assignee',
      label: t('filters.assignee'),
      options: [
        { value: 'me', label: t('filters.mine') },
        { value: 'none', label: t('filters.unassigned') },
        ...colleagues.map((s, i) => ({ value: s.id, label: s.name ?? s.email, groupLabel: i === 0 ? t('filters.agents') : undefined })),
      ],
    },
    { name: 'plan', label: t('filters.plan'), options: Object.values(Plan).map((v) => ({ value: v, label: tplan(v) })) },
    { name: 'channel', label: t('filters.channel'), options: Object.values(Channel).map((v) => ({ value: v, label: t(`channel.${v}`) })) },
  ];
  const state: FilterState = {
    view: query.view,
    sort: query.sort,
    q: query.q ?? '',
    tag: query.tag ?? '',
    from: query.from ?? '',
    to: query.to ?? '',
    lists: {
      status: query.status,
      priority: query.priority,
      category: query.category,
      assignee: query.assignee,
      plan: query.plan,
      channel: query.channel,
    },
  };
  // Plural forms are formatted here, where the catalogue's rules live; the bar only shows them.
  const selectedCount = Object.fromEntries(
    Object.entries(state.lists).map(([name, values]) => [name, t('filters.selectedCount', { count: values.length })]),
  ) as Record<ListFilter, string>;
  const listKey = queueHref(query);

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <header>
        <p className="text-sm font-medium text-brand-700">{firstName ? t('greeting', { name: firstName }) : t('greetingAnonymous')}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900">{t('title')}</h1>
      </header>

      <RememberQueueView view={query.view} remember={rememberHomeView} />
      <div className="mt-5">
        <Suspense fallback={<QueueViewsSkeleton />}>
          <QueueViews principal={principal} query={query} />
        </Suspense>
      </div>

      <div className="mt-4 rounded-xl border border-slate-200 bg-white p-3 shadow-xs sm:p-4">
        <QueueFilters
          state={state}
          groups={groups}
          sortOptions={QUEUE_SORTS.map((v) => ({ value: v, label: t(`sort.${v}`) }))}
          labels={{
            search: t('filters.search'),
            searchPlaceholder: t('filters.searchPlaceholder'),
            searchHint: t('filters.searchHint'),
            tag: t('filters.tag'),
            from: t('filters.from'),
            to: t('filters.to'),
            sort: t('filters.sort'),
            apply: t('filters.apply'),
            filters: t('filters.label'),
            toggle: t('filters.toggle'),
            // Filled in on the client, where the number of active filters changes without a round trip.
            toggleCount: t('filters.toggleCount', { count: '{count}' }),
            clear: t('filters.clear'),
            clearAll: t('filters.clearAll'),
            active: t('filters.active'),
            remove: t('filters.remove', { filter: '{filter}', value: '{value}' }),
            done: t('filters.done'),
            selectedCount,
          }}
        />
      </div>

      <div className="mt-4">
        <Suspense key={listKey} fallback={<QueueResultsSkeleton />}>
          <QueueResults principal={principal} query={query} bulkAction={applyBulkChange} />
        </Suspense>
      </div>
    </div>
  );
}
