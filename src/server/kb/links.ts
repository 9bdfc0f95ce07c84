import { Prisma } from '@/generated/prisma/client';
import { canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { err, ok, type Result } from '@/server/result';
import type { KbLocale, KbSection } from './schemas';

/**
 * The composer's "Artykuły bazy wiedzy": published articles an agent can link to from a reply, found by their title
 * (every word typed, case- and accent-insensitive, so "zrodlo" finds "Źródło"). One article per translation group: the
 * one in the ticket's language (the reporter's locale), else the other language, and those in the ticket's language
 * are listed first. Staff only. The link is the article's public address on APP_URL, written as Markdown.
 */

export interface ArticleLink {
  id: string;
  title: string;
  slug: string;
  section: KbSection;
  locale: KbLocale;
  /** In the reporter's language (shown with a hint; the others come last). */
  matchesLocale: boolean;
  /** The help centre page, absolute (the link goes out by e-mail). */
  url: string;
  /** `[Title](url)`, what the picker inserts. */
  markdown: string;
}

export type ArticleLinkError = { kind: 'forbidden' } | { kind: 'not_found' };

/** How many articles the picker lists at once. */
export const ARTICLE_LINKS_LIMIT = 8;
const MAX_QUERY = 100;
const MAX_WORDS = 6;

export function articleUrl(slug: string): string {
  return new URL(`/pomoc/baza-wiedzy/${encodeURIComponent(slug)}`, env().APP_URL).href;
}

/** A Markdown link whose text shows brackets and backslashes in the title as typed. */
export function markdownLink(title: string, url: string): string {
  return `[${title.replace(/[\\[\]]/g, (c) => `\\${c}`)}](${url})`;
}

const fold = (text: string) => text.toLowerCase().replace(/ł/g, 'l').normalize('NFD').replace(/\p{M}/gu, '');

export async function articleLinksForTicket(
  principal: Principal,
  ticketNumber: number,
  query: string,
): Promise<Result<ArticleLink[], ArticleLinkError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  const ticket = await db().ticket.findUnique({ where: { number: ticketNumber }, select: { reporter: { select: { locale: true } } } });
  if (!ticket) return err({ kind: 'not_found' });
  const locale: KbLocale = ticket.reporter.locale === 'en' ? 'en' : 'pl';
  // Letters and digits only, so no word can be a LIKE wildcard.
  const words = fold(query.slice(0, MAX_QUERY))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
  const titleMatches = words.length ? Prisma.sql`AND kb_fold(title) LIKE ALL(${words.map((word) => `%${word}%`)}::text[])` : Prisma.empty;
  const rows = await db().$queryRaw<{ id: string; title: string; slug: string; section: string; locale: string }[]>`
    SELECT id, title, slug, section, locale FROM (
      SELECT DISTINCT ON ("groupId") id, title, slug, section, locale, "updatedAt"
      FROM "KbArticle"
      WHERE status = 'PUBLISHED' ${titleMatches}
      ORDER BY "groupId", (locale = ${locale}) DESC
    ) AS one_per_group
    ORDER BY (locale = ${locale}) DESC, ${words[0] ? Prisma.sql`(kb_fold(title) LIKE ${`${words[0]}%`}) DESC,` : Prisma.empty}
             "updatedAt" DESC, id
    LIMIT ${ARTICLE_LINKS_LIMIT}`;
  return ok(
    rows.map((row) => {
      const url = articleUrl(row.slug);
      return {
        id: row.id,
        title: row.title,
        slug: row.slug,
        section: row.section as KbSection,
        locale: row.locale === 'en' ? 'en' : 'pl',
        matchesLocale: row.locale === locale,
        url,
        markdown: markdownLink(row.title, url),
      };
    }),
  );
}
