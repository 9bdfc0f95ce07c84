import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { BookOpen } from 'lucide-react';
import type { SeenArticle } from '@/server/kb/feedback';
import { kbArticlePath } from '@/server/links';
import { Card } from '@/components/ui/card';

/** The agent's side card: knowledge-base articles the contact form suggested before this ticket was filed. */
export async function SeenArticlesCard({ articles }: { articles: SeenArticle[] }) {
  if (!articles.length) return null;
  const t = await getTranslations('adminKb.seen');
  return (
    <Card className="p-4">
      <section aria-labelledby="kb-seen-title" data-testid="kb-seen">
        <h2 id="kb-seen-title" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          <BookOpen aria-hidden="true" className="size-4 text-slate-500" />
          {t('title')}
        </h2>
        <p className="mt-1 text-xs text-slate-600">{t('lead')}</p>
        <ul className="mt-2 space-y-1.5 text-sm">
          {articles.map((article) => (
            <li key={article.id}>
              <Link href={kbArticlePath(article.slug)} className="text-brand-700 hover:underline">
                {article.title}
              </Link>{' '}
              <span className="text-xs text-slate-500">({article.opened ? t('opened') : t('notOpened')})</span>
            </li>
          ))}
        </ul>
      </section>
    </Card>
  );
}
