/**
 * `npm run bench:dashboard`: the agents' dashboard (/agent/pulpit) on the large database `npm run bench:seed`
 * builds (1M tickets, 5M messages in `vouchie_bench_large`, or BENCH_LARGE_DB). Calls dashboardFor (what the page
 * calls: its two queries run concurrently) and prints p50 / p95 after a warm-up, then EXPLAIN (ANALYZE, BUFFERS)
 * of each query, flagging loudly any sequential scan of Ticket or Message. Figures only: it never fails on time.
 * Target: p95 ≤ 50 ms per dashboard load.
 *   BENCH_RUNS=50 BENCH_WARMUP=5
 */
import pg from 'pg';
import { testPgUrl } from '../tests/e2e/stack';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const TARGET_MS = 50;
const DB_NAME = process.env.BENCH_LARGE_DB ?? 'vouchie_bench_large';
const url = new URL(testPgUrl());
url.pathname = `/${DB_NAME}`;
process.env.DATABASE_URL = url.toString();
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0123';
process.env.DATABASE_POOL_MAX ??= '4';

const { db } = await import('../src/server/db/client');
const { dashboardFor, openSnapshotSql, windowSql, warsawDayStart, windowDays, DASHBOARD_DAYS } =
  await import('../src/server/agent/dashboard');
const { queueCountsSql } = await import('../src/server/agent/queue');
type Principal = import('../src/server/auth/policy').Principal;

const raw = new pg.Client({ connectionString: url.toString() });
await raw.connect();
const agentRow = await raw.query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'agent5@vouchie.pl'`);
if (!agentRow.rows[0]) {
  console.error(`No bench data in ${DB_NAME}: run \`npm run bench:seed\` first.`);
  process.exit(1);
}
const indexes = await raw.query<{ indexname: string }>(
  `SELECT indexname FROM pg_indexes WHERE indexname IN ('TicketOpenCount_pkey', 'Ticket_dashboard_window_idx')`,
);
if (indexes.rows.length < 2) {
  console.error(`The dashboard's counters or index are missing in ${DB_NAME}: DATABASE_URL=${url.toString()} npm run db:migrate`);
  process.exit(1);
}
const agent: Extract<Principal, { kind: 'user' }> = {
  kind: 'user',
  userId: agentRow.rows[0].id,
  role: 'AGENT',
  companyId: null,
  isCompanyAdmin: false,
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const now = new Date();
const from = warsawDayStart(windowDays(now, DASHBOARD_DAYS)[0]!);
const sample = await dashboardFor(agent, { now });
console.log(`Dashboard on ${DB_NAME}: ${WARMUP} warm-up + ${RUNS} runs per scenario`);
console.log(
  `(open tickets: ${sample?.open.total.toLocaleString('en')}; created in the last ${DASHBOARD_DAYS} days: ${sample?.created.toLocaleString('en')}; assignees: ${sample?.workload.length})\n`,
);

const scenarios: { name: string; run: () => Promise<unknown> }[] = [
  { name: 'dashboardFor (page load: both queries)', run: () => dashboardFor(agent) },
  { name: '  open-ticket counters alone', run: () => db().$queryRaw(openSnapshotSql()) },
  { name: '  queue view counts alone (SLA view)', run: () => db().$queryRaw(queueCountsSql(agent, new Date())) },
  { name: `  ${DASHBOARD_DAYS}-day window query alone`, run: () => db().$queryRaw(windowSql(from, new Date())) },
];
console.log(`${'scenario'.padEnd(44)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'target'.padStart(7)}`);
for (const scenario of scenarios) {
  const { p50, p95 } = await time(scenario.run);
  const target = scenario.name.startsWith(' ') ? '' : `≤${TARGET_MS}`;
  const flag = target && p95 > TARGET_MS ? '  ← over target' : '';
  console.log(`${scenario.name.padEnd(44)} ${p50.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${target.padStart(7)}${flag}`);
}

console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the same SQL: scans used, execution time');
const seqScans: string[] = [];
for (const [name, sql] of [
  ['open-ticket counters', openSnapshotSql()],
  ['queue view counts', queueCountsSql(agent, now)],
  [`${DASHBOARD_DAYS}-day window`, windowSql(from, now)],
] as const) {
  const plan = await raw.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
  const lines = plan.rows.map((r) => r['QUERY PLAN']);
  const scans = [
    ...new Set(
      lines
        .map((l) => /(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using (\S+) )?on (\S+)/.exec(l))
        .filter((m) => m !== null)
        .map((m) => `${m[1]}${m[2] ? ` ${m[2]}` : ''} on ${m[3]}`),
    ),
  ];
  const heap = lines.map((l) => /Heap Fetches: (\d+)/.exec(l)?.[1]).filter(Boolean);
  const exec = lines.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  const shared = lines.find((l) => /^\s*Buffers:/.test(l))?.trim() ?? '';
  console.log(`\n${name}  [${exec}; ${shared}${heap.length ? `; heap fetches ${heap.join('+')}` : ''}]`);
  for (const scan of scans) console.log(`    ${scan}`);
  if (lines.some((l) => /Seq Scan on "?(Ticket|Message)"?\b/.test(l))) {
    seqScans.push(name);
    console.log(`    !!!!!!!! SEQ SCAN ON Ticket/Message !!!!!!!!\n${lines.map((l) => `      ${l}`).join('\n')}`);
  } else if (process.env.BENCH_VERBOSE) {
    console.log(lines.map((l) => `      ${l}`).join('\n'));
  }
}
console.log(
  seqScans.length
    ? `\n!!!!!!!! Sequential scans of Ticket/Message in: ${seqScans.join(', ')} !!!!!!!!`
    : '\nNo sequential scan of Ticket or Message in either plan.',
);

await raw.end();
await db().$disconnect();
