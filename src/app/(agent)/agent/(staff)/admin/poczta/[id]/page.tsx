import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ArrowLeft } from 'lucide-react';
import { getOutboundEmail } from '@/server/admin/outbox';
import { outboundEmailIdSchema } from '@/server/admin/outbox-schemas';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { EmailHtmlPreview } from '@/components/admin/outbox/email-preview';
import { OUTBOX_PATH } from '@/components/admin/outbox/outbox-filters';
import { OutboxStatusBadge } from '@/components/admin/outbox/outbox-status-badge';
import { RetryButton } from '@/components/admin/outbox/retry-button';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { agentTicketPath } from '@/server/links';
import { retryOutboundEmailAction } from '../actions';

export const dynamic = 'force-dynamic';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <h3 className="border-b border-slate-100 px-5 py-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      <div className="px-5 py-4">{children}</div>
    </Card>
  );
}

/** Label / value pairs: side by side from `sm`, stacked on phones. Header values are code, so `mono` for those. */
function Rows({ rows, mono = false }: { rows: [string, React.ReactNode][]; mono?: boolean }) {
  return (
    <dl className="grid gap-x-4 text-sm sm:grid-cols-[11rem_minmax(0,1fr)] sm:gap-y-2">
      {rows.map(([label, value], index) => (
        <div key={label} className="contents">
          <dt className={index ? 'mt-3 text-slate-500 sm:mt-0' : 'text-slate-500'}>{label}</dt>
          <dd
            className={
              mono ? 'min-w-0 font-mono text-xs leading-5 break-all text-slate-800 sm:text-[13px]' : 'min-w-0 break-words text-slate-800'
            }
          >
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Code({ children }: { children: React.ReactNode }) {
  return <span className="font-mono text-xs leading-5 break-all">{children}</span>;
}

/** /agent/admin/poczta/[id]: one e-mail in full: delivery state, headers, plain text and a sandboxed HTML preview. */
export default async function OutboundEmailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminArea();
  const { id } = await params;
  const parsed = outboundEmailIdSchema.safeParse(id);
  if (!parsed.success) notFound();
  const found = await getOutboundEmail(await currentPrincipal(), parsed.data);
  if (!found.ok) notFound();
  const email = found.value;
  const t = await getTranslations('adminOutbox');
  const format = await getFormatter();
  const when = (date: Date | null) => (date ? format.dateTime(date, { dateStyle: 'medium', timeStyle: 'medium' }) : t('detail.none'));

  const headerRows: [string, React.ReactNode][] = [
    ['Message-ID', email.messageId],
    ['To', email.toName ? `${email.toName} <${email.toEmail}>` : email.toEmail],
    ['Subject', email.subject],
    ['In-Reply-To', email.inReplyTo ?? t('detail.none')],
    ['References', email.references.length ? email.references.join(' ') : t('detail.none')],
    ...Object.entries(email.headers).map(([name, value]): [string, string] => [name, value]),
  ];

  return (
    <>
      <div className="space-y-5">
        <Link
          href={OUTBOX_PATH}
          className="inline-flex h-11 items-center gap-1.5 rounded-lg text-sm font-medium text-slate-600 hover:text-slate-900"
        >
          <ArrowLeft aria-hidden="true" className="size-4" />
          {t('detail.back')}
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <OutboxStatusBadge status={email.status} label={t(`status.${email.status}`)} />
              <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-600">{email.template}</span>
            </div>
            <h2 className="mt-2 text-lg font-semibold tracking-tight break-words text-slate-900">{email.subject}</h2>
            <p className="mt-0.5 text-sm break-all text-slate-600">{email.toName ? `${email.toName} <${email.toEmail}>` : email.toEmail}</p>
          </div>
          {email.retryable && !email.recipientBounced ? (
            <RetryButton action={retryOutboundEmailAction} id={email.id} subject={email.subject} to={email.toEmail} />
          ) : null}
        </div>

        {email.recipientBounced ? (
          <Alert tone="error" title={t('detail.bouncedTitle')}>
            {t('detail.bouncedBody', { date: when(email.recipientBounced.at) })}
            {email.recipientBounced.reason ? <span className="mt-1 block font-mono text-xs">{email.recipientBounced.reason}</span> : null}
          </Alert>
        ) : null}

        <Section title={t('detail.delivery')}>
          <Rows
            rows={[
              [t('detail.statusLabel'), t(`status.${email.status}`)],
              [t('detail.attemptsLabel'), String(email.attempts)],
              [t('detail.createdLabel'), when(email.createdAt)],
              [t('detail.sentLabel'), when(email.sentAt)],
              ...(email.status === 'PENDING' ? [[t('detail.nextAttemptLabel'), when(email.nextAttemptAt)] as [string, string]] : []),
              [t('detail.lastErrorLabel'), email.lastError ? <Code>{email.lastError}</Code> : t('detail.none')],
              [t('detail.smtpResponseLabel'), email.smtpResponse ? <Code>{email.smtpResponse}</Code> : t('detail.none')],
              [
                t('detail.ticketLabel'),
                email.ticketNumber ? (
                  <Link href={agentTicketPath(email.ticketNumber)} className="text-brand-700 hover:underline">
                    {email.ticketNumber}
                  </Link>
                ) : (
                  t('detail.none')
                ),
              ],
            ]}
          />
        </Section>

        <Section title={t('detail.headers')}>
          <Rows rows={headerRows} mono />
        </Section>

        <Section title={t('detail.htmlPart')}>
          <EmailHtmlPreview html={email.html} />
        </Section>

        <Section title={t('detail.textPart')}>
          {/* Focusable and named: a long mail scrolls inside this box, and keyboard users must be able to scroll it too. */}
          <pre
            data-testid="outbox-text-part"
            tabIndex={0}
            role="region"
            aria-label={t('detail.textPart')}
            className="max-h-[32rem] overflow-auto rounded-lg bg-slate-50 p-4 font-mono text-xs leading-5 whitespace-pre-wrap break-words text-slate-800"
          >
            {email.text}
          </pre>
        </Section>
      </div>
    </>
  );
}
