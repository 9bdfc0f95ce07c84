/**
 * `npx tsx bench/pg-cpu.ts [--tickets=400] [--rounds=2] [--explain]`: what one API ticket costs Postgres, against
 * the ceiling's transaction (bench/ceiling-server.ts), without Next and HTTP in the way (docs/performance.md).
 *   default    the CPU time of the database's backends (/proc/<pid>/schedstat, nanoseconds) per ticket, for
 *              `fileTicketFromApi` (the route's domain call) and for the ceiling's transaction, one at a time on one
 *              connection, alternated `--rounds` times; the app's own CPU per ticket beside it
 *   --explain  one more API ticket with Postgres' own accounts sent to this client (client_min_messages = log):
 *              the planner's and executor's CPU per top-level statement (log_planner_stats, log_executor_stats)
 *              and auto_explain's plans with trigger times, nested statements included
 * Figures only, on a throwaway database (same tickets as `npm run bench -- --only=http`: a new reporter each).
 */
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { appBenchDatabase } from './app-database';
import { createTicket as ceilingTicket } from './ceiling-server';
import { newReporterInput } from './ticket-input';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const TICKETS = option('tickets', 400);
const ROUNDS = option('rounds', 2);
const WARMUP = 60;

/** Nanoseconds on CPU so far of each backend serving `database` (their process title names it), by pid. */
function backendNs(database: string): Map<string, number> {
  const ns = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${database} `)) continue;
      ns.set(pid, Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // The process ended meanwhile.
    }
  }
  return ns;
}

/** CPU the backends spent between two readings (a backend that ended meanwhile is left out, one that began counts whole). */
function spentNs(before: Map<string, number>, after: Map<string, number>): number {
  let ns = 0;
  for (const [pid, now] of after) ns += now - (before.get(pid) ?? 0);
  return ns;
}

async function main() {
  const { database, dispose } = await appBenchDatabase('pgcpu', {
    DATABASE_POOL_MAX: '2',
  });
  try {
    const { db, pgPool } = await import('../src/server/db/client');
    const { fileTicketFromApi } = await import('../src/server/tickets/file-from-api');
    const ceilingPool = new pg.Pool({ connectionString: database.url, max: 1 });
    let next = 0;
    const api = async () => {
      const outcome = await fileTicketFromApi(newReporterInput(next++), [], { locale: 'pl' });
      if (outcome.status !== 201) throw new Error(`API ticket refused: ${JSON.stringify(outcome)}`);
    };
    const ceiling = async () => void (await ceilingTicket(ceilingPool, newReporterInput(next++)));
    for (let i = 0; i < WARMUP; i++) {
      await api();
      await ceiling();
    }
    if (!pgPool()) throw new Error('the API ticket did not take the SQL fast path');

    const measure = async (run: () => Promise<void>) => {
      const pg0 = backendNs(database.name);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < TICKETS; i++) await run();
      const cpu = process.cpuUsage(cpu0);
      return {
        pgMs: spentNs(pg0, backendNs(database.name)) / 1e6 / TICKETS,
        appMs: (cpu.user + cpu.system) / 1000 / TICKETS,
        wallMs: (performance.now() - t0) / TICKETS,
      };
    };
    const f = (n: number) => n.toFixed(3).padStart(7);
    console.log(`${TICKETS} tickets per figure, one at a time; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log('round | API: Postgres CPU / app CPU / wall (ms per ticket) | ceiling: Postgres CPU / app CPU / wall');
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await measure(api);
      const c = await measure(ceiling);
      console.log(`${String(round).padStart(5)} | ${f(a.pgMs)} ${f(a.appMs)} ${f(a.wallMs)} | ${f(c.pgMs)} ${f(c.appMs)} ${f(c.wallMs)}`);
    }
    console.log(`load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    const { rows: sizes } = await ceilingPool.query<Record<string, string>>(
      `SELECT template || CASE WHEN "messageId" LIKE '%@bench.localhost>' THEN ' (ceiling)' ELSE '' END AS template, count(*)::text AS n, round(avg(length(text)))::text AS text, round(avg(length(html)))::text AS html,
         round(avg(pg_column_size(text) + pg_column_size(html)))::text AS stored,
         string_agg(DISTINCT pg_column_compression(html), ', ') AS compression
       FROM "OutboundEmail" GROUP BY 1 ORDER BY 1`,
    );
    for (const row of sizes)
      console.log(
        `outbox ${row.template}: ${row.n} rows, text ${row.text} + html ${row.html} chars, stored ${row.stored} bytes (${row.compression ?? 'not compressed'})`,
      );

    if (args.includes('--explain')) await explainOne(database.name, api, pgPool()!);
    await ceilingPool.end();
    await db().$disconnect();
  } finally {
    await dispose();
  }
}

/** One API ticket with the planner's and executor's statistics and auto_explain's plans sent to the client. */
async function explainOne(database: string, api: () => Promise<void>, pool: pg.Pool) {
  const client = await pool.connect();
  const notices: string[] = [];
  const listener = (notice: { message?: string; detail?: string }) => void notices.push(`${notice.message ?? ''}\n${notice.detail ?? ''}`);
  try {
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
      SET auto_explain.log_triggers = on; SET auto_explain.log_nested_statements = on; SET auto_explain.log_timing = on;
      SET log_planner_stats = on; SET log_executor_stats = on; SET client_min_messages = log`);
    client.on('notice', listener);
  } finally {
    client.release();
  }
  await api(); // fills the connection's caches after the SETs
  notices.length = 0;
  await api();
  const after = await pool.connect();
  try {
    after.removeListener('notice', listener);
    await after.query('RESET ALL');
  } finally {
    after.release();
  }
  console.log(`\n--- ${database}: ${notices.length} messages of the second ticket ---`);
  for (const text of notices) {
    const usage = /!\s+([\d.]+) s user, ([\d.]+) s system/.exec(text);
    if (usage) {
      console.log(`${text.split('\n')[0]}: ${((Number(usage[1]) + Number(usage[2])) * 1000).toFixed(3)} ms CPU`);
      continue;
    }
    const query = /Query Text: ([\s\S]*?)\n(?=\S+ {2}\(cost|[A-Z][a-z]+ [A-Z][a-z]* {2}\(cost|[A-Z][a-zA-Z ]+ on )/.exec(text)?.[1] ?? '';
    const duration = /duration: ([\d.]+) ms/.exec(text)?.[1] ?? '?';
    const triggers = text.split('\n').filter((line) => line.startsWith('Trigger'));
    console.log(`  plan, ${duration} ms: ${query.replace(/\s+/g, ' ').slice(0, 140)}${triggers.map((t) => `\n    ${t}`).join('')}`);
  }
  if (args.includes('--verbose')) for (const text of notices) console.log(`\n${text}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
