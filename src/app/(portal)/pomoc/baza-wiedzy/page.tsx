import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import { BookOpen, ChevronRight } from 'lucide-react';
import { toLocale } from '@/i18n/config';
import { env } from '@/server/env';
import { publishedSections } from '@/server/kb/public';
import { KB_LIMITS } from '@/server/kb/schemas';
import { recordSearch, searchArticles } from '@/server/kb/search';
import { absoluteUrl, kbArticlePath, PORTAL_PATHS } from '@/server/links';
import { clientIp, hit } from '@/server/rate-limit';
import { KbSearchForm } from '@/components/kb/search-form';
import { ContactCta } from '@/components/kb/contact-cta';
import { Card } from '@/components/ui/card';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const t = await getTranslations('kb');
  const { q } = await searchParams;
  return {
    title: t('metaTitle'),
    description: t('metaDescription'),
    alternates: { canonical: absoluteUrl(env().APP_URL, PORTAL_PATHS.kb) },
    // Result pages are not worth indexing; the article pages are.
    ...(q ? { robots: { index: false, follow: true } } : {}),
  };
}

/** /pomoc/baza-wiedzy: search, then every section with its articles (or the results of `?q=`). Public. */
export default async function KnowledgeBasePage({ searchParams }: Props) {
  const t = await getTranslations('kb');
  const locale = toLocale(await getLocale());
  const raw = (await searchParams).q;
  const query = (typeof raw === 'string' ? raw : '').slice(0, KB_LIMITS.query).trim();

  let results: Awaited<ReturnType<typeof searchArticles>> | null = null;
  if (query) {
    const limit = await hit(`kb-search:ip:${clientIp(await headers())}`, env().KB_SEARCH_PER_IP);
    results = limit.allowed ? await searchArticles({ query, locale, limit: 20 }) : { hits: [], corrections: [] };
    if (limit.allowed) await recordSearch(query, locale, 'portal', results.hits.length);
  }
  const sections = results ? [] : await publishedSections(locale);

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10 lg:px-8 lg:py-12">
      <header className="max-w-3xl">
        <p className="text-sm font-medium text-brand-700">{t('eyebrow')}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight text-balance text-slate-900 sm:text-3xl">{t('title')}</h1>
        <p className="mt-3 text-base leading-relaxed text-slate-600">{t('lead')}</p>
      </header>

      <KbSearchForm className="mt-6 max-w-2xl" defaultValue={query} />

      {results ? (
        <section aria-labelledby="kb-results" className="mt-8 max-w-3xl">
          <h2 id="kb-results" className="text-lg font-semibold text-slate-900" aria-live="polite">
            {t('search.results', { count: results.hits.length, query })}
          </h2>
          {results.corrections.length ? (
            <p className="mt-1 text-sm text-slate-600">{t('search.didYouMean', { words: results.corrections.join(', ') })}</p>
          ) : null}
          {results.hits.length ? (
            <ul className="mt-4 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
              {results.hits.map((hit) => (
                <li key={hit.id}>
                  <Link href={kbArticlePath(hit.slug)} className="group block px-5 py-4 hover:bg-slate-50">
                    <span className="text-xs font-medium text-brand-700">{t(`sections.${hit.section}`)}</span>
                    <span className="mt-0.5 block font-semibold text-slate-900 group-hover:text-brand-700">{hit.title}</span>
                    {hit.summary ? <span className="mt-1 block text-sm text-slate-600">{hit.summary}</span> : null}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-3 text-sm text-slate-600">{t('search.noResultsHint')}</p>
          )}
          <p className="mt-4 text-sm">
            <Link href={PORTAL_PATHS.kb} className="font-medium text-brand-700 underline-offset-2 hover:underline">
              {t('search.clear')}
            </Link>
          </p>
        </section>
      ) : sections.length ? (
        <div className="mt-8 grid gap-6 md:grid-cols-2">
          {sections.map(({ section, articles }) => (
            <Card key={section} className="p-5 sm:p-6">
              <section aria-labelledby={`kb-section-${section}`} id={section} className="scroll-mt-24">
                <div className="flex items-baseline justify-between gap-3">
                  <h2 id={`kb-section-${section}`} className="flex items-center gap-2 text-lg font-semibold text-slate-900">
                    <BookOpen aria-hidden="true" className="size-5 text-brand-600" />
                    {t(`sections.${section}`)}
                  </h2>
                  <span className="text-xs text-slate-500">{t('articlesCount', { count: articles.length })}</span>
                </div>
                <ul className="mt-3 space-y-1">
                  {articles.map((article) => (
                    <li key={article.id}>
                      <Link
                        href={kbArticlePath(article.slug)}
                        className="group -mx-2 flex items-start gap-2 rounded-lg px-2 py-2 text-sm text-slate-700 hover:bg-slate-50 hover:text-brand-700"
                      >
                        <ChevronRight aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-slate-400 group-hover:text-brand-600" />
                        <span>{article.title}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            </Card>
          ))}
        </div>
      ) : (
        <p className="mt-8 text-sm text-slate-600">{t('empty')}</p>
      )}

      <ContactCta className="mt-10" />
    </div>
  );
}
