import { db } from '@/server/db/client';
import { KB_SECTIONS, type KbLocale, type KbSection } from './schemas';
import { searchArticles, type SearchHit } from './search';

/**
 * What the public help centre (/pomoc/baza-wiedzy) reads: published articles only. Pages show the HTML rendered
 * when the article was saved (`bodyHtml`), so a page view is one indexed row read plus its related articles.
 */

export interface ArticleListItem {
  id: string;
  slug: string;
  title: string;
  summary: string;
  section: KbSection;
  locale: KbLocale;
  updatedAt: Date;
}

export interface PublicArticle extends ArticleListItem {
  bodyHtml: string;
  tags: string[];
  publishedAt: Date | null;
  /** The same article in the other language, when published. */
  translation: { slug: string; locale: KbLocale; title: string } | null;
  related: SearchHit[];
}

const listSelect = { id: true, slug: true, title: true, summary: true, section: true, locale: true, updatedAt: true } as const;

const toItem = (row: { section: string; locale: string } & Omit<ArticleListItem, 'section' | 'locale'>): ArticleListItem => ({
  ...row,
  section: row.section as KbSection,
  locale: row.locale === 'en' ? 'en' : 'pl',
});

/** Every section with its published articles in `locale`, A–Z (sections in their fixed order, empty ones left out). */
export async function publishedSections(locale: KbLocale): Promise<{ section: KbSection; articles: ArticleListItem[] }[]> {
  const rows = await db().kbArticle.findMany({
    where: { status: 'PUBLISHED', locale },
    orderBy: { title: 'asc' },
    select: listSelect,
  });
  const items = rows.map(toItem);
  return KB_SECTIONS.map((section) => ({ section, articles: items.filter((item) => item.section === section) })).filter(
    (group) => group.articles.length > 0,
  );
}

export async function publishedSection(section: KbSection, locale: KbLocale): Promise<ArticleListItem[]> {
  const rows = await db().kbArticle.findMany({
    where: { status: 'PUBLISHED', locale, section },
    orderBy: { title: 'asc' },
    select: listSelect,
  });
  return rows.map(toItem);
}

const RELATED = 4;

/** A published article by its address, with its translation and related articles (same words, same section first). */
export async function publishedArticle(slug: string): Promise<PublicArticle | null> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  const row = await db().kbArticle.findFirst({
    where: { slug, status: 'PUBLISHED' },
    select: { ...listSelect, bodyHtml: true, tags: true, publishedAt: true, groupId: true },
  });
  if (!row) return null;
  const item = toItem(row);
  const [translation, related] = await Promise.all([
    db().kbArticle.findFirst({
      where: { groupId: row.groupId, status: 'PUBLISHED', id: { not: row.id }, locale: { not: row.locale } },
      select: { slug: true, locale: true, title: true },
    }),
    relatedArticles(item, row.tags),
  ]);
  return {
    ...item,
    bodyHtml: row.bodyHtml,
    tags: row.tags,
    publishedAt: row.publishedAt,
    translation: translation ? { ...translation, locale: translation.locale === 'en' ? 'en' : 'pl' } : null,
    related,
  };
}

async function relatedArticles(article: ArticleListItem, tags: string[]): Promise<SearchHit[]> {
  const { hits } = await searchArticles({
    query: [article.title, ...tags].join(' '),
    locale: article.locale,
    limit: RELATED,
    excludeIds: [article.id],
  });
  if (hits.length >= RELATED) return hits;
  // Too few shared words: fill up from the same section.
  const fill = await db().kbArticle.findMany({
    where: { status: 'PUBLISHED', locale: article.locale, section: article.section, id: { notIn: [article.id, ...hits.map((h) => h.id)] } },
    orderBy: { updatedAt: 'desc' },
    take: RELATED - hits.length,
    select: { id: true, slug: true, title: true, summary: true, section: true, locale: true },
  });
  return [
    ...hits,
    ...fill.map((row) => ({ ...row, section: row.section as KbSection, locale: (row.locale === 'en' ? 'en' : 'pl') as KbLocale })),
  ];
}

/** For sitemap.xml: every published article's address and last change. */
export async function sitemapArticles(): Promise<{ slug: string; updatedAt: Date }[]> {
  return db().kbArticle.findMany({ where: { status: 'PUBLISHED' }, select: { slug: true, updatedAt: true }, orderBy: { slug: 'asc' } });
}

export async function publishedArticleId(slug: string): Promise<string | null> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  return (await db().kbArticle.findFirst({ where: { slug, status: 'PUBLISHED' }, select: { id: true } }))?.id ?? null;
}
