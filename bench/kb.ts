/**
 * `npm run bench:kb`: knowledge-base search at 10,000 published articles. Builds its own database once
 * (`vouchie_bench_kb`, or BENCH_KB_DB, on TEST_PG_URL / 127.0.0.1:5432; BENCH_KB_RESEED=1 rebuilds it) from the demo
 * articles' sentences reshuffled, so the text is real Polish with real inflection; then times `searchArticles`
 * (what the help centre, the API and the contact form's suggestions call) for a mix of queries: single words,
 * inflected and unaccented forms, contact-form sentences, typos (which take the pg_trgm correction path) and
 * as-you-type prefixes. Prints p50 / p95 per kind and overall, then EXPLAIN (ANALYZE, BUFFERS) of one query of each
 * kind and of the typo correction, and what a new connection pays to load the dictionary. Figures only: it never fails on time. Target: p95 ≤ 50 ms.
 *   BENCH_RUNS=20 (rounds over the query list) BENCH_ARTICLES=10000
 */
import path from 'node:path';
import pg from 'pg';
import { testPgUrl } from '../tests/e2e/stack';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_RUNS ?? 20);
const TARGET_MS = 50;
const DB_NAME = process.env.BENCH_KB_DB ?? 'vouchie_bench_kb';
const admin = new URL(testPgUrl());
const url = new URL(testPgUrl());
url.pathname = `/${DB_NAME}`;
process.env.DATABASE_URL = url.toString();
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0123';
process.env.DATABASE_POOL_MAX ??= '4';

const { applyMigrations } = await import('../src/server/db/schema-engine');
const { readArticleFolder } = await import('../src/server/kb/import');
const { searchArticles, queryWords, wordQueries, searchSql, lexemeFrequencies, correctionsSql } = await import('../src/server/kb/search');
const { renderArticleMarkdown } = await import('../src/server/kb/markdown');
const { db } = await import('../src/server/db/client');

