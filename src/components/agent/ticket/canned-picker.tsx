'use client';

import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { BookOpen, LoaderCircle, MessageSquareQuote, Search, X } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { PickerItem } from '@/server/canned/responses';
import type { ArticleLink } from '@/server/kb/links';
import { useToast } from '@/components/ui/toast';
import { cn } from '@/lib/cn';

const GROUP_HEADING = 'px-3 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase';

/** Case- and accent-insensitive, so "zwrot" finds "Zwrot płatności" and "platnosc" finds "płatność". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase();
}

/** The page's picker actions, bound to the ticket: the list, one response rendered for it, and article links. */
export interface CannedActions {
  list: () => Promise<ActionResult<PickerItem[]>>;
  render: (responseId: string) => Promise<ActionResult<string>>;
  /** Published knowledge-base articles whose title matches the query (the ticket's language first). */
  articles?: (query: string) => Promise<ActionResult<ArticleLink[]>>;
}

type Choice = { kind: 'canned'; item: PickerItem } | { kind: 'article'; item: ArticleLink };

/** Typing pauses this long before the article search asks the server. */
const ARTICLE_SEARCH_DELAY_MS = 200;

/**
 * "Gotowe odpowiedzi": a button and a popover with a filter box over one list in two groups, "Gotowe odpowiedzi" and
 * "Artykuły bazy wiedzy" (a combobox: typing filters, ↑/↓ move through both groups, Enter inserts, Esc closes and
 * gives focus back to the button). Responses load on first open, in the server's order (this ticket's category and
 * the reporter's language first), and are filtered here; the chosen response is rendered by the server for this
 * ticket and handed to `onInsert`. Articles are searched by title on the server as the agent types; choosing one
 * inserts a link to its help-centre page: Markdown in the ticket composer, "Title: URL" where messages are plain text
 * (`linkFormat="plain"`, the chat).
 */
