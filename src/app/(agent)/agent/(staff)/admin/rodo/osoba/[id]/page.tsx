import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ArrowLeft, Download, FileSearch, Mail, ShieldAlert, UserX } from 'lucide-react';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { formatBytes } from '@/server/attachments';
import { AGENT_PATHS, agentTicketPath, privacyPersonExportBase, privacyPersonPath } from '@/server/links';
import { personSummary } from '@/server/privacy/access';
import { planErasure, type ErasureBlocker } from '@/server/privacy/erasure';
import { PRIVACY_PURPOSES } from '@/server/privacy/schemas';
import { ErasureForm } from '@/components/admin/privacy/erasure-form';
import { ActionButton } from '@/components/ui/action-button';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { Input, Select } from '@/components/ui/input';
import { StatusPill } from '@/components/ui/status-pill';
import { toLocale } from '@/i18n/config';
import { queuePersonExportAction, requestErasureAction } from '../../actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('rodo.person');
  return { title: t('metaTitle') };
}

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * /agent/admin/rodo/osoba/[id]: one person's data for an admin: what there is, the export (a ZIP, or built in the
 * background when large), and the erasure in two steps: `?usuwanie=podglad` shows the dry run (recorded), whose
 * confirmation form erases.
 */
export default async function PrivacyPersonPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const viewer = await requireAdminArea();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const principal = await currentPrincipal();
  const summary = await personSummary(principal, id);
  if (!summary.ok) notFound();
  const person = summary.value;
  const dryRun = query.usuwanie === 'podglad' && !person.erasure?.completedAt ? await planErasure(principal, id) : null;
  const plan = dryRun?.ok ? dryRun.value : null;
  const [t, tp, format] = await Promise.all([getTranslations('rodo.person'), getTranslations('rodo.purposes'), getFormatter()]);
  const locale = toLocale(viewer.user.locale);
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Warsaw' });
  const erased = Boolean(person.erasure?.completedAt);

  return (
    <div className="space-y-6">
      <Link href={AGENT_PATHS.privacy} className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:text-brand-800">
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t('back')}
      </Link>

      <Card className="p-5 sm:p-6">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <h2 className="text-lg font-semibold break-words text-slate-900" data-testid="person-name">
              {person.name ?? person.email}
            </h2>
            <p className="break-all text-sm text-slate-600">{person.email}</p>
          </div>
          <div className="flex flex-wrap gap-2">
            <Badge tone="neutral">{t(`roles.${person.role as 'CUSTOMER'}`)}</Badge>
            {erased ? (
              <Badge tone="warning">{t('erasedBadge')}</Badge>
            ) : person.active ? null : (
              <Badge tone="neutral">{t('inactive')}</Badge>
            )}
          </div>
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
          {(
            [
              ['company', person.companyName ?? '—'],
              ['tickets', String(person.counts.tickets)],
              ['messages', String(person.counts.messages)],
              ['attachments', `${person.counts.attachments} · ${formatBytes(person.counts.attachmentBytes, locale)}`],
              ['emails', String(person.counts.emails)],
              ['signIns', String(person.counts.signIns)],
            ] as const
          ).map(([key, value]) => (
            <div key={key} className="min-w-0 rounded-lg bg-slate-50 p-3">
              <dt className="text-xs font-medium text-slate-600">{t(`counts.${key}`)}</dt>
              <dd className="mt-1 truncate font-semibold text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
        {person.tickets.length ? (
          <div className="mt-5">
            <h3 className="text-sm font-semibold text-slate-800">{t('ticketsTitle')}</h3>
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {person.tickets.map((ticket) => (
                <li key={ticket.number} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                  <Link href={agentTicketPath(ticket.number)} className="font-mono font-medium text-brand-700 hover:underline">
                    {ticket.number}
                  </Link>
                  <span className="min-w-0 flex-1 truncate text-slate-800">{ticket.subject}</span>
                  <StatusPill status={ticket.status as 'OPEN'} />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Card>

      <section aria-labelledby="export-title">
        <Card className="p-5 sm:p-6">
          <h3 id="export-title" className="flex items-center gap-2 text-base font-semibold text-slate-900">
            <Download aria-hidden="true" className="size-4 text-brand-600" />
            {t('export.title')}
          </h3>
          <p className="mt-1 text-sm text-slate-600">{t('export.lead')}</p>
          {query['za-duze'] === '1' || !person.exportInline ? (
            <Alert tone="info" className="mt-3">
              {t('export.tooLarge')}
            </Alert>
          ) : null}
          {person.exportInline ? (
            <form
              method="get"
              action={privacyPersonExportBase(person.id)}
              className="mt-4 grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] md:items-end"
            >
              <div>
                <Label htmlFor="export-purpose">{t('export.purpose')}</Label>
                <Select id="export-purpose" name="cel" required defaultValue="access_request" className="mt-1.5">
                  {PRIVACY_PURPOSES.map((code) => (
                    <option key={code} value={code}>
                      {tp(code)}
                    </option>
                  ))}
                </Select>
              </div>
              <div>
                <Label htmlFor="export-case">{t('export.caseRef')}</Label>
                <Input id="export-case" name="sprawa" maxLength={60} autoComplete="off" className="mt-1.5" />
              </div>
              <button type="submit" className={buttonClasses({ className: 'w-full md:w-auto' })}>
                <Download aria-hidden="true" />
                {t('export.download')}
              </button>
            </form>
          ) : (
            <ActionButton
              action={queuePersonExportAction.bind(null, { subjectId: person.id, purpose: 'access_request', caseRef: '' })}
              icon={<Mail aria-hidden="true" />}
              label={t('export.queue')}
            />
          )}
        </Card>
      </section>

      <section aria-labelledby="erasure-title">
        <Card className="p-5 sm:p-6">
          <h3 id="erasure-title" className="flex items-center gap-2 text-base font-semibold text-slate-900">
            <UserX aria-hidden="true" className="size-4 text-red-600" />
            {t('erasure.title')}
          </h3>
          <p className="mt-1 text-sm text-slate-600">{t('erasure.lead')}</p>
          {erased && person.erasure ? (
            <Alert tone="success" className="mt-4" data-testid="erasure-done">
              {t('erasure.done', { number: person.erasure.number, when: when(person.erasure.completedAt ?? new Date()) })}
            </Alert>
          ) : plan ? (
            <div className="mt-4" data-testid="erasure-plan">
              <h4 className="font-semibold text-slate-900">{t('erasure.planTitle')}</h4>
              <ul className="mt-2 grid gap-2 text-sm sm:grid-cols-2">
                {(
                  [
                    ['tickets', plan.counts.tickets],
                    ['messages', plan.counts.messages],
                    ['identifiers', plan.counts.identifiers],
                    ['attachments', plan.counts.attachments],
                    ['rawEmails', plan.counts.rawEmails],
                    ['outboundEmails', plan.counts.outboundEmails],
                    ['sessions', plan.counts.sessions],
                    ['signIns', plan.counts.signIns],
                  ] as const
                ).map(([key, count]) => (
                  <li key={key} className="flex justify-between gap-3 rounded-lg bg-slate-50 px-3 py-2">
                    <span className="text-slate-700">{t(`erasure.plan.${key}`)}</span>
                    <span className="font-semibold text-slate-900">{count}</span>
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-sm text-slate-600">{t('erasure.kept')}</p>
              {plan.blockers.length ? (
                <Blockers blockers={plan.blockers} />
              ) : (
                <ErasureForm subjectId={person.id} action={requestErasureAction} />
              )}
            </div>
          ) : (
            <Link
              href={`${privacyPersonPath(person.id)}?usuwanie=podglad`}
              className={buttonClasses({ variant: 'secondary', className: 'mt-4 w-full sm:w-auto' })}
            >
              <FileSearch aria-hidden="true" />
              {t('erasure.dryRun')}
            </Link>
          )}
        </Card>
      </section>
    </div>
  );
}

async function Blockers({ blockers }: { blockers: ErasureBlocker[] }) {
  const t = await getTranslations('rodo.person.erasure.blockers');
  return (
    <div
      role="alert"
      data-testid="erasure-blockers"
      className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <p className="flex items-center gap-2 font-semibold">
        <ShieldAlert aria-hidden="true" className="size-4 text-amber-700" />
        {t('title')}
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {blockers.map((blocker, i) => (
          <li key={i}>
            {blocker.kind === 'self' ? (
              t('self')
            ) : blocker.kind === 'legal_hold' ? (
              blocker.scope === 'ticket' ? (
                t('holdTicket', { number: blocker.ticketNumber, reason: blocker.reason })
              ) : (
                t('holdCompany', { name: blocker.companyName, reason: blocker.reason })
              )
            ) : (
              <>
                {t('assigned', { count: blocker.tickets.length })}
                <ul className="mt-1 list-none space-y-0.5 pl-0">
                  {blocker.tickets.map((ticket) => (
                    <li key={ticket.number}>
                      <Link href={agentTicketPath(ticket.number)} className="font-mono font-medium text-amber-900 underline">
                        {ticket.number}
                      </Link>{' '}
                      {ticket.subject}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
