import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ChevronRight, Languages } from 'lucide-react';
import { env } from '@/server/env';
import { publishedArticle } from '@/server/kb/public';
import { absoluteUrl, kbArticlePath, PORTAL_PATHS } from '@/server/links';
import { ArticleBody } from '@/components/kb/article-body';
import { ContactCta } from '@/components/kb/contact-cta';
import { FeedbackForm } from '@/components/kb/feedback-form';
import { ViewBeacon } from '@/components/kb/view-beacon';
import { Card } from '@/components/ui/card';
import { sendKbFeedback } from './actions';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const article = await publishedArticle((await params).slug);
  if (!article) return {};
  const url = absoluteUrl(env().APP_URL, kbArticlePath(article.slug));
  return {
    title: article.title,
    description: article.summary,
    alternates: {
      canonical: url,
      languages: article.translation
        ? { [article.translation.locale]: absoluteUrl(env().APP_URL, kbArticlePath(article.translation.slug)) }
        : undefined,
    },
    openGraph: { title: article.title, description: article.summary, url, type: 'article', locale: article.locale },
  };
}

/** /pomoc/baza-wiedzy/{slug}: one published article (its HTML was rendered and sanitised when it was saved). */
export default async function KnowledgeBaseArticlePage({ params }: Props) {
  const article = await publishedArticle((await params).slug);
  if (!article) notFound();
  const [t, tc, format] = await Promise.all([getTranslations('kb'), getTranslations('common'), getFormatter()]);

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10 lg:px-8 lg:py-12">
      <nav aria-label={t('article.breadcrumb')}>
        <ol className="flex flex-wrap items-center gap-1 text-sm text-slate-600">
          <li>
            <Link href={PORTAL_PATHS.kb} className="rounded hover:text-brand-700 hover:underline">
              {tc('nav.kb')}
            </Link>
          </li>
          <li aria-hidden="true">
            <ChevronRight className="size-4 text-slate-400" />
          </li>
          <li>
            <Link href={`${PORTAL_PATHS.kb}#${article.section}`} className="rounded hover:text-brand-700 hover:underline">
              {t(`sections.${article.section}`)}
            </Link>
          </li>
        </ol>
      </nav>

      <div className="mt-4 grid gap-8 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <article lang={article.locale} className="min-w-0">
          <Card className="px-5 py-6 sm:px-8 sm:py-8">
            <h1 className="text-2xl font-bold tracking-tight text-balance text-slate-900 sm:text-3xl">{article.title}</h1>
            <p className="mt-2 text-sm text-slate-500">
              {t('article.updated', { date: format.dateTime(article.updatedAt, { day: 'numeric', month: 'long', year: 'numeric' }) })}
            </p>
            {article.translation ? (
              <p className="mt-2 flex items-center gap-1.5 text-sm">
                <Languages aria-hidden="true" className="size-4 text-slate-500" />
                <Link
                  href={kbArticlePath(article.translation.slug)}
                  lang={article.translation.locale}
                  className="text-brand-700 hover:underline"
                >
                  {t('article.translation', { title: article.translation.title })}
                </Link>
              </p>
            ) : null}
            <ArticleBody html={article.bodyHtml} className="mt-6" />
          </Card>
          <Card className="mt-6 px-5 py-5 sm:px-8">
            <FeedbackForm action={sendKbFeedback.bind(null, article.id)} />
          </Card>
        </article>

        <aside className="space-y-6">
          {article.related.length ? (
            <section aria-labelledby="kb-related">
              <h2 id="kb-related" className="text-sm font-semibold tracking-wide text-slate-900 uppercase">
                {t('article.related')}
              </h2>
              <ul className="mt-3 space-y-1">
                {article.related.map((related) => (
                  <li key={related.id}>
                    <Link
                      href={kbArticlePath(related.slug)}
                      className="-mx-2 block rounded-lg px-2 py-2 text-sm text-slate-700 hover:bg-white hover:text-brand-700"
                    >
                      {related.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>

      <ContactCta className="mt-10" />
      <ViewBeacon slug={article.slug} />
    </div>
  );
}