export function CannedPicker({
  actions,
  onInsert,
  linkFormat = 'markdown',
}: {
  actions: CannedActions;
  onInsert: (text: string) => void;
  linkFormat?: 'markdown' | 'plain';
}) {
  const t = useTranslations('cannedPicker');
  const toast = useToast();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<PickerItem[] | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [insertFailed, setInsertFailed] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [isLoading, startLoading] = useTransition();
  const [isInserting, startInserting] = useTransition();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const [articles, setArticles] = useState<ArticleLink[] | null>(null);
  const [articlesFailed, setArticlesFailed] = useState(false);
  // The latest search function, read when the timer fires: a parent may pass a new function on every render (the
  // chat inbox does), which must not restart the search.
  const searchArticlesRef = useRef(actions.articles);
  useEffect(() => {
    searchArticlesRef.current = actions.articles;
  });
  const searchArticles = Boolean(actions.articles);

  const needle = fold(query.trim());
  const cannedShown = (items ?? []).filter((item) => !needle || fold(`${item.title} ${item.excerpt}`).includes(needle));
  const shown: Choice[] = [
    ...cannedShown.map((item) => ({ kind: 'canned' as const, item })),
    ...(articles ?? []).map((item) => ({ kind: 'article' as const, item })),
  ];
  const current = shown[Math.min(active, shown.length - 1)];
  const optionId = (choice: Choice) => `${ids}-option-${choice.kind}-${choice.item.id}`;

  // The article search follows the filter box, a moment after typing stops; an older answer never replaces a newer.
  useEffect(() => {
    if (!open || !searchArticles) return;
    let stale = false;
    const timer = setTimeout(async () => {
      const search = searchArticlesRef.current;
      const result = search ? await search(query).catch(() => null) : null;
      if (stale) return;
      setArticlesFailed(!result?.ok);
      setArticles(result?.ok ? result.data : []);
    }, ARTICLE_SEARCH_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [open, query, searchArticles]);

  const load = () =>
    startLoading(async () => {
      const result = await actions.list().catch(() => null);
      setLoadFailed(!result?.ok);
      if (result?.ok) setItems(result.data);
    });

  const show = () => {
    setOpen(true);
    setQuery('');
    setArticles(null);
    setArticlesFailed(false);
    setActive(0);
    setInsertFailed(false);
    if (items === null) load();
  };

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  // A click or focus anywhere outside closes it, like every popover.
  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('focusin', outside);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('focusin', outside);
    };
  }, [open]);

  const currentId = current ? optionId(current) : null;
  useEffect(() => {
    if (currentId) document.getElementById(currentId)?.scrollIntoView({ block: 'nearest' });
  }, [currentId]);

  const choose = (choice: Choice) => {
    if (choice.kind === 'article') {
      const { title, url, markdown } = choice.item;
      setOpen(false);
      onInsert(linkFormat === 'plain' ? `${title}: ${url}` : markdown);
      toast(t('linkInserted', { title }));
      return;
    }
    const item = choice.item;
    if (isInserting) return;
    startInserting(async () => {
      const result = await actions.render(item.id).catch(() => null);
      if (!result?.ok) {
        setInsertFailed(true);
        return;
      }
      setOpen(false);
      onInsert(result.data);
      toast(t('inserted', { title: item.title }));
    });
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setActive((i) => (shown.length ? (Math.min(i, shown.length - 1) + 1) % shown.length : 0));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((i) => (shown.length ? (Math.min(i, shown.length - 1) - 1 + shown.length) % shown.length : 0));
        break;
      case 'Home':
        event.preventDefault();
        setActive(0);
        break;
      case 'End':
        event.preventDefault();
        setActive(Math.max(0, shown.length - 1));
        break;
      case 'Enter':
        event.preventDefault();
        if (current) choose(current);
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        close(true);
        break;
    }
  };

  const listId = `${ids}-list`;
  const status =
    isLoading && items === null
      ? t('loading')
      : loadFailed
        ? t('loadError')
        : shown.length
          ? null
          : needle
            ? t('noMatch', { query })
            : items?.length === 0
              ? t('empty')
              : null;

  const option = (choice: Choice) => {
    const selected = current !== undefined && optionId(choice) === optionId(current);
    return (
      <div
        key={optionId(choice)}
        id={optionId(choice)}
        role="option"
        aria-selected={selected}
        onPointerDown={(e) => e.preventDefault()}
        onClick={() => choose(choice)}
        onMouseMove={() => setActive(shown.indexOf(choice))}
        className={cn('cursor-pointer rounded-lg px-3 py-2', selected ? 'bg-brand-50 ring-1 ring-brand-200' : 'hover:bg-slate-50')}
      >
        {choice.kind === 'canned' ? (
          <>
            <div className="flex flex-wrap items-center gap-1.5">
              <span className="text-sm font-medium text-slate-900">{choice.item.title}</span>
              {choice.item.matchesCategory ? (
                <span className="rounded-full bg-brand-100 px-1.5 text-[11px] font-medium text-brand-800">{t('matchesCategory')}</span>
              ) : null}
              {choice.item.matchesLocale ? (
                <span className="rounded-full bg-emerald-100 px-1.5 text-[11px] font-medium text-emerald-800">{t('matchesLocale')}</span>
              ) : null}
              {choice.item.locale ? (
                <span className="rounded bg-slate-100 px-1 font-mono text-[11px] text-slate-600 uppercase">{choice.item.locale}</span>
              ) : null}
            </div>
            <p className="mt-0.5 line-clamp-2 text-xs text-slate-600">{choice.item.excerpt}</p>
          </>
        ) : (
          <>
            <div className="flex flex-wrap items-center gap-1.5">
              <span className="text-sm font-medium text-slate-900">
                <BookOpen aria-hidden="true" className="mr-1.5 inline size-3.5 align-[-2px] text-slate-500" />
                {choice.item.title}
              </span>
              {choice.item.matchesLocale ? (
                <span className="rounded-full bg-emerald-100 px-1.5 text-[11px] font-medium text-emerald-800">{t('matchesLocale')}</span>
              ) : null}
              <span className="rounded bg-slate-100 px-1 font-mono text-[11px] text-slate-600 uppercase">{choice.item.locale}</span>
            </div>
            <p className="mt-0.5 truncate text-xs text-slate-600">{t('articleLink', { path: `/pomoc/baza-wiedzy/${choice.item.slug}` })}</p>
          </>
        )}
      </div>
    );
  };
  const cannedOptions = shown.filter((choice) => choice.kind === 'canned');
  const articleOptions = shown.filter((choice) => choice.kind === 'article');

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => (open ? close(false) : show())}
        className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2 text-sm font-medium text-slate-700 hover:bg-slate-200/70"
      >
        <MessageSquareQuote aria-hidden="true" className="size-4" />
        {t('button')}
      </button>
      {open ? (
        <div
          role="dialog"
          aria-label={t('title')}
          data-testid="canned-picker"
          // A bottom sheet on phones (anchored to the button it would run off a 375 px screen), a popover above the
          // button from sm up.
          className="fixed inset-x-2 bottom-2 z-50 flex max-h-[70dvh] flex-col overflow-hidden rounded-xl border border-slate-200 bg-white shadow-2xl sm:absolute sm:inset-x-auto sm:bottom-full sm:left-0 sm:z-30 sm:mb-2 sm:max-h-[min(28rem,70dvh)] sm:w-[26rem] sm:shadow-xl"
        >
          <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2">
            <Search aria-hidden="true" className="size-4 shrink-0 text-slate-400" />
            <input
              ref={inputRef}
              type="text"
              role="combobox"
              aria-label={t('search')}
              aria-expanded="true"
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={current ? optionId(current) : undefined}
              placeholder={t('search')}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
              className="h-10 min-w-0 flex-1 bg-transparent text-base text-slate-900 placeholder:text-slate-400 focus:outline-none sm:text-sm"
            />
            {isInserting ? <LoaderCircle aria-hidden="true" className="size-4 animate-spin text-slate-400" /> : null}
            <button
              type="button"
              onClick={() => close(true)}
              aria-label={t('close')}
              className="flex size-8 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100"
            >
              <X aria-hidden="true" className="size-4" />
            </button>
          </div>
          {insertFailed ? (
            <p role="alert" className="border-b border-red-100 bg-red-50 px-3 py-2 text-sm text-red-800">
              {t('insertError')}
            </p>
          ) : null}
          <div id={listId} role="listbox" aria-label={t('list')} className="min-h-0 flex-1 overflow-y-auto p-1.5">
            {cannedOptions.length ? (
              <div role="group" aria-labelledby={`${ids}-group-canned`}>
                <div role="presentation" id={`${ids}-group-canned`} className={GROUP_HEADING}>
                  {t('groupCanned')}
                </div>
                {cannedOptions.map(option)}
              </div>
            ) : null}
            {articleOptions.length ? (
              <div role="group" aria-labelledby={`${ids}-group-articles`}>
                <div role="presentation" id={`${ids}-group-articles`} className={GROUP_HEADING}>
                  {t('groupArticles')}
                </div>
                {articleOptions.map(option)}
              </div>
            ) : null}
          </div>
          {/* Article results arrive after typing stops: say how many, without moving focus from the filter box. */}
          <p className="sr-only" aria-live="polite">
            {searchArticles && articles !== null ? t('articlesFound', { count: articles.length }) : ''}
          </p>
          {articlesFailed ? <p className="px-4 py-1 text-xs text-red-700">{t('articlesError')}</p> : null}
          {status ? (
            <p role="status" className="px-4 py-6 text-center text-sm text-slate-500">
              {status}
              {!shown.length && !needle && items?.length === 0 ? <span className="mt-1 block text-xs">{t('emptyHint')}</span> : null}
            </p>
          ) : null}
          <p className="hidden border-t border-slate-100 bg-slate-50 px-3 py-1.5 text-[11px] text-slate-500 sm:block">
            {t('keyboardHint')}
          </p>
        </div>
      ) : null}
    </div>
  );
}
