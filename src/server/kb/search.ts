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

/** Per common query word: the most recently updated matches in title / summary / tags that are ranked. */
const HEAD_PER_WORD = 20;
/** Per common query word: further matches anywhere in the text that are ranked. */
const BODY_PER_WORD = 10;
/** A word in more than this share of articles is common: its matches are sampled, not all fetched. */
const COMMON_SHARE = 0.01;
/** At most this many matches of a rare word (when the statistics are stale, a "rare" word may not be). */
const RARE_CAP = 100;

/**
 * Each word as its own tsquery (its lemmas OR its folded form; the word being typed as a prefix), as text. Computed
 * first, in its own round trip, so the search itself receives them as values: the planner then plans each word on
 * its own (in a CTE or a function call every word got the same bitmap index scan, even "voucher", which is in nearly
 * every article).
 */
export async function wordQueries(words: string[], prefix: string | null): Promise<string[]> {
  const rows = await db().$queryRaw<{ part: string }[]>`
    SELECT part FROM (
      SELECT n, (to_tsquery('kb_search', w) || to_tsquery('simple', kb_fold(w)))::text AS part
      FROM unnest(${words}::text[]) WITH ORDINALITY AS t(w, n)
      UNION ALL
      SELECT 1000, to_tsquery('simple', kb_fold(${prefix}::text) || ':*')::text WHERE coalesce(${prefix}::text, '') <> ''
    ) AS each_word
    WHERE part <> '' ORDER BY n`;
  return rows.map((row) => row.part);
}

type Frequencies = { head: Map<string, number>; text: Map<string, number> };
let frequencies: { at: number; value: Frequencies } | null = null;
const FREQUENCIES_TTL_MS = 10 * 60_000;

/**
 * The share of articles holding each common lexeme, from the statistics ANALYZE keeps for the two documents
 * (pg_stats.most_common_elems: at 10,000 articles every lexeme above ~0.5 %). Read once per FREQUENCIES_TTL_MS.
 */
export async function lexemeFrequencies(): Promise<Frequencies> {
  if (frequencies && Date.now() - frequencies.at < FREQUENCIES_TTL_MS) return frequencies.value;
  const rows = await db().$queryRaw<{ column: string; elems: string[] | null; freqs: number[] | null }[]>`
    SELECT attname AS column, most_common_elems::text::text[] AS elems, most_common_elem_freqs::float8[] AS freqs
    FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'KbArticle' AND attname IN ('headDocument', 'searchDocument')`;
  const value: Frequencies = { head: new Map(), text: new Map() };
  for (const row of rows) {
    const map = row.column === 'headDocument' ? value.head : value.text;
    (row.elems ?? []).forEach((elem, i) => map.set(elem, row.freqs?.[i] ?? 0));
  }
  frequencies = { at: Date.now(), value };
  return value;
}

/** The share of articles a word's tsquery matches at most (its lexemes' shares added up; a prefix: every lexeme it starts). */
function share(part: string, freq: Map<string, number>): number {
  let total = 0;
  for (const match of part.matchAll(/'((?:[^']|'')*)'(:\*)?/g)) {
    const lexeme = (match[1] ?? '').replace(/''/g, "'");
    if (match[2]) for (const [elem, f] of freq) total += elem.startsWith(lexeme) ? f : 0;
    else total += freq.get(lexeme) ?? 0;
  }
  return total;
}

/**
 * Bounded candidates, then one ranking. A rare word (by the column statistics) brings all its matches, by the GIN
 * indexes; a common word brings HEAD_PER_WORD of its title / summary / tags matches (the small `headDocument`, newest
 * first: a walk down the updatedAt index that stops when enough have matched) and BODY_PER_WORD matches anywhere
 * (a scan that stops as soon as it has them). So a common word can neither crowd out the rarer ones nor make the
 * search rank every article (it did: ~300 ms at 10,000 articles, docs/kb.md), and no branch reads the whole table.
 * The branches' shapes are chosen here, from the statistics, because the planner cannot tell a word it has no
 * statistics for (it assumes 0.5 % of rows) from a rare one: it walked all 10,000 articles looking for "pyta".
 *
 * Each word is counted once however many lexemes it stands for (a Polish word can be several lemmas plus its folded
 * forms, and ts_rank alone would let one common word outweigh two rarer ones): words matched in the title / summary /
 * tags weigh 4, in the whole text 1, and ts_rank only breaks ties.
 */
