import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Download, LockOpen, ScrollText } from 'lucide-react';
import { requireAdminArea } from '@/server/auth/guards';
import { AGENT_PATHS } from '@/server/links';
import { listAudit } from '@/server/privacy/audit';
import { listActiveHolds, listCompanies } from '@/server/privacy/holds';
import { getRetentionPolicy, previewRetention, recentRetentionRuns } from '@/server/privacy/retention';
import { LegalHoldForm } from '@/components/admin/privacy/legal-hold-form';
import { PersonLookupForm } from '@/components/admin/privacy/person-lookup-form';
import { RetentionForm } from '@/components/admin/privacy/retention-form';
import { ActionButton } from '@/components/ui/action-button';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { formatBytes } from '@/server/attachments';
import { toLocale } from '@/i18n/config';
import { lookUpPersonAction, placeLegalHoldAction, releaseLegalHoldAction, saveRetentionPolicyAction } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('rodo.admin');
  return { title: t('metaTitle') };
}

/** `erasure.completed` → `erasure_completed`: catalogue keys cannot hold dots. */
function actionKey(action: string): string {
  return action.replace(/\./g, '_');
}

function numbersOf(details: unknown): Record<string, number> {
  if (!details || typeof details !== 'object') return {};
  return Object.fromEntries(Object.entries(details).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

/** /agent/admin/rodo: find a person (export, erase), retention rules with the next run's preview, legal holds, the audit log. */
export default async function PrivacyAdminPage() {
  const viewer = await requireAdminArea();
  const [t, format, policy, preview, runs, holds, companies, audit] = await Promise.all([
    getTranslations('rodo'),
    getFormatter(),
    getRetentionPolicy(),
    previewRetention(),
    recentRetentionRuns(),
    listActiveHolds(),
    listCompanies(),
    listAudit({ take: 30 }),
  ]);
  const locale = toLocale(viewer.user.locale);
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Warsaw' });

  return (
    <div className="space-y-10">
      <section aria-labelledby="rodo-people-title" className="space-y-4">
        <div className="max-w-3xl">
          <h2 id="rodo-people-title" className="text-lg font-semibold tracking-tight text-slate-900">
            {t('admin.peopleTitle')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t('admin.peopleLead')}</p>
        </div>
        <PersonLookupForm action={lookUpPersonAction} />
      </section>

      <section aria-labelledby="rodo-retention-title" className="space-y-4">
        <div className="max-w-3xl">
          <h2 id="rodo-retention-title" className="text-lg font-semibold tracking-tight text-slate-900">
            {t('retention.title')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t('retention.lead')}</p>
        </div>
        <Card className="space-y-6 p-5 sm:p-6">
          <RetentionForm initial={policy} action={saveRetentionPolicyAction} />
          <div className="border-t border-slate-200 pt-5" data-testid="retention-preview">
            <h3 className="text-base font-semibold text-slate-900">{t('retention.previewTitle')}</h3>
            <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
              {(
                [
                  [
                    'attachments',
                    t('retention.preview.attachments', { count: preview.attachments, size: formatBytes(preview.attachmentBytes, locale) }),
                  ],
                  ['rawEmails', t('retention.preview.rawEmails', { count: preview.rawEmails })],
                  ['reporters', t('retention.preview.reporters', { count: preview.reporters })],
                  ['outboxBodies', t('retention.preview.outboxBodies', { count: preview.outboxBodies })],
                ] as const
              ).map(([key, label]) => (
                <div key={key} className="rounded-lg bg-slate-50 p-3">
                  <dt className="text-xs font-medium text-slate-600">{t(`retention.previewLabels.${key}`)}</dt>
                  <dd className="mt-1 font-semibold text-slate-900">{label}</dd>
                </div>
              ))}
            </dl>
          </div>
          <div className="border-t border-slate-200 pt-5">
            <h3 className="text-base font-semibold text-slate-900">{t('retention.runsTitle')}</h3>
            {runs.length ? (
              <ul className="mt-2 divide-y divide-slate-100 text-sm">
                {runs.map((run) => {
                  const n = numbersOf(run.details);
                  return (
                    <li key={run.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:justify-between">
                      <span className="text-slate-800">{when(run.at)}</span>
                      <span className="text-slate-600">
                        {t('retention.runSummary', {
                          attachments: n.attachments ?? 0,
                          rawEmails: n.rawEmails ?? 0,
                          reporters: n.reporters ?? 0,
                          outboxBodies: n.outboxBodies ?? 0,
                        })}
                      </span>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="mt-2 text-sm text-slate-600">{t('retention.noRuns')}</p>
            )}
          </div>
        </Card>
      </section>

      <section aria-labelledby="rodo-holds-title" className="space-y-4">
        <div className="max-w-3xl">
          <h2 id="rodo-holds-title" className="text-lg font-semibold tracking-tight text-slate-900">
            {t('holds.title')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t('holds.lead')}</p>
        </div>
        <Card className="space-y-6 p-5 sm:p-6">
          <LegalHoldForm companies={companies} action={placeLegalHoldAction} />
          <div className="border-t border-slate-200 pt-5">
            <h3 className="text-base font-semibold text-slate-900">{t('holds.listTitle', { count: holds.length })}</h3>
            {holds.length ? (
              <ul className="mt-2 divide-y divide-slate-100">
                {holds.map((hold) => (
                  <li
                    key={hold.id}
                    data-testid="legal-hold"
                    className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between"
                  >
                    <div className="min-w-0 text-sm">
                      <p className="font-medium text-slate-900">
                        {hold.target.kind === 'ticket'
                          ? t('holds.onTicket', { number: hold.target.number })
                          : t('holds.onCompany', { name: hold.target.name })}
                      </p>
                      <p className="mt-0.5 break-words text-slate-700">{hold.reason}</p>
                      <p className="mt-0.5 text-xs text-slate-600">
                        {t('holds.placed', { when: when(hold.createdAt), who: hold.createdBy ?? t('holds.unknown') })}
                      </p>
                    </div>
                    <ActionButton
                      action={releaseLegalHoldAction.bind(null, hold.id)}
                      icon={<LockOpen aria-hidden="true" />}
                      label={t('holds.release')}
                      confirm={t('holds.releaseConfirm')}
                    />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2 text-sm text-slate-600">{t('holds.empty')}</p>
            )}
          </div>
        </Card>
      </section>

      <section aria-labelledby="rodo-audit-title" className="space-y-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="max-w-3xl">
            <h2 id="rodo-audit-title" className="text-lg font-semibold tracking-tight text-slate-900">
              {t('audit.title')}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{t('audit.lead')}</p>
          </div>
          <a
            href={AGENT_PATHS.privacyAuditExport}
            className={buttonClasses({ variant: 'secondary', className: 'w-full sm:w-auto' })}
            download
          >
            <Download aria-hidden="true" />
            {t('audit.export')}
          </a>
        </div>
        <Card className="overflow-hidden">
          {audit.length ? (
            <ul className="divide-y divide-slate-100" data-testid="audit-log">
              {audit.map((entry) => (
                <li
                  key={entry.id}
                  className="grid gap-1 px-4 py-3 text-sm sm:grid-cols-[11rem_minmax(0,1fr)_minmax(0,1fr)] sm:gap-4 sm:px-5"
                >
                  <span className="text-slate-600">{when(entry.at)}</span>
                  <span className="font-medium text-slate-900">
                    {t.has(`audit.actions.${actionKey(entry.action)}`)
                      ? t(`audit.actions.${actionKey(entry.action)}` as 'audit.actions.person_viewed')
                      : entry.action}
                    {entry.purpose && t.has(`purposes.${entry.purpose}`) ? (
                      <span className="font-normal text-slate-600"> · {t(`purposes.${entry.purpose}` as 'purposes.access_request')}</span>
                    ) : null}
                    {entry.caseRef ? <span className="font-normal text-slate-600"> · {entry.caseRef}</span> : null}
                  </span>
                  <span className="truncate text-slate-600">{entry.actor ? entry.actor.label : t('audit.worker')}</span>
                </li>
              ))}
            </ul>
          ) : (
            <div className="flex flex-col items-center px-6 py-10 text-center">
              <ScrollText aria-hidden="true" className="size-6 text-slate-400" />
              <p className="mt-2 text-sm text-slate-600">{t('audit.empty')}</p>
            </div>
          )}
        </Card>
      </section>
    </div>
  );
}
