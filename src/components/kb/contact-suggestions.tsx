'use client';

import { useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { BookOpen, ExternalLink } from 'lucide-react';

interface Suggestion {
  id: string;
  title: string;
  summary: string;
  href: string;
}

const DEBOUNCE_MS = 350;
/** Fewer letters than this say too little to search on. */
const MIN_LETTERS = 4;

/**
 * Up to three knowledge-base articles matching what the visitor types into the subject and "what happened", asked
 * for after a pause in typing (GET /api/kb/suggestions, which also starts the suggestion session behind deflection
 * counting). Plain links, reachable with Tab, opening in a new tab so the form keeps what was typed; the count is
 * announced politely. Shows nothing until there is something to suggest.
 */
export function ContactSuggestions({ text }: { text: string }) {
  const t = useTranslations('kb.suggestions');
  const locale = useLocale();
  const [found, setFound] = useState<Suggestion[]>([]);
  const query = text.trim();
  const searchable = query.replace(/[^\p{L}\p{N}]/gu, '').length >= MIN_LETTERS;
  const articles = searchable ? found : [];

  useEffect(() => {
    if (!searchable) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/kb/suggestions?${new URLSearchParams({ q: query.slice(0, 200), lang: locale })}`, { signal: controller.signal })
        .then((response) => (response.ok ? (response.json() as Promise<{ articles: Suggestion[] }>) : { articles: [] }))
        .then((data) => setFound(data.articles.slice(0, 3)))
        .catch(() => undefined);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, searchable, locale]);

  return (
    <>
      <p className="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {articles.length ? t('found', { count: articles.length }) : ''}
      </p>
      {articles.length ? (
        <aside
          aria-labelledby="kb-suggestions-title"
          className="rounded-xl border border-brand-100 bg-brand-50/60 px-4 py-4"
          data-testid="kb-suggestions"
        >
          <h3 id="kb-suggestions-title" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
            <BookOpen aria-hidden="true" className="size-4 text-brand-600" />
            {t('title')}
          </h3>
          <ul className="mt-2 space-y-1">
            {articles.map((article) => (
              <li key={article.id}>
                <a
                  href={article.href}
                  target="_blank"
                  rel="noopener"
                  className="group -mx-2 block rounded-lg px-2 py-2 hover:bg-white focus-visible:bg-white"
                >
                  <span className="flex items-center gap-1.5 text-sm font-medium text-brand-800 group-hover:underline">
                    {article.title}
                    <ExternalLink aria-hidden="true" className="size-3.5 shrink-0" />
                    <span className="sr-only"> {t('opensInNewTab')}</span>
                  </span>
                  {article.summary ? <span className="mt-0.5 line-clamp-2 block text-xs text-slate-600">{article.summary}</span> : null}
                </a>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-slate-600">{t('stillNeed')}</p>
        </aside>
      ) : null}
    </>
  );
}