const server = new pg.Client({ connectionString: admin.toString() });
await server.connect();
const exists = (await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount;
if (exists && process.env.BENCH_KB_RESEED === '1') {
  await server.query(`DROP DATABASE "${DB_NAME}" WITH (FORCE)`);
}
if (!exists || process.env.BENCH_KB_RESEED === '1') await server.query(`CREATE DATABASE "${DB_NAME}"`);
await server.end();
await applyMigrations(url.toString());

const client = new pg.Client({ connectionString: url.toString() });
await client.connect();
const config = (await client.query<{ config: string }>('SELECT kb_refresh_search_config() AS config')).rows[0]?.config;
const have = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM "KbArticle"')).rows[0]?.n ?? 0);

// A fixed-seed generator: every bench database holds the same articles.
let state = 20261207;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

if (have < ARTICLES) {
  const demo = (await readArticleFolder(path.resolve('prisma/kb'))).flatMap((a) =>
    'fields' in a && a.fields.locale === 'pl' ? [a.fields] : [],
  );
  const sentences = demo.flatMap((a) =>
    a.body
      .split(/(?<=[.!?:])\s+|\n+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 20),
  );
  const nouns = [
    'hotelu',
    'spa',
    'restauracji',
    'kwiaciarni',
    'salonu',
    'sklepu',
    'kina',
    'siłowni',
    'teatru',
    'pensjonatu',
    'szkoły',
    'galerii',
  ];
  console.log(`Seeding ${ARTICLES - have} articles (${sentences.length} sentences of ${demo.length} demo articles, reshuffled)…`);
  const started = performance.now();
  for (let n = have; n < ARTICLES; n += 200) {
    const rows: unknown[][] = [];
    for (let i = n; i < Math.min(n + 200, ARTICLES); i++) {
      const base = pick(demo);
      const body = Array.from({ length: 12 + Math.floor(random() * 12) }, () => pick(sentences)).join(' ');
      rows.push([`${base.title} dla ${pick(nouns)} ${i}`, `bench-${i}`, body, renderArticleMarkdown(body), base.section, base.tags]);
    }
    const values = rows
      .map(
        (_, r) =>
          `(gen_random_uuid(), gen_random_uuid(), 'pl', $${r * 6 + 2}, $${r * 6 + 1}, '', $${r * 6 + 3}, $${r * 6 + 4}, $${r * 6 + 5}, $${r * 6 + 6}, '{}', 'PUBLISHED', 1, now(), now(), now())`,
      )
      .join(', ');
    await client.query(
      `INSERT INTO "KbArticle" (id, "groupId", locale, slug, title, summary, body, "bodyHtml", section, tags, categories, status, version, "publishedAt", "createdAt", "updatedAt") VALUES ${values}`,
      rows.flat(),
    );
  }
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await client.query('ANALYZE "KbArticle"; ANALYZE "KbWord"');
}

const QUERIES: Record<string, string[]> = {
  'one word': ['voucher', 'płatności', 'domena', 'faktura', 'zwrot'],
  'inflected / unaccented': ['voucherów', 'vouchery', 'platnosci', 'zrodlo', 'fakturami'],
  'contact-form sentence': [
    'Nie mogę aktywować vouchera dla klienta hotelu',
    'Klient pyta o zwrot płatności za niewykorzystany voucher',
    'Jak podłączyć własną domenę do sklepu z voucherami?',
    'Pieniądze ze sprzedaży nie dotarły na konto firmy',
  ],
  typo: ['vaucher', 'platnośc zwrto', 'domene sklepo', 'fakutra'],
  'as you type': ['akty', 'realiz', 'przedłu', 'metod'],
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const all: number[] = [];
const byKind = new Map<string, number[]>();
// Warm-up: every pooled connection loads the ispell dictionary once (≈ 0.4 s each; see docs/kb.md).
for (let i = 0; i < 8; i++)
  await Promise.all(
    Object.values(QUERIES)
      .flat()
      .slice(0, 4)
      .map((q) => searchArticles({ query: q, locale: 'pl' })),
  );
for (let round = 0; round < ROUNDS; round++) {
  for (const [kind, queries] of Object.entries(QUERIES)) {
    for (const query of queries) {
      const t0 = performance.now();
      await searchArticles({ query, locale: 'pl', limit: kind === 'contact-form sentence' ? 3 : 10, asYouType: kind === 'as you type' });
      const ms = performance.now() - t0;
      all.push(ms);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    }
  }
}

console.log(`\nKnowledge-base search, ${ARTICLES.toLocaleString('en')} published articles, configuration: ${config}`);
const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(9);
for (const [kind, times] of byKind) {
  times.sort((a, b) => a - b);
  console.log(`  ${kind.padEnd(24)} p50 ${fmt(percentile(times, 50))}   p95 ${fmt(percentile(times, 95))}   (${times.length} searches)`);
}
all.sort((a, b) => a - b);
const p95 = percentile(all, 95);
console.log(
  `  ${'all'.padEnd(24)} p50 ${fmt(percentile(all, 50))}   p95 ${fmt(p95)}   target p95 ≤ ${TARGET_MS} ms: ${p95 <= TARGET_MS ? 'met' : 'NOT MET'}`,
);

// What each kind of query does in Postgres: the search itself, EXPLAIN (ANALYZE, BUFFERS) on one query of each kind,
// run as searchArticles runs it (its word queries and lexeme statistics first, sequential scans off), summarised as
// its time, buffers touched and the scans of its plan.
console.log('\nEXPLAIN (ANALYZE, BUFFERS) of one query of each kind (second run, warm):');
const frequencies = await lexemeFrequencies();
for (const [kind, queries] of Object.entries(QUERIES)) {
  const query = queries[0] as string;
  const { words, prefix } = queryWords(query, { asYouType: kind === 'as you type' });
  const sql = searchSql(await wordQueries(words, prefix), frequencies, { query, locale: 'pl' }, kind === 'contact-form sentence' ? 3 : 10);
  await client.query('BEGIN');
  await client.query('SET LOCAL enable_seqscan = off');
  await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
  const lines = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values)).rows.map(
    (row) => row['QUERY PLAN'],
  );
  await client.query('COMMIT');
  const scans = new Map<string, number>();
  for (const line of lines) {
    const scan = /(Bitmap Index Scan on|Index Scan(?: Backward)? using|Seq Scan on) "?([\w]+)"?/.exec(line);
    if (scan) scans.set(`${scan[1]} ${scan[2]}`, (scans.get(`${scan[1]} ${scan[2]}`) ?? 0) + 1);
  }
  const time = lines.find((line) => line.startsWith('Execution Time'));
  const buffers = lines.find((line) => line.trim().startsWith('Buffers'))?.trim();
  console.log(`  ${kind} ("${query}"): ${time}, ${buffers}`);
  for (const [scan, n] of scans) console.log(`      ${n} × ${scan}`);
}
const fixSql = correctionsSql(['vaucher', 'fakutra']);
const typo = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${fixSql.text}`, fixSql.values);
console.log('  typo correction ("vaucher", "fakutra" against KbWord):');
for (const row of typo.rows) if (/Scan|Execution/.test(row['QUERY PLAN'])) console.log(`    ${row['QUERY PLAN'].trim()}`);

// A new connection: Postgres loads the ispell dictionary into each backend on first use.
const cold: number[] = [];
for (let i = 0; i < 3; i++) {
  const fresh = new pg.Client({ connectionString: url.toString() });
  await fresh.connect();
  const t0 = performance.now();
  await fresh.query(`SELECT to_tsquery('kb_search', 'voucherów')`);
  cold.push(performance.now() - t0);
  await fresh.end();
}
console.log(`\nFirst search word on a new connection (dictionary load): ${cold.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
await client.end();
await db().$disconnect();