export function searchSql(parts: string[], freq: Frequencies, options: SearchOptions, limit: number): Prisma.Sql {
  const status = options.publishedOnly === false ? Prisma.empty : Prisma.sql`AND a.status = 'PUBLISHED'`;
  const exclude = options.excludeIds?.length ? Prisma.sql`AND a.id <> ALL(${options.excludeIds}::uuid[])` : Prisma.empty;
  const filter = Prisma.sql`a.locale = ${options.locale} ${status} ${exclude}`;
  const candidates = Prisma.join(
    parts.flatMap((part) => [
      share(part, freq.head) > COMMON_SHARE
        ? Prisma.sql`(SELECT a.id FROM "KbArticle" a WHERE a."headDocument" @@ ${part}::tsquery AND ${filter}
                      ORDER BY a."updatedAt" DESC LIMIT ${HEAD_PER_WORD})`
        : Prisma.sql`(SELECT a.id FROM "KbArticle" a WHERE a."headDocument" @@ ${part}::tsquery AND ${filter} LIMIT ${RARE_CAP})`,
      share(part, freq.text) > COMMON_SHARE
        ? Prisma.sql`(SELECT a.id FROM "KbArticle" a WHERE a."searchDocument" @@ ${part}::tsquery AND ${filter}
                      ORDER BY a."updatedAt" DESC LIMIT ${BODY_PER_WORD})`
        : Prisma.sql`(SELECT a.id FROM "KbArticle" a WHERE a."searchDocument" @@ ${part}::tsquery AND ${filter} LIMIT ${RARE_CAP})`,
    ]),
    ' UNION ',
  );
  const inHead = Prisma.join(
    parts.map((part) => Prisma.sql`(a."headDocument" @@ ${part}::tsquery)::int`),
    ' + ',
  );
  const inText = Prisma.join(
    parts.map((part) => Prisma.sql`(a."searchDocument" @@ ${part}::tsquery)::int`),
    ' + ',
  );
  const all = Prisma.join(
    parts.map((part) => Prisma.sql`${part}::tsquery`),
    ' || ',
  );
  return Prisma.sql`
    SELECT a.id, a.slug, a.title, a.summary, a.section, a.locale
    FROM (${candidates}) AS c JOIN "KbArticle" a ON a.id = c.id
    ORDER BY 4 * (${inHead}) + (${inText}) DESC, ts_rank(a."searchDocument", ${all}) DESC, a."updatedAt" DESC, a.id
    LIMIT ${limit}`;
}

async function run(parts: string[], options: SearchOptions, limit: number): Promise<SearchHit[]> {
  if (!parts.length) return [];
  const sql = searchSql(parts, await lexemeFrequencies(), options, limit);
  // The branches' shapes above say which plan each should get (a rare word: the GIN index; a common one: the updatedAt
  // walk); without sequential scans the planner has no third choice to mis-cost (it read all 10,000 articles for a
  // word it guessed to be in 1.5 % of them, rather than ask the index).
  const [, rows] = await db().$transaction([db().$executeRaw`SET LOCAL enable_seqscan = off`, db().$queryRaw<Row[]>(sql)]);
  return rows.map((row) => ({ ...row, section: row.section as KbSection, locale: row.locale === 'en' ? 'en' : 'pl' }));
}

/**
 * For each word not among published articles' words, the closest one that is (pg_trgm), if close enough: the nearest
 * neighbour straight from the GiST trigram index (`<->` ordered, LIMIT 1), then checked against MIN_SIMILARITY. (With
 * a GIN index, `%` fetched every word sharing a trigram and sorted them: ~10 ms a word at 10,000 articles.)
 */
export function correctionsSql(candidates: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT (SELECT n.word FROM (SELECT k.word FROM "KbWord" k ORDER BY k.word <-> kb_fold(w) LIMIT 1) AS n
            WHERE similarity(n.word, kb_fold(w)) >= ${MIN_SIMILARITY}) AS fix
    FROM unnest(${candidates}::text[]) AS w
    WHERE NOT EXISTS (SELECT 1 FROM "KbWord" k WHERE k.word = kb_fold(w))`;
}

async function corrections(words: string[]): Promise<string[]> {
  const candidates = words.filter((word) => word.length >= 4);
  if (!candidates.length) return [];
  const rows = await db().$queryRaw<{ fix: string | null }[]>(correctionsSql(candidates));
  return [...new Set(rows.flatMap((row) => (row.fix ? [row.fix] : [])))];
}

export async function searchArticles(options: SearchOptions): Promise<SearchResult> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
  const { words, prefix } = queryWords(options.query, { asYouType: options.asYouType });
  if (!words.length && !prefix) return { hits: [], corrections: [] };
  const parts = await wordQueries(words, prefix);
  const hits = await run(parts, options, limit);
  if (hits.length >= limit) return { hits, corrections: [] };
  const fixes = (await corrections(words)).filter((fix) => !words.includes(fix));
  if (!fixes.length) return { hits, corrections: [] };
  const more = await run([...parts, ...(await wordQueries(fixes, null))], options, limit);
  return { hits: more, corrections: fixes };
}

/** Kept for the dashboard's "searches with no result"; only searches someone submitted (not as-you-type). */
export async function recordSearch(query: string, locale: KbLocale, source: 'portal' | 'api', results: number): Promise<void> {
  const text = query.trim().slice(0, KB_LIMITS.query);
  if (!text) return;
  await db().kbSearch.create({ data: { query: text, locale, source, results } });
}
