import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Inbox, Info } from 'lucide-react';
import type { TicketStatus } from '@/generated/prisma/enums';
import { newestTickets, type QueueTicket } from '@/server/agent/queue';
import { requireAgentArea } from '@/server/auth/guards';
import { principalFrom } from '@/server/auth/principal';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agent.queue');
  return { title: t('title') };
}

const STATUS_TONE: Record<TicketStatus, BadgeTone> = {
  NEW: 'brand',
  OPEN: 'warning',
  WAITING_ON_CUSTOMER: 'neutral',
  ON_HOLD: 'neutral',
  RESOLVED: 'success',
  CLOSED: 'neutral',
};

/** /agent: a placeholder queue — the 20 newest tickets — until the real one (filters, assignment, SLA) lands. */
export default async function AgentQueuePage() {
  const viewer = await requireAgentArea();
  const queue = await newestTickets(principalFrom({ viewer }));
  const t = await getTranslations('agent.queue');
  const ts = await getTranslations('ticket.status');
  const tp = await getTranslations('common.plans');
  const format = await getFormatter();
  const now = new Date();
  const tickets = queue?.tickets ?? [];
  const firstName = (viewer.user.name ?? '').split(' ')[0];
  const reporterLine = (ticket: QueueTicket) =>
    [ticket.reporter.name ?? ticket.reporter.email, ticket.company ? `${ticket.company.name} (${tp(ticket.company.plan)})` : null].filter(Boolean).join(', ');
  const created = (at: Date) => (
    <time dateTime={at.toISOString()} title={format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' })}>
      {format.relativeTime(at, now)}
    </time>
  );

  return (
    <div className="mx-auto max-w-7xl px-4 py-8 sm:px-6 lg:px-8 lg:py-10">
      <header className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <p className="text-sm font-medium text-brand-700">{firstName ? t('greeting', { name: firstName }) : t('greetingAnonymous')}</p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{t('title')}</h1>
        </div>
        <p className="text-sm text-slate-600">{t('summary', { shown: tickets.length, total: queue?.total ?? 0 })}</p>
      </header>

      <p className="mt-5 flex items-start gap-2.5 rounded-lg bg-brand-50/70 px-3.5 py-3 text-sm text-slate-700 ring-1 ring-brand-100">
        <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-600" />
        <span>{t('placeholderNote')}</span>
      </p>

      {tickets.length === 0 ? (
        <Card className="mt-6 flex flex-col items-center px-6 py-16 text-center">
          <Inbox aria-hidden="true" className="size-10 text-slate-300" />
          <h2 className="mt-4 text-base font-semibold text-slate-900">{t('emptyTitle')}</h2>
          <p className="mt-1 max-w-sm text-sm text-slate-600">{t('emptyBody')}</p>
        </Card>
      ) : (
        <Card className="mt-6 overflow-hidden">
          {/* Phones get a list of cards, wider screens a table: each is hidden (and so silent) at the other size. */}
          <ul className="divide-y divide-slate-100 md:hidden" aria-label={t('caption')}>
            {tickets.map((ticket) => (
              <li key={ticket.number} data-testid="queue-ticket" className="px-4 py-3.5">
                <div className="flex items-center justify-between gap-3">
                  <span className="text-xs text-slate-500">
                    <span className="font-mono font-medium">{ticket.number}</span> · {created(ticket.createdAt)}
                  </span>
                  <Badge tone={STATUS_TONE[ticket.status]}>{ts(ticket.status)}</Badge>
                </div>
                <p className="mt-1 line-clamp-2 text-sm font-medium text-slate-900">{ticket.subject}</p>
                <p className="mt-1 truncate text-xs text-slate-500">{reporterLine(ticket)}</p>
              </li>
            ))}
          </ul>
          <table className="hidden w-full text-left text-sm md:table">
            <caption className="sr-only">{t('caption')}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-5 py-3">
                  {t('columns.number')}
                </th>
                <th scope="col" className="px-3 py-3">
                  {t('columns.subject')}
                </th>
                <th scope="col" className="px-3 py-3">
                  {t('columns.status')}
                </th>
                <th scope="col" className="px-3 py-3">
                  {t('columns.reporter')}
                </th>
                <th scope="col" className="px-5 py-3 text-right">
                  {t('columns.created')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tickets.map((ticket) => (
                <tr key={ticket.number} data-testid="queue-ticket" className="hover:bg-slate-50/70">
                  <td className="px-5 py-3.5 font-mono text-sm font-medium whitespace-nowrap text-slate-500">{ticket.number}</td>
                  <td className="px-3 py-3.5 font-medium text-slate-900">
                    <span className="line-clamp-2">{ticket.subject}</span>
                  </td>
                  <td className="px-3 py-3.5">
                    <Badge tone={STATUS_TONE[ticket.status]}>{ts(ticket.status)}</Badge>
                  </td>
                  <td className="px-3 py-3.5">
                    <span className="block max-w-56 truncate text-slate-800">{ticket.reporter.name ?? ticket.reporter.email}</span>
                    {ticket.company ? (
                      <span className="block max-w-56 truncate text-xs text-slate-500">
                        {ticket.company.name} · {tp(ticket.company.plan)}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-5 py-3.5 text-right whitespace-nowrap text-slate-500">
                    {created(ticket.createdAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
