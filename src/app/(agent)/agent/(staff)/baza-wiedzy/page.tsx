import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { BookOpen, Plus } from 'lucide-react';
import { currentPrincipal, requireAgentArea } from '@/server/auth/guards';
import { listArticlesForStaff } from '@/server/kb/articles';
import { KB_LIMITS } from '@/server/kb/schemas';
import { AGENT_PATHS, kbEditorPath } from '@/server/links';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Select } from '@/components/ui/input';
import { SearchField } from '@/components/ui/search-field';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminKb');
  return { title: t('metaTitle') };
}

const STATUSES = ['DRAFT', 'PUBLISHED'] as const;

/** /agent/baza-wiedzy: every article (drafts too), newest change first, searchable and filterable by state. */
export default async function KnowledgeBaseAdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAgentArea();
  const [t, format] = await Promise.all([getTranslations('adminKb'), getFormatter()]);
  const tk = await getTranslations('kb');
  const params = await searchParams;
  const query = (typeof params.q === 'string' ? params.q : '').trim().slice(0, KB_LIMITS.query);
  const status = STATUSES.find((s) => s === params.stan) ?? null;
  const list = await listArticlesForStaff(await currentPrincipal(), { q: query, status });
  if (!list.ok) notFound();
  const rows = list.value;

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl">
          <p className="text-sm font-medium text-brand-700">{t('eyebrow')}</p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900">{t('title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('lead')}</p>
        </div>
        <Link href={AGENT_PATHS.newKbArticle} className={buttonClasses({ className: 'self-start sm:self-auto' })}>
          <Plus aria-hidden="true" />
          {t('new')}
        </Link>
      </div>

      <form role="search" action={AGENT_PATHS.kb} className="mt-5 flex flex-wrap gap-2">
        <SearchField
          id="kb-admin-q"
          label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          defaultValue={query}
          maxLength={KB_LIMITS.query}
          className="min-w-56"
        />
        <label htmlFor="kb-admin-status" className="sr-only">
          {t('filter.label')}
        </label>
        <Select id="kb-admin-status" name="stan" defaultValue={status ?? ''} className="w-auto">
          <option value="">{t('filter.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`filter.${s}`)}
            </option>
          ))}
        </Select>
        <button type="submit" className={buttonClasses({ variant: 'secondary' })}>
          {t('search')}
        </button>
      </form>

      {rows.length === 0 ? (
        <Card className="mt-5 flex flex-col items-center px-6 py-12 text-center">
          <BookOpen aria-hidden="true" className="size-10 text-slate-300" />
          <p className="mt-3 max-w-md font-medium text-slate-900">{query || status ? t('noMatches') : t('empty')}</p>
        </Card>
      ) : (
        <Card className="mt-5 overflow-hidden">
          <ul className="divide-y divide-slate-200" data-testid="kb-article-list">
            {rows.map((row) => (
              <li key={row.id} className="flex flex-col gap-1 px-5 py-4 sm:flex-row sm:items-center sm:gap-4">
                <div className="min-w-0 flex-1">
                  <Link href={kbEditorPath(row.id)} className="font-semibold text-slate-900 hover:text-brand-700 hover:underline">
                    {row.title}
                  </Link>
                  <p className="mt-0.5 truncate text-xs text-slate-500">/{row.slug}</p>
                </div>
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <Badge tone={row.status === 'PUBLISHED' ? 'success' : 'warning'}>{t(`status.${row.status}`)}</Badge>
                  <Badge>{tk(`sections.${row.section}`)}</Badge>
                  <Badge lang={row.locale}>{row.locale.toUpperCase()}</Badge>
                  <span>
                    {t('updatedBy', {
                      date: format.dateTime(row.updatedAt, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
                      name: row.updatedBy ?? '—',
                    })}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
