import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { ChevronLeft, CornerDownRight, CornerUpLeft, PhoneCall } from 'lucide-react';
import { currentPrincipal, currentViewer } from '@/server/auth/guards';
import { env } from '@/server/env';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { getTicketPageForPrincipal, type TicketView } from '@/server/tickets/queries';
import { toLocale } from '@/i18n/config';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { RatingForm } from '@/components/portal/rating-form';
import { ReplyBox, type ReplyMode } from '@/components/portal/reply-box';
import { StatusActions } from '@/components/portal/status-actions';
import { StatusPill } from '@/components/ui/status-pill';
import { TicketThread } from '@/components/portal/ticket-thread';
import {
  addPortalCollaborator,
  markTicketSolved,
  rateSolvedTicket,
  removePortalCollaborator,
  reopenTicket,
  replyToTicket,
} from './actions';
import { collaboratorsForCustomer } from '@/server/tickets/collaborators';
import { CollaboratorsEditor } from '@/components/agent/ticket/merge-and-cc';
import { RATING_SECTION_ID } from '@/server/mail/outbound/templates';
import { attachmentPath, customerTicketPath, PORTAL_PATHS } from '@/server/links';
import { bookedCallbackForTicket, slotLabel } from '@/server/phone/booking';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('portal.ticket');
  return { title: t('metaTitle'), robots: { index: false } };
}

type Props = { params: Promise<{ number: string }>; searchParams: Promise<{ t?: string | string[] }> };

