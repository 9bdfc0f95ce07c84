import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ArrowRight, ChevronsLeft, Eye, Inbox, SearchX } from 'lucide-react';
import { TicketCategory, TicketPriority, TicketStatus } from '@/generated/prisma/enums';
import { viewersOnTickets } from '@/server/agent/presence';
import { listQueue, queueAssignees, type QueueRow, type QueueSla } from '@/server/agent/queue';
import { queueHref, type QueueQuery } from '@/server/agent/views';
import type { Principal } from '@/server/auth/policy';
import { Card } from '@/components/ui/card';
import { StatusPill } from '@/components/ui/status-pill';
import { cn } from '@/lib/cn';
import { QueueKeyboard } from './queue-keyboard';
import { BulkCheckbox, BulkSelection, type BulkSelectionProps } from './bulk-selection';
import { agentTicketPath } from '@/server/links';

const COLUMNS = ['number', 'subject', 'reporter', 'status', 'priority', 'assignee', 'sla', 'activity'] as const;

const PRIORITY_DOT: Record<TicketPriority, string> = {
  LOW: 'bg-slate-300',
  NORMAL: 'bg-sky-400',
  HIGH: 'bg-amber-500',
  URGENT: 'bg-red-600',
};

const SLA_CLASS: Record<QueueSla['state'], string> = {
  none: 'text-slate-500',
  paused: 'text-slate-500',
  ok: 'text-slate-600',
  atRisk: 'font-medium text-amber-700',
  breached: 'font-semibold text-red-700',
};

export function ticketHref(row: QueueRow): string {
  return agentTicketPath(row.number);
}

function hasFilters(query: QueueQuery): boolean {
  return Boolean(
    query.q ||
    query.tag ||
    query.from ||
    query.to ||
    query.assignee.length ||
    query.status.length ||
    query.priority.length ||
    query.category.length ||
    query.plan.length ||
    query.channel.length,
  );
}

