import { getFormatter, getTranslations } from 'next-intl/server';
import { AppWindow, CalendarClock, Globe, Monitor, MonitorSmartphone, TriangleAlert } from 'lucide-react';
import type { AgentTicketView } from '@/server/agent/ticket-view';
import { CopyButton } from './copy-button';
import { SideCard } from './side-cards';

/** Identifiers to paste into the admin tools, and the reporter's environment, laid out for a quick read. */
export async function IdentifiersCard({ details, channel }: { details: AgentTicketView['details']; channel: AgentTicketView['channel'] }) {
  const t = await getTranslations('agent.ticket.details');
  const tt = await getTranslations('ticket');
  const format = await getFormatter();
  const env = details.environment;
  const envRows = env
    ? [
        { icon: AppWindow, label: t('browser'), value: env.browser },
        { icon: Monitor, label: t('os'), value: env.os },
        { icon: MonitorSmartphone, label: t('screen'), value: env.screen },
        { icon: Globe, label: t('timeZone'), value: env.timeZone },
      ].filter((row): row is { icon: typeof AppWindow; label: string; value: string } => Boolean(row.value))
    : [];
  return (
    <SideCard title={t('title')}>
      <div className="space-y-4" data-testid="identifiers-card">
        {details.identifiers.length ? (
          <div>
            <h3 className="mb-1.5 text-xs font-semibold text-slate-500">{t('identifiers')}</h3>
            <ul className="space-y-1">
              {details.identifiers.map((identifier, index) => (
                <li
                  key={`${identifier.kind}-${index}`}
                  className="flex items-center gap-2 rounded-md bg-slate-50 py-1 pr-1 pl-2 ring-1 ring-slate-200"
                >
                  <span className="shrink-0 text-xs text-slate-500">{tt(`identifierKind.${identifier.kind}`)}</span>
                  <code className="min-w-0 flex-1 truncate text-right font-mono text-sm font-semibold text-slate-900 select-all">
                    {identifier.value}
                  </code>
                  <CopyButton value={identifier.value} label={t('copy', { value: identifier.value })} copiedLabel={t('copied')} />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {details.occurredAt ? (
          <p className="flex items-center gap-2 text-sm text-slate-700">
            <CalendarClock aria-hidden="true" className="size-4 text-slate-400" />
            <span className="text-slate-500">{t('occurredAt')}:</span>
            <time dateTime={details.occurredAt.toISOString()} className="font-medium">
              {format.dateTime(details.occurredAt, { dateStyle: 'medium', timeStyle: 'short' })}
            </time>
          </p>
        ) : null}
        <div>
          <h3 className="mb-1.5 text-xs font-semibold text-slate-500">{t('environment')}</h3>
          {env ? (
            <dl className="grid grid-cols-1 gap-1.5 text-sm">
              {envRows.map((row) => (
                <div key={row.label} className="flex items-center gap-2">
                  <row.icon aria-hidden="true" className="size-4 shrink-0 text-slate-400" />
                  <dt className="w-28 shrink-0 text-slate-500">{row.label}</dt>
                  <dd className="min-w-0 truncate font-medium text-slate-800" title={row.value}>
                    {row.value}
                  </dd>
                </div>
              ))}
              {env.pageUrl ? (
                <div className="mt-1">
                  <dt className="text-xs text-slate-500">{t('page')}</dt>
                  <dd className="font-mono text-xs break-all text-slate-800">{env.pageUrl}</dd>
                </div>
              ) : null}
              {env.userAgent ? (
                <div className="mt-1 text-xs">
                  <dt className="sr-only">{t('userAgent')}</dt>
                  <dd>
                    <details>
                      <summary className="cursor-pointer text-slate-500 hover:text-slate-800">{t('userAgent')}</summary>
                      <p className="mt-1 font-mono break-all text-slate-700">{env.userAgent}</p>
                    </details>
                  </dd>
                </div>
              ) : null}
            </dl>
          ) : (
            <p className="text-sm text-slate-500">{t('noEnvironment')}</p>
          )}
        </div>
        <p className="text-xs text-slate-500">
          {t('channel')}: <span className="font-medium text-slate-700">{channel}</span>
        </p>
      </div>
    </SideCard>
  );
}

/** What the form asked besides "what happened" (that is the first message): tried, expected, steps, error. */
export async function ProblemDetails({ details }: { details: AgentTicketView['details'] }) {
  const t = await getTranslations('agent.ticket.details');
  const rows = [
    details.attempted ? { label: t('attempted'), value: details.attempted } : null,
    details.expected ? { label: t('expected'), value: details.expected } : null,
  ].filter((row) => row !== null);
  if (!rows.length && !details.reproSteps.length && !details.errorMessage) return null;
  return (
    <section
      className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm shadow-xs sm:grid-cols-2"
      data-testid="problem-details"
    >
      {rows.map((row) => (
        <div key={row.label}>
          <h3 className="text-xs font-semibold text-slate-500">{row.label}</h3>
          <p className="mt-0.5 whitespace-pre-wrap text-slate-800">{row.value}</p>
        </div>
      ))}
      {details.reproSteps.length ? (
        <div className="sm:col-span-2">
          <h3 className="text-xs font-semibold text-slate-500">{t('reproSteps')}</h3>
          <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-slate-800">
            {details.reproSteps.map((step, index) => (
              <li key={index}>{step}</li>
            ))}
          </ol>
        </div>
      ) : null}
      {details.errorMessage ? (
        <div className="sm:col-span-2">
          <h3 className="flex items-center gap-1 text-xs font-semibold text-red-700">
            <TriangleAlert aria-hidden="true" className="size-3.5" />
            {t('errorMessage')}
          </h3>
          <pre
            tabIndex={0}
            role="region"
            aria-label={t('errorMessage')}
            className="mt-1 overflow-x-auto rounded-md bg-slate-950 px-3 py-2 font-mono text-xs text-red-200"
          >
            {details.errorMessage}
          </pre>
        </div>
      ) : null}
    </section>
  );
}
