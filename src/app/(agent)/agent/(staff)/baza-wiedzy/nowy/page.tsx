import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { currentPrincipal, requireAgentArea } from '@/server/auth/guards';
import { getArticleForStaff } from '@/server/kb/articles';
import { ArticleEditor, type EditorArticle } from '@/components/kb/article-editor';
import { previewKbMarkdown, saveKbArticle, setKbArticlePublished } from '../actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminKb.editor');
  return { title: t('newTitle') };
}

/** /agent/baza-wiedzy/nowy[?tlumaczenie=<id>]: a new article, or the other language's version of one. */
export default async function NewKnowledgeBaseArticlePage({
  searchParams,
}: {
  searchParams: Promise<{ tlumaczenie?: string | string[] }>;
}) {
  await requireAgentArea();
  const raw = (await searchParams).tlumaczenie;
  const sourceId = typeof raw === 'string' ? raw : null;
  const source = sourceId ? await getArticleForStaff(await currentPrincipal(), sourceId) : null;
  const original = source?.ok ? source.value.article : null;
  const initial: EditorArticle = original
    ? {
        id: null,
        title: original.title,
        slug: '',
        summary: original.summary,
        body: original.body,
        section: original.section,
        locale: original.locale === 'pl' ? 'en' : 'pl',
        tags: original.tags,
        categories: original.categories,
        status: 'DRAFT',
        version: 1,
      }
    : {
        id: null,
        title: '',
        slug: '',
        summary: '',
        body: '',
        section: 'vouchery',
        locale: 'pl',
        tags: [],
        categories: [],
        status: 'DRAFT',
        version: 1,
      };

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <ArticleEditor
        initial={initial}
        translationOf={original?.id ?? null}
        actions={{ save: saveKbArticle, setPublished: setKbArticlePublished, preview: previewKbMarkdown }}
      />
    </div>
  );
}
