import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Paperclip } from 'lucide-react';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { getTicketForPrincipal, type TicketView } from '@/server/tickets/queries';
import { formatBytes } from '@/server/attachments';
import { isLocale } from '@/i18n/config';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Zgłoszenie', robots: { index: false } };

type Props = { params: Promise<{ number: string }>; searchParams: Promise<{ t?: string | string[] }> };

export default async function TicketPage({ params, searchParams }: Props) {
  const [{ number: raw }, query] = await Promise.all([params, searchParams]);
  const token = typeof query.t === 'string' ? query.t : null;
  const number = parseTicketNumber(raw);
  const principal = principalFrom({ ticketLinkToken: token, viewer: await getViewer() });
  const ticket = number === null ? null : await getTicketForPrincipal(number, principal);
  // Missing, forbidden and expired links look the same, so ticket numbers reveal nothing.
  if (!ticket) notFound();

  const t = await getTranslations();
  const format = await getFormatter();
  const rawLocale = await getLocale();
  const locale = isLocale(rawLocale) ? rawLocale : 'pl';
  const fileHref = (id: string) => `/api/attachments/${id}${token ? `?t=${encodeURIComponent(token)}` : ''}`;

  return (
    <main id="main" className="mx-auto w-full max-w-3xl px-4 py-8 sm:py-12">
      <p className="text-sm font-medium text-brand-700">{t('ticketPage.eyebrow')}</p>
      <div className="mt-1 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{ticket.subject}</h1>
        <StatusBadge status={ticket.status} label={t(`ticket.status.${ticket.status}`)} />
      </div>
      <p className="mt-2 font-mono text-sm text-slate-600" data-testid="ticket-number">
        {ticket.number}
      </p>

      <section aria-labelledby="details" className="mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="details" className="sr-only">
          {t('ticketPage.details')}
        </h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <Detail term={t('ticketPage.category')} value={t(`ticket.category.${ticket.category}`)} />
          <Detail term={t('ticketPage.priority')} value={t(`ticket.priority.${ticket.priority}`)} />
          <Detail term={t('ticketPage.created')} value={format.dateTime(ticket.createdAt, { dateStyle: 'medium', timeStyle: 'short' })} />
          {ticket.occurredAt && (
            <Detail term={t('ticketPage.occurredAt')} value={format.dateTime(ticket.occurredAt, { dateStyle: 'medium', timeStyle: 'short' })} />
          )}
          {ticket.identifiers.map((identifier, i) => (
            <Detail key={i} term={t(`ticket.identifierKind.${identifier.kind}`)} value={identifier.value} mono />
          ))}
        </dl>
        <Narrative ticket={ticket} labels={{ attempted: t('ticketPage.attempted'), expected: t('ticketPage.expected'), steps: t('ticketPage.steps'), error: t('ticketPage.errorMessage') }} />
      </section>

      <section aria-labelledby="thread" className="mt-8">
        <h2 id="thread" className="text-lg font-semibold text-slate-900">
          {t('ticketPage.thread')}
        </h2>
        <ol className="mt-4 space-y-4">
          {ticket.messages.map((message) => (
            <li
              key={message.id}
              className={
                message.author?.isStaff
                  ? 'rounded-xl border border-brand-100 bg-brand-50 p-4'
                  : 'rounded-xl border border-slate-200 bg-white p-4'
              }
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="font-medium text-slate-900">
                  {message.author?.isStaff ? t('ticketPage.supportTeam', { name: message.author.name ?? '' }) : (message.author?.name ?? ticket.reporter.name)}
                </span>
                <time className="text-slate-500" dateTime={message.createdAt.toISOString()}>
                  {format.dateTime(message.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
              </div>
              <p className="mt-2 whitespace-pre-wrap break-words text-slate-800">{message.body}</p>
              {message.attachments.length > 0 && (
                <ul className="mt-3 flex flex-wrap gap-2" aria-label={t('ticketPage.attachments')}>
                  {message.attachments.map((file) => (
                    <li key={file.id}>
                      <a
                        href={fileHref(file.id)}
                        className="inline-flex min-h-11 items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700 hover:border-brand-300 hover:text-brand-700"
                      >
                        {file.kind === 'IMAGE' ? (
                          // eslint-disable-next-line @next/next/no-img-element -- served by our authorising route, not the image optimiser
                          <img src={fileHref(file.id)} alt="" className="h-10 w-10 rounded object-cover" />
                        ) : (
                          <Paperclip aria-hidden className="h-4 w-4" />
                        )}
                        <span className="max-w-48 truncate">{file.fileName}</span>
                        <span className="text-slate-400">{formatBytes(file.size, locale)}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
        <p className="mt-6 rounded-lg bg-slate-100 p-4 text-sm text-slate-700">{t('ticketPage.replyByEmail')}</p>
      </section>
    </main>
  );
}

function Detail({ term, value, mono }: { term: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt className="text-slate-500">{term}</dt>
      <dd className={mono ? 'font-mono text-slate-900 break-all' : 'text-slate-900'}>{value}</dd>
    </div>
  );
}

function Narrative({ ticket, labels }: { ticket: TicketView; labels: { attempted: string; expected: string; steps: string; error: string } }) {
  return (
    <div className="mt-5 space-y-4 border-t border-slate-100 pt-4 text-sm">
      {ticket.attempted && (
        <div>
          <h3 className="font-medium text-slate-700">{labels.attempted}</h3>
          <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">{ticket.attempted}</p>
        </div>
      )}
      {ticket.expected && (
        <div>
          <h3 className="font-medium text-slate-700">{labels.expected}</h3>
          <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">{ticket.expected}</p>
        </div>
      )}
      {ticket.reproSteps.length > 0 && (
        <div>
          <h3 className="font-medium text-slate-700">{labels.steps}</h3>
          <ol className="mt-1 list-decimal space-y-1 pl-5 text-slate-800">
            {ticket.reproSteps.map((step, i) => (
              <li key={i} className="break-words">
                {step}
              </li>
            ))}
          </ol>
        </div>
      )}
      {ticket.errorMessage && (
        <div>
          <h3 className="font-medium text-slate-700">{labels.error}</h3>
          <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-words rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100">
            {ticket.errorMessage}
          </pre>
        </div>
      )}
    </div>
  );
}

const STATUS_STYLES: Record<string, string> = {
  NEW: 'bg-sky-100 text-sky-800',
  OPEN: 'bg-amber-100 text-amber-800',
  WAITING_ON_CUSTOMER: 'bg-violet-100 text-violet-800',
  ON_HOLD: 'bg-slate-200 text-slate-700',
  RESOLVED: 'bg-emerald-100 text-emerald-800',
  CLOSED: 'bg-slate-100 text-slate-600',
};

function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${STATUS_STYLES[status] ?? ''}`}>{label}</span>;
}
