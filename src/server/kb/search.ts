import { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db/client';
import { KB_LIMITS, type KbLocale, type KbSection } from './schemas';

/**
 * Knowledge-base search: Postgres full-text search in the `kb_search` configuration (Polish ispell lemmas where
 * the dictionary is installed, else `simple`), with folded (unaccented) words and lemmas beside them, so
 * "vouchery" / "voucherów" find "voucher" and "zrodlo" finds "źródło" (the kb_search migration, docs/kb.md).
 *
 * A query never errors, whatever it holds: it is cut to KB_LIMITS.query characters, split into words of letters
 * and digits only (so nothing reaching to_tsquery can be an operator), stop words dropped, at most MAX_WORDS kept.
 * Words are OR-ed and the results ranked (title first), which suits a sentence typed into the contact form as well
 * as two words in the search box. When that finds fewer than asked for, misspelt words are corrected against the
 * words of published articles with pg_trgm (`KbWord`) and the search is run once more with the corrections.
 */

export interface SearchHit {
  id: string;
  slug: string;
  title: string;
  summary: string;
  section: KbSection;
  locale: KbLocale;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Words the typo step swapped in (folded forms), for "did you mean" hints. */
  corrections: string[];
}

const MAX_WORDS = 12;
const MAX_WORD_LENGTH = 40;
/** Below this similarity a correction is more likely another word than a typo. */
const MIN_SIMILARITY = 0.4;

// Words too common to tell articles apart (OR-ed they would match nearly everything).
const STOP_WORDS = new Set(
  (
    'a aby ale albo ani az bo by byc byl byla bylo czy dla do gdy gdzie i ich ja jak jaki jest jestem juz ktora ktore ' +
    'ktory lub ma mam mi mnie moge moj moja na nam nas nasz nie nic niz o od po pod przez przy sa sie so ta tak tam ' +
    'te tego tej ten to tu tylko w we wiec z za ze zeby ' +
    'an and are as at be by can do does for from how i in is it my of on or the to what when why with you your'
  ).split(' '),
);

const fold = (word: string) => word.replace(/ł/g, 'l').normalize('NFD').replace(/\p{M}/gu, '');

/** The words of a query as the SQL side receives them; `prefix` is the last word while it is still being typed. */
export function queryWords(query: string, options: { asYouType?: boolean } = {}): { words: string[]; prefix: string | null } {
  let cut = query.slice(0, KB_LIMITS.query).toLowerCase().normalize('NFC');
  // A word cut in half at the limit would search for a fragment: leave it out.
  if (query.length > KB_LIMITS.query && /[\p{L}\p{N}]/u.test(query.charAt(KB_LIMITS.query))) cut = cut.replace(/[\p{L}\p{N}]+$/u, '');
  const all = cut.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const words: string[] = [];
  for (const word of all) {
    if (word.length > MAX_WORD_LENGTH || STOP_WORDS.has(fold(word))) continue;
    if (!words.includes(word)) words.push(word);
    if (words.length === MAX_WORDS) break;
  }
  const last = all.at(-1);
  const typing = options.asYouType && last !== undefined && /[\p{L}\p{N}]$/u.test(cut);
  const prefix = typing && last.length >= 3 && last.length <= MAX_WORD_LENGTH ? last : null;
  return { words, prefix };
}

interface SearchOptions {
  query: string;
  locale: KbLocale;
  limit?: number;
  /** Published articles only (the help centre, the API, the contact form), or drafts too (staff). */
  publishedOnly?: boolean;
  asYouType?: boolean;
  /** Leave these out (the article being read, for "related articles"). */
  excludeIds?: string[];
}

type Row = { id: string; slug: string; title: string; summary: string; section: string; locale: string };

/** How many matches of the whole text (beyond the title matches) are ranked: bounds the cost of a common word. */
const BODY_CANDIDATES = 100;
/** Title and summary matches considered. */
const HEAD_CANDIDATES = 200;

/**
 * Two bounded candidate sets, then one ranking: matches in title / summary / tags (the small `headDocument`, ranked
 * in full), and up to BODY_CANDIDATES matches anywhere (`searchDocument`). A word most articles contain would
 * otherwise make every search rank every article's whole text (measured: ~300 ms at 10,000 articles).
 */
async function run(words: string[], prefix: string | null, options: SearchOptions, limit: number): Promise<SearchHit[]> {
  const status = options.publishedOnly === false ? Prisma.empty : Prisma.sql`AND a.status = 'PUBLISHED'`;
  const exclude = options.excludeIds?.length ? Prisma.sql`AND a.id <> ALL(${options.excludeIds}::uuid[])` : Prisma.empty;
  // Each word is counted once however many lexemes it stands for (a Polish word can be several lemmas plus its folded
  // forms, and ts_rank alone would let one common word outweigh two rarer ones): words matched in the title /
  // summary / tags weigh 4, in the whole text 1, and ts_rank only breaks ties.
  const rows = await db().$queryRaw<Row[]>`
    WITH q AS MATERIALIZED (SELECT kb_query(${words}::text[], ${prefix}::text) AS q),
    parts AS MATERIALIZED (
      SELECT coalesce(array_agg(p), '{}') AS parts FROM (
        SELECT to_tsquery('kb_search', w) || to_tsquery('simple', kb_fold(w)) AS p FROM unnest(${words}::text[]) AS w
        UNION ALL
        SELECT to_tsquery('simple', kb_fold(${prefix}::text) || ':*') WHERE coalesce(${prefix}::text, '') <> ''
      ) AS each_word),
    head AS (
      SELECT a.id, (SELECT count(*) FROM unnest(parts.parts) AS p WHERE a."headDocument" @@ p) AS words
      FROM "KbArticle" a, q, parts
      WHERE a."headDocument" @@ q.q AND a.locale = ${options.locale} ${status} ${exclude}
      ORDER BY words DESC, ts_rank(a."headDocument", q.q) DESC LIMIT ${HEAD_CANDIDATES}),
    body AS (
      SELECT a.id FROM "KbArticle" a, q
      WHERE a."searchDocument" @@ q.q AND a.locale = ${options.locale} ${status} ${exclude}
      LIMIT ${BODY_CANDIDATES}),
    candidates AS (SELECT id FROM head UNION SELECT id FROM body)
    SELECT a.id, a.slug, a.title, a.summary, a.section, a.locale
    FROM candidates c JOIN "KbArticle" a ON a.id = c.id LEFT JOIN head h ON h.id = c.id, q, parts
    ORDER BY 4 * coalesce(h.words, 0) + (SELECT count(*) FROM unnest(parts.parts) AS p WHERE a."searchDocument" @@ p) DESC,
             ts_rank(a."searchDocument", q.q) DESC, a."updatedAt" DESC, a.id
    LIMIT ${limit}`;
  return rows.map((row) => ({ ...row, section: row.section as KbSection, locale: row.locale === 'en' ? 'en' : 'pl' }));
}

/** For each word not among published articles' words, the closest one that is (pg_trgm), if close enough. */
async function corrections(words: string[]): Promise<string[]> {
  const candidates = words.filter((word) => word.length >= 4);
  if (!candidates.length) return [];
  const rows = await db().$queryRaw<{ fix: string | null }[]>`
    SELECT (SELECT k.word FROM "KbWord" k
            WHERE k.word % kb_fold(w) AND similarity(k.word, kb_fold(w)) >= ${MIN_SIMILARITY}
            ORDER BY k.word <-> kb_fold(w) LIMIT 1) AS fix
    FROM unnest(${candidates}::text[]) AS w
    WHERE NOT EXISTS (SELECT 1 FROM "KbWord" k WHERE k.word = kb_fold(w))`;
  return [...new Set(rows.flatMap((row) => (row.fix ? [row.fix] : [])))];
}

export async function searchArticles(options: SearchOptions): Promise<SearchResult> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
  const { words, prefix } = queryWords(options.query, { asYouType: options.asYouType });
  if (!words.length && !prefix) return { hits: [], corrections: [] };
  const hits = await run(words, prefix, options, limit);
  if (hits.length >= limit) return { hits, corrections: [] };
  const fixes = (await corrections(words)).filter((fix) => !words.includes(fix));
  if (!fixes.length) return { hits, corrections: [] };
  const more = await run([...words, ...fixes], prefix, options, limit);
  return { hits: more, corrections: fixes };
}

/** Kept for the dashboard's "searches with no result"; only searches someone submitted (not as-you-type). */
export async function recordSearch(query: string, locale: KbLocale, source: 'portal' | 'api', results: number): Promise<void> {
  const text = query.trim().slice(0, KB_LIMITS.query);
  if (!text) return;
  await db().kbSearch.create({ data: { query: text, locale, source, results } });
}
