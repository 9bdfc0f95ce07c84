import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { MessageSquareQuote, Plus } from 'lucide-react';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { listCannedResponses } from '@/server/canned/responses';
import { CANNED_LIMITS } from '@/server/canned/schemas';
import { CannedRowActions } from '@/components/admin/canned/canned-row-actions';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { SearchField } from '@/components/ui/search-field';
import { AdminSectionHeading } from '@/components/admin/section-heading';
import { deleteCanned, setCannedActive } from './actions';
import { AGENT_PATHS, cannedResponsePath } from '@/server/links';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminCanned');
  return { title: t('metaTitle') };
}

/** /agent/admin/odpowiedzi: every canned response, searchable; create, edit, turn off and delete. */
export default async function CannedAdminPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  await requireAdminArea();
  const t = await getTranslations('adminCanned');
  const tc = await getTranslations('ticket.category');
  const raw = (await searchParams).q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  const list = await listCannedResponses(await currentPrincipal(), query);
  if (!list.ok) notFound();
  const rows = list.value;

  return (
    <>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <AdminSectionHeading title={t('title')} lead={t('lead')} narrow />
        <Link href={AGENT_PATHS.newCanned} className={buttonClasses({ className: 'self-start sm:self-auto' })}>
          <Plus aria-hidden="true" />
          {t('new')}
        </Link>
      </div>

      <form role="search" action={AGENT_PATHS.canned} className="mt-5 flex gap-2">
        <SearchField
          id="canned-search"
          label={t('search')}
          placeholder={t('search')}
          defaultValue={query}
          maxLength={CANNED_LIMITS.search}
        />
        <button type="submit" className={buttonClasses({ variant: 'secondary' })}>
          {t('searchButton')}
        </button>
      </form>

      {rows.length === 0 ? (
        <Card className="mt-5 flex flex-col items-center px-6 py-12 text-center">
          <MessageSquareQuote aria-hidden="true" className="size-10 text-slate-300" />
          <p className="mt-3 font-medium text-slate-900">{query ? t('noResults', { query }) : t('empty')}</p>
          {query ? (
            <Link href={AGENT_PATHS.canned} className="mt-2 text-sm font-medium text-brand-700 hover:underline">
              {t('clearSearch')}
            </Link>
          ) : (
            <p className="mt-1 max-w-md text-sm text-slate-600">{t('emptyHint')}</p>
          )}
        </Card>
      ) : (
        <ul className="mt-5 space-y-3" data-testid="canned-list">
          {rows.map((row) => (
            <li key={row.id}>
              <Card muted={!row.active} className="p-4 sm:p-5" data-testid="canned-row">
                <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-center gap-2">
                      <Link
                        href={cannedResponsePath(row.id)}
                        className="font-semibold break-words text-slate-900 hover:text-brand-700 hover:underline"
                      >
                        {row.title}
                      </Link>
                      <Badge tone={row.active ? 'success' : 'neutral'}>{row.active ? t('active') : t('inactive')}</Badge>
                    </div>
                    <p className="mt-1 line-clamp-2 text-sm break-words text-slate-600">{row.body.replace(/\s+/g, ' ')}</p>
                    <div className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-500">
                      <span>{row.locale ? t(`languages.${row.locale}`) : t('anyLanguage')}</span>
                      <span aria-hidden="true">·</span>
                      <span>{row.category ? tc(row.category) : t('anyCategory')}</span>
                      <span aria-hidden="true">·</span>
                      <span className="tabular-nums">{t('used', { count: row.usageCount })}</span>
                    </div>
                  </div>
                  <CannedRowActions
                    actions={{ setActive: setCannedActive, remove: deleteCanned }}
                    id={row.id}
                    title={row.title}
                    active={row.active}
                  />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
