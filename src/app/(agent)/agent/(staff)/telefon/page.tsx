import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Phone } from 'lucide-react';
import { currentPrincipal, requireAgentArea } from '@/server/auth/guards';
import { callLogPreset } from '@/server/phone/call-log';
import { listCallbacks, OVERDUE_AFTER_MS, type CallbackRow } from '@/server/phone/callbacks';
import { agentTicketPath } from '@/server/links';
import { Badge } from '@/components/ui/badge';
import { CallLogDialog } from '@/components/agent/phone/call-log-dialog';
import { CallPanel } from '@/components/agent/phone/call-panel';
import { logCallAction, recordCallOutcomeAction, searchCallersAction } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('phone');
  return { title: t('metaTitle') };
}

/**
 * /agent/telefon: "Zarejestruj rozmowę", and the calls the team owes — due now (overdue first, flagged), later
 * today, upcoming; each with its call panel. `?zarejestruj=<call id>` (the incoming-call pop-up) or
 * `?zarejestruj=1&zgloszenie=<number>` (the ticket view) opens the dialog with the caller already chosen.
 */
export default async function PhonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAgentArea();
  const principal = await currentPrincipal();
  const query = await searchParams;
  const logParam = typeof query.zarejestruj === 'string' ? query.zarejestruj : null;
  const ticketParam = typeof query.zgloszenie === 'string' && /^\d{1,9}$/.test(query.zgloszenie) ? Number(query.zgloszenie) : null;
  const [list, preset] = await Promise.all([
    listCallbacks(principal),
    logParam ? callLogPreset(principal, { callId: logParam === '1' ? null : logParam, ticketNumber: ticketParam }) : null,
  ]);
  if (!list.ok) notFound();
  const t = await getTranslations('phone');
  const overdue = list.value.dueNow.filter((row) => row.overdue).length;
  const groups = [
    ['dueNow', list.value.dueNow],
    ['laterToday', list.value.laterToday],
    ['upcoming', list.value.upcoming],
  ] as const;

  return (
    <div className="mx-auto max-w-5xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">{t('title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('lead')}</p>
        </div>
        <CallLogDialog
          key={`${logParam ?? ''}:${ticketParam ?? ''}`}
          search={searchCallersAction}
          log={logCallAction}
          preset={preset}
          openInitially={Boolean(logParam)}
        />
      </header>
      <div className="mt-6 space-y-8">
        {groups.map(([key, rows]) => (
          <section key={key} aria-labelledby={`group-${key}`} data-testid={`callbacks-${key}`}>
            <h2 id={`group-${key}`} className="text-lg font-semibold text-slate-900">
              {t(`groups.${key}`)} <span className="text-sm font-normal text-slate-500">({rows.length})</span>
            </h2>
            {key === 'dueNow' && overdue > 0 ? (
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600" data-testid="callbacks-overdue">
                <Badge tone="warning">{t('overdueCount', { count: overdue })}</Badge>
                {t('overdueHint', { minutes: OVERDUE_AFTER_MS / 60_000 })}
              </p>
            ) : null}
            {rows.length === 0 ? (
              <p className="mt-2 text-sm text-slate-500">{t('empty')}</p>
            ) : (
              <ul className="mt-3 space-y-3">
                {rows.map((row) => (
                  <CallbackItem key={row.id} row={row} />
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}

async function CallbackItem({ row }: { row: CallbackRow }) {
  const [t, format] = await Promise.all([getTranslations('phone'), getFormatter()]);
  const due = format.dateTime(row.dueAt, {
    timeZone: 'Europe/Warsaw',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const who = row.contact ? (row.contact.name ?? row.contact.email) : t('unknownCaller');
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="callback">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-semibold break-words text-slate-900">{who}</h3>
            {row.contact?.company ? <span className="text-sm text-slate-600">{row.contact.company}</span> : null}
            <Badge tone="neutral">{t(`source.${row.source === 'booked' ? 'booked' : 'missed'}`)}</Badge>
            {row.overdue ? <Badge tone="warning">{t('overdue')}</Badge> : null}
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {t('due', { time: due })} · {t('attempts', { count: row.attempts })}
          </p>
          {row.topic ? (
            <p className="mt-1 text-sm break-words text-slate-800" data-testid="callback-topic">
              <span className="font-medium">{t('topic')}:</span> {row.topic}
            </p>
          ) : null}
          {row.ticket ? (
            <p className="mt-1 text-sm">
              <Link
                href={agentTicketPath(row.ticket.numberValue)}
                className="font-medium text-brand-700 underline-offset-2 hover:underline"
              >
                {t('ticket', { number: row.ticket.number })}
              </Link>{' '}
              <span className="text-slate-600">{row.ticket.subject}</span>
            </p>
          ) : null}
        </div>
        <a
          href={`tel:${row.phone}`}
          className="inline-flex h-11 shrink-0 items-center gap-2 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
        >
          <Phone aria-hidden="true" className="size-4" />
          <span>{t('call', { number: row.phoneDisplay })}</span>
        </a>
      </div>
      <CallPanel callbackId={row.id} action={recordCallOutcomeAction} canReply={row.ticket !== null} />
    </li>
  );
}
