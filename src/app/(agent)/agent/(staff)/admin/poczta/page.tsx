import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ArrowRight } from 'lucide-react';
import { KNOWN_TEMPLATES, listOutbox } from '@/server/admin/outbox';
import { outboxQuerySchema } from '@/server/admin/outbox-schemas';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { env } from '@/server/env';
import { CaptureBanner } from '@/components/admin/outbox/capture-banner';
import { OutboxFilters, outboxHref } from '@/components/admin/outbox/outbox-filters';
import { OutboxList } from '@/components/admin/outbox/outbox-list';
import { buttonClasses } from '@/components/ui/button';
import { AdminSectionHeading } from '@/components/admin/section-heading';
import { retryOutboundEmailAction } from './actions';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

/** /agent/admin/poczta: every outbound e-mail, newest first, filtered by the URL, one keyset page at a time. */
export default async function OutboxPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdminArea();
  const params = await searchParams;
  const query = outboxQuerySchema.parse({
    status: single(params.status),
    template: single(params.template),
    q: single(params.q),
    after: single(params.after),
  });
  const page = await listOutbox(await currentPrincipal(), query);
  if (!page.ok) notFound();
  const t = await getTranslations('adminOutbox');
  const filtered = query.status !== 'all' || Boolean(query.template) || Boolean(query.q);

  return (
    <>
      <div className="space-y-6">
        <AdminSectionHeading title={t('title')} lead={t('lead')} />
        {page.value.captureMode ? <CaptureBanner captureDir={env().MAIL_CAPTURE_DIR} /> : null}
        <OutboxFilters query={query} templates={KNOWN_TEMPLATES} />
        <OutboxList retry={retryOutboundEmailAction} rows={page.value.rows} filtered={filtered} />
        {query.after || page.value.nextCursor ? (
          <nav aria-label={t('list.label')} className="flex flex-wrap items-center justify-between gap-3">
            {query.after ? (
              <Link href={outboxHref({ ...query, after: undefined })} className={buttonClasses({ variant: 'ghost' })}>
                {t('list.newest')}
              </Link>
            ) : (
              <span />
            )}
            {page.value.nextCursor ? (
              <Link href={outboxHref({ ...query, after: page.value.nextCursor })} className={buttonClasses({ variant: 'secondary' })}>
                {t('list.older')}
                <ArrowRight aria-hidden="true" />
              </Link>
            ) : null}
          </nav>
        ) : null}
      </div>
    </>
  );
}
