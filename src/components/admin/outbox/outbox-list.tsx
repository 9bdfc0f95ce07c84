import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ChevronRight, Inbox, TriangleAlert } from 'lucide-react';
import type { OutboxRow } from '@/server/admin/outbox';
import { isRetryable } from '@/server/admin/outbox';
import type { ActionResult } from '@/server/actions/result';
import { OutboxStatusBadge } from './outbox-status-badge';
import { RetryButton } from './retry-button';
import { OUTBOX_PATH } from './outbox-filters';
import { agentTicketPath } from '@/server/links';

/**
 * The outbox rows: one card per e-mail that reads like a table row on wide screens and stacks on phones.
 * The subject opens the detail view (headers, both parts); failed and suppressed rows can be retried in place.
 */
export async function OutboxList({
  retry,
  rows,
  filtered,
}: {
  retry: (id: string) => Promise<ActionResult>;
  rows: OutboxRow[];
  filtered: boolean;
}) {
  const t = await getTranslations('adminOutbox');
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'short', timeStyle: 'medium' });

  if (!rows.length) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <Inbox aria-hidden="true" className="mx-auto size-8 text-slate-400" />
        <p className="mt-3 font-semibold text-slate-900">{t('list.empty')}</p>
        <p className="mx-auto mt-1 max-w-md text-sm text-slate-600">{filtered ? t('list.emptyFiltered') : t('list.emptyAll')}</p>
      </div>
    );
  }

  return (
    <ul
      aria-label={t('list.label')}
      className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs"
    >
      {rows.map((row) => {
        const problem = row.lastError ?? (row.status === 'SENT' || row.status === 'CAPTURED' ? null : row.smtpResponse);
        return (
          <li
            key={row.id}
            data-testid="outbox-row"
            data-id={row.id}
            className="grid gap-3 px-4 py-3.5 sm:grid-cols-[minmax(0,1fr)_auto] sm:px-5"
          >
            <div className="min-w-0 space-y-1.5">
              <div className="flex flex-wrap items-center gap-2">
                <OutboxStatusBadge status={row.status} label={t(`status.${row.status}`)} />
                <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-600">{row.template}</span>
                {row.ticketNumber ? (
                  <Link href={agentTicketPath(row.ticketNumber)} className="font-mono text-xs font-medium text-brand-700 hover:underline">
                    {row.ticketNumber}
                  </Link>
                ) : (
                  <span className="text-xs text-slate-500">{t('list.noTicket')}</span>
                )}
              </div>
              <Link
                href={`${OUTBOX_PATH}/${row.id}`}
                className="group flex min-w-0 items-center gap-1 font-medium text-slate-900 hover:text-brand-700"
              >
                <span className="truncate">{row.subject}</span>
                <ChevronRight aria-hidden="true" className="size-4 shrink-0 text-slate-400 group-hover:text-brand-600" />
              </Link>
              <p className="truncate text-sm text-slate-600">
                <span className="text-slate-500">{t('list.to')}: </span>
                {row.toName ? `${row.toName} <${row.toEmail}>` : row.toEmail}
              </p>
              {problem ? (
                <p className="flex items-start gap-1.5 text-xs text-red-700">
                  <TriangleAlert aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
                  <span className="line-clamp-2 break-words">{problem}</span>
                </p>
              ) : null}
            </div>
            <div className="flex flex-wrap items-end justify-between gap-3 text-xs text-slate-500 sm:flex-col sm:items-end sm:justify-start sm:text-right">
              <div className="space-y-0.5">
                <p>{t('list.created', { time: when(row.createdAt) })}</p>
                {row.sentAt ? <p className="text-emerald-700">{t('list.sent', { time: when(row.sentAt) })}</p> : null}
                {row.status === 'PENDING' && row.attempts > 0 ? <p>{t('list.nextAttempt', { time: when(row.nextAttemptAt) })}</p> : null}
                <p>{t('list.attempts', { count: row.attempts })}</p>
              </div>
              {isRetryable(row.status) ? <RetryButton action={retry} id={row.id} subject={row.subject} to={row.toEmail} compact /> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
