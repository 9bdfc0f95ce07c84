import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { History, Languages, RotateCcw } from 'lucide-react';
import { currentPrincipal, requireAgentArea } from '@/server/auth/guards';
import { getArticleForStaff } from '@/server/kb/articles';
import { AGENT_PATHS, kbEditorPath } from '@/server/links';
import { ArticleEditor } from '@/components/kb/article-editor';
import { ActionButton } from '@/components/ui/action-button';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { previewKbMarkdown, restoreKbArticleVersion, saveKbArticle, setKbArticlePublished } from '../actions';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('adminKb.editor');
  const result = await getArticleForStaff(await currentPrincipal(), (await params).id);
  return { title: result.ok ? `${t('editTitle')}: ${result.value.article.title}` : t('editTitle') };
}

/** /agent/baza-wiedzy/{id}: the editor, publish / unpublish, translations and the version history with restore. */
export default async function KnowledgeBaseArticleEditorPage({ params }: Props) {
  await requireAgentArea();
  const result = await getArticleForStaff(await currentPrincipal(), (await params).id);
  if (!result.ok) notFound();
  const { article, versions, translations } = result.value;
  const [t, format] = await Promise.all([getTranslations('adminKb'), getFormatter()]);
  const otherLocale = article.locale === 'pl' ? 'en' : 'pl';

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      {/* Keyed by version: a restore (a new version) starts the editor from the restored text. */}
      <ArticleEditor
        key={article.version}
        initial={article}
        actions={{ save: saveKbArticle, setPublished: setKbArticlePublished, preview: previewKbMarkdown }}
      />

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card className="p-5 sm:p-6">
          <section aria-labelledby="kb-history">
            <h2 id="kb-history" className="flex items-center gap-2 text-base font-semibold text-slate-900">
              <History aria-hidden="true" className="size-4.5 text-slate-500" />
              {t('history.title')}
            </h2>
            <ol className="mt-3 divide-y divide-slate-100" data-testid="kb-history">
              {versions.map((v) => (
                <li key={v.version} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-3">
                  <div className="min-w-0 text-sm">
                    <p className="font-medium text-slate-900">
                      {t('history.version', { version: v.version })}
                      {v.version === article.version ? (
                        <Badge tone="brand" className="ml-2">
                          {t('history.current')}
                        </Badge>
                      ) : null}
                    </p>
                    <p className="text-slate-600">
                      {t(`history.actions.${v.action}` as 'history.actions.saved', { from: v.restoredFrom ?? 0 })} ·{' '}
                      {format.dateTime(v.createdAt, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })} ·{' '}
                      {v.editor ?? '—'}
                    </p>
                    <p className="truncate text-xs text-slate-500">{v.title}</p>
                  </div>
                  {v.version !== article.version ? (
                    <ActionButton
                      action={restoreKbArticleVersion.bind(null, article.id, v.version)}
                      icon={<RotateCcw aria-hidden="true" />}
                      label={`${t('history.restore')} ${v.version}`}
                    />
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        </Card>

        <Card className="p-5 sm:p-6">
          <section aria-labelledby="kb-translations">
            <h2 id="kb-translations" className="flex items-center gap-2 text-base font-semibold text-slate-900">
              <Languages aria-hidden="true" className="size-4.5 text-slate-500" />
              {t('editor.translations')}
            </h2>
            <ul className="mt-3 space-y-2 text-sm">
              {translations.map((tr) => (
                <li key={tr.id}>
                  <Link href={kbEditorPath(tr.id)} lang={tr.locale} className="font-medium text-brand-700 hover:underline">
                    {tr.title}
                  </Link>{' '}
                  <span className="text-slate-500">
                    ({t(`locales.${tr.locale}`)}, {t(`status.${tr.status}`)})
                  </span>
                </li>
              ))}
            </ul>
            {translations.some((tr) => tr.locale === otherLocale) ? null : (
              <Link
                href={`${AGENT_PATHS.newKbArticle}?tlumaczenie=${article.id}`}
                className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
              >
                {t('editor.addTranslation', { locale: t(`locales.${otherLocale}`) })}
              </Link>
            )}
          </section>
        </Card>
      </div>
    </div>
  );
}