export default async function TicketPage({ params, searchParams }: Props) {
  const [{ number: raw }, query] = await Promise.all([params, searchParams]);
  const token = typeof query.t === 'string' ? query.t : null;
  const number = parseTicketNumber(raw);
  const [viewer, principal] = await Promise.all([currentViewer(), currentPrincipal(token)]);
  const page = number === null ? null : await getTicketPageForPrincipal(number, principal);
  // Missing, forbidden and expired links look the same, so ticket numbers reveal nothing.
  if (!page) notFound();
  const { ticket, actions } = page;
  // Only the reporter and their company's admin see and manage who else is copied.
  const readerEmail = viewer.kind === 'user' ? viewer.user.email : principal.kind === 'ticketLink' ? principal.grant.email : null;
  const [collaborators, callback] = await Promise.all([
    number === null ? null : collaboratorsForCustomer(principal, number),
    bookedCallbackForTicket(ticket.id, readerEmail),
  ]);
  // The actions act for whoever this page acts for: the session, else the e-mailed link.
  const ref = { number: ticket.number, t: token };

  const t = await getTranslations();
  const format = await getFormatter();
  const rawLocale = await getLocale();
  const locale = toLocale(rawLocale);
  const config = env();
  const signedIn = viewer.kind === 'user';
  const fileHref = (id: string) => attachmentPath(id, { ticketLinkToken: token });
  // A ticket link opens one ticket only; other tickets' numbers link for signed-in readers.
  const ticketHref = (other: string) => (signedIn ? customerTicketPath(other) : null);
  const replyMode: ReplyMode = ticket.status === 'CLOSED' ? 'followUp' : ticket.status === 'RESOLVED' ? 'reopens' : 'reply';
  const lastActivity = [...ticket.messages.map((m) => m.createdAt), ...ticket.activity.map((a) => a.createdAt)].reduce(
    (latest, date) => (date > latest ? date : latest),
    ticket.createdAt,
  );

  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10 lg:px-8">
      {signedIn ? (
        <Link
          href={PORTAL_PATHS.tickets}
          className="-ml-2 inline-flex h-11 items-center gap-1 rounded-lg px-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          {t('portal.ticket.backToList')}
        </Link>
      ) : null}
      <header className="mt-1 max-w-3xl">
        <p className="text-sm font-medium text-brand-700">{t('ticketPage.eyebrow')}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight text-balance break-words text-slate-900 sm:text-3xl">{ticket.subject}</h1>
        <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2">
          <span className="font-mono text-sm font-medium text-slate-700" data-testid="ticket-number">
            {ticket.number}
          </span>
          <StatusPill status={ticket.status} audience="customer" />
        </div>
        {ticket.followUpOf ? (
          <p className="mt-3 flex items-start gap-2 text-sm text-slate-600">
            <CornerUpLeft aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-slate-400" />
            <MaybeLink href={ticketHref(ticket.followUpOf)}>{t('portal.ticket.followUpOf', { number: ticket.followUpOf })}</MaybeLink>
          </p>
        ) : null}
        {ticket.followUps.length > 0 ? (
          <p className="mt-3 flex items-start gap-2 text-sm text-slate-600">
            <CornerDownRight aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-slate-400" />
            <MaybeLink href={ticketHref(ticket.followUps[ticket.followUps.length - 1] ?? '')}>
              {t('portal.ticket.followUps', { numbers: ticket.followUps.join(', ') })}
            </MaybeLink>
          </p>
        ) : null}
      </header>

      <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_19rem] lg:gap-8">
        <aside className="space-y-4 lg:col-start-2 lg:row-start-1">
          <Card className="p-5">
            <h2 className="text-sm font-semibold text-slate-900">{t('portal.ticket.statusTitle')}</h2>
            <div className="mt-2">
              <StatusPill status={ticket.status} audience="customer" />
            </div>
            <p className="mt-3 text-sm leading-relaxed text-slate-600">
              {t(`portal.ticket.statusHelp.${ticket.status === 'OPEN' && !ticket.assigned ? 'OPEN_UNASSIGNED' : ticket.status}`)}
            </p>
            <p className="mt-2 text-xs text-slate-500">{t('portal.ticket.lastActivity', { time: format.relativeTime(lastActivity) })}</p>
            {actions.markSolved || actions.reopen ? (
              <div className="mt-4 border-t border-slate-100 pt-4">
                <StatusActions
                  markSolved={markTicketSolved.bind(null, ref)}
                  reopen={reopenTicket.bind(null, ref)}
                  canMarkSolved={actions.markSolved}
                  canReopen={actions.reopen}
                />
              </div>
            ) : null}
          </Card>
          {callback ? (
            <Card className="p-5" data-testid="ticket-callback">
              <h2 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
                <PhoneCall aria-hidden="true" className="size-4 text-brand-600" />
                {t('portal.ticket.callback.title')}
              </h2>
              <p className="mt-2 text-sm text-slate-900">{slotLabel(callback.slotStart, callback.slotEnd, locale)}</p>
              <div className="mt-2">
                <Badge tone={callback.status === 'OPEN' ? 'brand' : 'neutral'}>
                  {t(`callbackBooking.manage.status.${callback.status}`)}
                </Badge>
              </div>
              <p className="mt-2 text-sm text-slate-600 tabular-nums">
                {t('portal.ticket.callback.phone')} <span className="whitespace-nowrap">{callback.phone}</span>
              </p>
              {callback.manageHref ? (
                <Link
                  href={callback.manageHref}
                  className="mt-2 inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline hover:text-brand-800"
                >
                  {t('portal.ticket.callback.manage')}
                </Link>
              ) : null}
            </Card>
          ) : null}
          {collaborators ? (
            <Card className="p-5">
              <h2 className="text-sm font-semibold text-slate-900">{t('agentsWork.cc.title')}</h2>
              <div className="mt-2">
                <CollaboratorsEditor
                  people={collaborators}
                  add={addPortalCollaborator.bind(null, ref)}
                  remove={removePortalCollaborator.bind(null, ref)}
                />
              </div>
            </Card>
          ) : null}
        </aside>

        <div className="min-w-0 space-y-8 lg:col-start-1 lg:row-start-1">
          {actions.rate ? (
            <section
              id={RATING_SECTION_ID}
              aria-labelledby="rating-title"
              className="scroll-mt-24 rounded-xl border border-amber-200 bg-amber-50/50 p-5 shadow-xs sm:p-6"
            >
              <h2 id="rating-title" className="text-lg font-semibold tracking-tight text-slate-900">
                {t('portal.rating.title')}
              </h2>
              <p className="mt-1 text-sm text-slate-600">{t('portal.rating.lead')}</p>
              <div className="mt-4">
                <RatingForm
                  action={rateSolvedTicket.bind(null, ref)}
                  current={ticket.rating ? { stars: ticket.rating.stars, comment: ticket.rating.comment } : null}
                />
              </div>
            </section>
          ) : null}

          <section aria-labelledby="details" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs sm:p-6">
            <h2 id="details" className="sr-only">
              {t('ticketPage.details')}
            </h2>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <Detail term={t('ticketPage.category')} value={t(`ticket.category.${ticket.category}`)} />
              <Detail term={t('ticketPage.priority')} value={t(`ticket.priority.${ticket.priority}`)} />
              <Detail
                term={t('ticketPage.created')}
                value={format.dateTime(ticket.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
              />
              {ticket.occurredAt && (
                <Detail
                  term={t('ticketPage.occurredAt')}
                  value={format.dateTime(ticket.occurredAt, { dateStyle: 'medium', timeStyle: 'short' })}
                />
              )}
              {ticket.identifiers.map((identifier, i) => (
                <Detail key={i} term={t(`ticket.identifierKind.${identifier.kind}`)} value={identifier.value} mono />
              ))}
            </dl>
            <Narrative
              ticket={ticket}
              labels={{
                attempted: t('ticketPage.attempted'),
                expected: t('ticketPage.expected'),
                steps: t('ticketPage.steps'),
                error: t('ticketPage.errorMessage'),
              }}
            />
          </section>

          <section aria-labelledby="thread">
            <h2 id="thread" className="text-lg font-semibold tracking-tight text-slate-900">
              {t('ticketPage.thread')}
            </h2>
            <div className="mt-4">
              <TicketThread ticket={ticket} locale={locale} fileHref={fileHref} ticketHref={ticketHref} />
            </div>
          </section>

          {actions.reply ? (
            <ReplyBox
              action={replyToTicket.bind(null, ref)}
              mode={replyMode}
              limits={{
                maxFileBytes: config.UPLOAD_MAX_FILE_MB,
                maxFiles: config.UPLOAD_MAX_FILES,
                maxTotalBytes: config.UPLOAD_MAX_TOTAL_MB,
              }}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}

function MaybeLink({ href, children }: { href: string | null; children: React.ReactNode }) {
  return href ? (
    <a href={href} className="font-medium text-brand-700 underline-offset-2 hover:underline">
      {children}
    </a>
  ) : (
    <span>{children}</span>
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

function Narrative({
  ticket,
  labels,
}: {
  ticket: TicketView;
  labels: { attempted: string; expected: string; steps: string; error: string };
}) {
  if (!ticket.attempted && !ticket.expected && ticket.reproSteps.length === 0 && !ticket.errorMessage) return null;
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