/** One page of the queue: a dense table from md up, cards on a phone, then the keyset "next page" link. */
export async function QueueResults({
  principal,
  query,
  bulkAction,
}: {
  principal: Principal;
  query: QueueQuery;
  /** The bulk bar's server action; without it the queue has no checkboxes. */
  bulkAction?: BulkSelectionProps['action'];
}) {
  const [page, t, tp, tc, tplan, ts, tb, format, staff] = await Promise.all([
    listQueue(principal, query),
    getTranslations('agent.queue'),
    getTranslations('ticket.priority'),
    getTranslations('ticket.category'),
    getTranslations('common.plans'),
    getTranslations('ticket.status'),
    getTranslations('agentsWork.bulk'),
    getFormatter(),
    bulkAction ? queueAssignees(principal) : Promise.resolve(null),
  ]);
  const rows = page?.rows ?? [];
  // One indexed lookup for the page's ids: who else has each ticket open right now.
  const viewing = await viewersOnTickets(
    principal,
    rows.map((row) => row.id),
  );
  const viewingMark = (row: QueueRow) => {
    const others = viewing.get(row.id);
    if (!others?.length) return null;
    const names = format.list(
      others.map((o) => o.name ?? o.email),
      { type: 'conjunction' },
    );
    return (
      <span className="inline-flex items-center text-brand-600" title={t('filters.viewingNow', { names })} data-testid="queue-viewing">
        <Eye aria-hidden="true" className="size-3.5" />
        <span className="sr-only">{t('filters.viewingNow', { names })}</span>
      </span>
    );
  };
  const now = new Date();
  const relative = (at: Date) => (
    <time dateTime={at.toISOString()} title={format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' })}>
      {format.relativeTime(at, now)}
    </time>
  );
  // The wall-clock moment the deadline falls due (in support hours it may be days away), with "in 3 days" on hover.
  const dueMoment = (at: Date) => (
    <time dateTime={at.toISOString()} title={format.relativeTime(at, now)} data-testid="sla-due">
      {format.dateTime(at, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}
    </time>
  );
  const sla = (row: QueueRow) =>
    row.sla.state === 'none' ? (
      <span className="text-slate-500">{t('sla.none')}</span>
    ) : (
      <span className={cn('block', SLA_CLASS[row.sla.state])} data-sla={row.sla.state}>
        {row.sla.state === 'ok' && row.sla.dueAt ? dueMoment(row.sla.dueAt) : t(`sla.${row.sla.state}`)}
        {row.sla.kind ? (
          <span className="block text-xs font-normal text-slate-500">
            {t(`sla.${row.sla.kind}`)}
            {row.sla.state !== 'ok' && row.sla.dueAt ? <span className="block">{dueMoment(row.sla.dueAt)}</span> : null}
          </span>
        ) : null}
      </span>
    );
  const assignee = (row: QueueRow) =>
    row.assignee ? (
      <span className="block max-w-36 truncate">{row.assignee.name ?? row.assignee.email}</span>
    ) : (
      <span className="text-slate-600 italic">{t('unassigned')}</span>
    );

  if (rows.length === 0) {
    const filtered = hasFilters(query) || query.cursor;
    const Icon = filtered ? SearchX : Inbox;
    return (
      <Card className="flex flex-col items-center px-6 py-16 text-center" data-testid="queue-empty">
        <Icon aria-hidden="true" className="size-10 text-slate-300" />
        <h2 className="mt-4 text-base font-semibold text-slate-900">{filtered ? t('emptyFilteredTitle') : t('emptyTitle')}</h2>
        <p className="mt-1 max-w-sm text-sm text-slate-600">{filtered ? t('emptyFilteredBody') : t('emptyBody')}</p>
        {filtered ? (
          <Link href={queueHref({ view: query.view })} className="mt-4 text-sm font-semibold text-brand-700 hover:text-brand-800">
            {t('clearFilters')}
          </Link>
        ) : null}
      </Card>
    );
  }

  const checkbox = (row: QueueRow) =>
    bulkAction ? <BulkCheckbox number={row.number} label={tb('select', { number: row.number })} /> : null;
  const list = (
    <Card className="overflow-hidden">
      <ul className="divide-y divide-slate-100 md:hidden" aria-label={t('caption')}>
        {rows.map((row) => (
          <li
            key={row.id}
            data-testid="queue-ticket"
            data-queue-row=""
            data-number={row.number}
            data-href={ticketHref(row)}
            className="relative px-4 py-3 data-selected:bg-brand-50/50 data-selected:shadow-[inset_3px_0_0_var(--color-brand-600)]"
          >
            <div className="flex items-center justify-between gap-3 text-xs text-slate-500">
              <span className="flex items-center gap-1.5">
                {checkbox(row)}
                <span aria-hidden="true" className={cn('size-2 rounded-full', PRIORITY_DOT[row.priority])} />
                <span className="font-mono font-medium">{row.number}</span>
                {viewingMark(row)}
                <span>· {relative(row.lastActivityAt)}</span>
              </span>
              <StatusPill status={row.status} />
            </div>
            <Link href={ticketHref(row)} className="mt-1 line-clamp-2 text-sm font-medium text-slate-900 after:absolute after:inset-0">
              {row.subject}
            </Link>
            <p className="mt-1 truncate text-xs text-slate-500">
              {row.reporter.name ?? row.reporter.email}
              {row.company ? ` · ${row.company.name} (${tplan(row.company.plan)})` : ''}
            </p>
            <div className="mt-1.5 flex items-center justify-between gap-3 text-xs">
              <span className="text-slate-600">{assignee(row)}</span>
              <span className="text-right">{sla(row)}</span>
            </div>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('caption')}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            <tr>
              {bulkAction ? (
                <th scope="col" className="py-2.5 pl-4">
                  <span className="sr-only">{tb('selectPage')}</span>
                </th>
              ) : null}
              {COLUMNS.map((column, index) => (
                <th
                  key={column}
                  scope="col"
                  className={
                    index === 0 ? 'py-2.5 pr-2 pl-4' : index === COLUMNS.length - 1 ? 'py-2.5 pr-4 pl-2 text-right' : 'px-2 py-2.5'
                  }
                >
                  {t(`columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr
                key={row.id}
                data-testid="queue-ticket"
                data-queue-row=""
                data-number={row.number}
                data-href={ticketHref(row)}
                className="relative align-top hover:bg-slate-50/80 data-selected:bg-brand-50/50 data-selected:shadow-[inset_3px_0_0_var(--color-brand-600)]"
              >
                {bulkAction ? <td className="py-2.5 pl-4 align-middle">{checkbox(row)}</td> : null}
                <td className="py-2.5 pr-2 pl-4 font-mono text-xs font-medium whitespace-nowrap text-slate-500">
                  <span className="inline-flex items-center gap-1.5">
                    {row.number}
                    {viewingMark(row)}
                  </span>
                </td>
                <td className="w-full min-w-64 px-2 py-2.5">
                  <Link
                    href={ticketHref(row)}
                    data-testid="queue-row-link"
                    className="-my-0.5 line-clamp-1 leading-6 font-medium text-slate-900 after:absolute after:inset-0 hover:text-brand-700 focus-visible:underline"
                  >
                    {row.subject}
                  </Link>
                  <span className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-slate-500">
                    {tc(row.category)}
                    {row.tags.slice(0, 3).map((tag) => (
                      <span key={tag} className="rounded bg-slate-100 px-1.5 text-slate-600">
                        {tag}
                      </span>
                    ))}
                  </span>
                </td>
                <td className="px-2 py-2.5">
                  <span className="block max-w-44 truncate text-slate-800">{row.reporter.name ?? row.reporter.email}</span>
                  {row.company ? (
                    <span className="block max-w-44 truncate text-xs text-slate-500">
                      {row.company.name} · {tplan(row.company.plan)}
                    </span>
                  ) : null}
                </td>
                <td className="px-2 py-2.5">
                  <StatusPill status={row.status} />
                </td>
                <td className="px-2 py-2.5 whitespace-nowrap text-slate-700">
                  <span className="inline-flex items-center gap-1.5">
                    <span aria-hidden="true" className={cn('size-2 rounded-full', PRIORITY_DOT[row.priority])} />
                    {tp(row.priority)}
                  </span>
                </td>
                <td className="px-2 py-2.5 text-slate-700">{assignee(row)}</td>
                <td className="px-2 py-2.5 whitespace-nowrap">{sla(row)}</td>
                <td className="py-2.5 pr-4 pl-2 text-right whitespace-nowrap text-slate-500">{relative(row.lastActivityAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );

  return (
    <>
      <QueueKeyboard key={queueHref(query)} />
      {bulkAction ? (
        <BulkSelection
          key={queueHref(query)}
          numbers={rows.map((row) => row.number)}
          matching={queueHref({ ...query, cursor: undefined }, '').replace(/^\?/, '')}
          hasMore={Boolean(page?.nextCursor || query.cursor)}
          action={bulkAction}
          options={{
            assignees: (staff ?? []).map((s) => ({ value: s.id, label: s.name ?? s.email })),
            statuses: Object.values(TicketStatus).map((v) => ({ value: v, label: ts(v) })),
            priorities: Object.values(TicketPriority).map((v) => ({ value: v, label: tp(v) })),
            categories: Object.values(TicketCategory).map((v) => ({ value: v, label: tc(v) })),
          }}
        >
          {list}
        </BulkSelection>
      ) : (
        list
      )}
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
        <span>
          {t('shown', { count: rows.length })}
          <span className="hidden lg:inline"> · {t('keyboardHint')}</span>
        </span>
        <span className="flex gap-2">
          {query.cursor ? (
            <Link
              href={queueHref({ ...query, cursor: undefined })}
              className="inline-flex h-9 items-center gap-1.5 rounded-lg px-3 font-medium ring-1 ring-slate-200 hover:bg-white"
            >
              <ChevronsLeft aria-hidden="true" className="size-4" />
              {t('firstPage')}
            </Link>
          ) : null}
          {page?.nextCursor ? (
            <Link
              href={queueHref({ ...query, cursor: page.nextCursor })}
              data-testid="queue-next-page"
              className="inline-flex h-9 items-center gap-1.5 rounded-lg bg-slate-900 px-3 font-medium text-white hover:bg-slate-800"
            >
              {t('nextPage')}
              <ArrowRight aria-hidden="true" className="size-4" />
            </Link>
          ) : null}
        </span>
      </div>
    </>
  );
}

export async function QueueResultsSkeleton() {
  const t = await getTranslations('agent.queue');
  return (
    <Card className="overflow-hidden" aria-busy="true">
      <p className="sr-only" role="status">
        {t('loading')}
      </p>
      <div className="divide-y divide-slate-100" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex items-center gap-4 px-4 py-3.5">
            <div className="h-3 w-16 animate-pulse rounded bg-slate-200" />
            <div className="h-3 flex-1 animate-pulse rounded bg-slate-200/80" />
            <div className="hidden h-3 w-32 animate-pulse rounded bg-slate-200/70 md:block" />
            <div className="h-5 w-16 animate-pulse rounded-full bg-slate-200/70" />
          </div>
        ))}
      </div>
    </Card>
  );
}
