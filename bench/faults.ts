/**
 * `npm run bench:faults`: what clients see when the database is slow, locked or gone (never pass/fail on time).
 * Loopback only, on a throwaway database; every scenario runs for a fixed time and the script stops by itself.
 *
 *   lock         30 clients file tickets through the API's domain path while another session holds
 *                `LOCK TABLE "Ticket"` for 4 s (a migration, a long report, VACUUM FULL).
 *   busy         50 clients file tickets as fast as they can on the pool.
 *   unreachable  20 clients while nothing listens on the database port (Postgres stopped or restarting).
 *
 * Each scenario runs with Prisma's defaults (transaction maxWait 2 s, pg-pool waiting for ever for a connection),
 * with the app's settings (DATABASE_WAIT_MS / DATABASE_POOL_MAX, src/server/db/client.ts), and with those waits
 * on a pool twice as big. A request counts as "503" when `isDatabaseUnavailable` recognises its error (the
 * routes answer those 503 with Retry-After; before that module every one of them was a 500), "500" when it does
 * not; the latency columns are the time to an answer of any kind.
 */
import os from 'node:os';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { freePort, testPgUrl } from '../tests/e2e/stack';
import { appBenchDatabase } from './app-database';
import { percentile, table } from './load';

interface Settings {
  label: string;
  poolMax: number;
  /** pg-pool's connectionTimeoutMillis (0 = wait for ever) and the transactions' maxWait. */
  connectionWaitMs: number;
  maxWaitMs: number;
  timeoutMs: number;
}

interface Tally {
  scenario: string;
  settings: string;
  ok: number;
  unavailable: number;
  failed: number;
  latencies: number[];
  failures: Map<string, number>;
}

function progress(what: string) {
  console.error(`[bench:faults] ${what}`);
}

async function main() {
  const { database, dispose } = await appBenchDatabase('faults', {
    MAIL_CAP_PER_RECIPIENT_PER_HOUR: '100000',
    MAIL_CAP_PER_TICKET_PER_HOUR: '100000',
  });
  try {
    const { PrismaClient } = await import('../src/generated/prisma/client');
    const { env } = await import('../src/server/env');
    const { isDatabaseUnavailable } = await import('../src/server/db/unavailable');
    const { fileTicketFromApi } = await import('../src/server/tickets/file-from-api');
    const holder = globalThis as unknown as { vouchieDb?: InstanceType<typeof PrismaClient> };

    const app = env();
    const configs: Settings[] = [
      { label: 'Prisma defaults (pool 10)', poolMax: 10, connectionWaitMs: 0, maxWaitMs: 2_000, timeoutMs: 20_000 },
      {
        label: `app (pool ${app.DATABASE_POOL_MAX}, wait ${app.DATABASE_WAIT_MS / 1000} s)`,
        poolMax: app.DATABASE_POOL_MAX,
        connectionWaitMs: app.DATABASE_WAIT_MS,
        maxWaitMs: app.DATABASE_WAIT_MS,
        timeoutMs: app.DATABASE_TRANSACTION_TIMEOUT_MS,
      },
      // The same waits with twice the connections: does a bigger pool buy anything on this machine?
      {
        label: `app waits, pool ${app.DATABASE_POOL_MAX * 2}`,
        poolMax: app.DATABASE_POOL_MAX * 2,
        connectionWaitMs: app.DATABASE_WAIT_MS,
        maxWaitMs: app.DATABASE_WAIT_MS,
        timeoutMs: app.DATABASE_TRANSACTION_TIMEOUT_MS,
      },
    ];

    /** Points the app's one Prisma client at `url` with `settings` (the same holder `db()` reads). */
    async function pointAppAt(url: string, settings: Settings) {
      await holder.vouchieDb?.$disconnect();
      holder.vouchieDb = new PrismaClient({
        adapter: new PrismaPg({ connectionString: url, max: settings.poolMax, connectionTimeoutMillis: settings.connectionWaitMs }),
        transactionOptions: { maxWait: settings.maxWaitMs, timeout: settings.timeoutMs },
        errorFormat: 'minimal',
      });
    }

    let serial = 0;
    const payload = () => ({
      category: 'TECHNICAL_ERROR',
      subject: 'Kod vouchera nie działa w kasie',
      actual: 'Kasa pokazuje błąd przy wpisaniu kodu.',
      reporter: { name: 'Anna Nowak', email: `bench.${serial++}@firma.pl` },
    });

    /** `clients` loops filing tickets until `durationMs` has passed; a request started before the end is waited for. */
    async function run(
      scenario: string,
      settings: Settings,
      clients: number,
      durationMs: number,
      during?: () => Promise<void>,
    ): Promise<Tally> {
      const tally: Tally = { scenario, settings: settings.label, ok: 0, unavailable: 0, failed: 0, latencies: [], failures: new Map() };
      const end = performance.now() + durationMs;
      const client = async () => {
        while (performance.now() < end) {
          const started = performance.now();
          try {
            const outcome = await fileTicketFromApi(payload(), [], { locale: 'pl' });
            if (outcome.status === 201) tally.ok += 1;
            else tally.failed += 1;
          } catch (error) {
            if (isDatabaseUnavailable(error)) {
              tally.unavailable += 1;
              // A client told to retry later does so (Retry-After is 5 s; a short pause keeps the loop honest).
              await new Promise((resolve) => setTimeout(resolve, 250));
            } else {
              tally.failed += 1;
              const key =
                error instanceof Error
                  ? `${(error as { code?: string }).code ?? error.name}: ${error.message.split('\n').filter(Boolean).pop()?.slice(0, 80)}`
                  : String(error);
              tally.failures.set(key, (tally.failures.get(key) ?? 0) + 1);
            }
          }
          tally.latencies.push(performance.now() - started);
        }
      };
      await Promise.all([...Array.from({ length: clients }, client), during?.()]);
      return tally;
    }

    async function tableLock(afterMs: number, holdMs: number) {
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      const locker = new pg.Client({ connectionString: database.url });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE "Ticket" IN ACCESS EXCLUSIVE MODE');
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        await locker.query('COMMIT');
      } finally {
        await locker.end();
      }
    }

    const tallies: Tally[] = [];
    for (const settings of configs) {
      await pointAppAt(database.url, settings);
      progress(`warm-up (${settings.label})`);
      await run('warm-up', settings, 4, 1_500);
      progress(`lock: 30 clients, LOCK TABLE "Ticket" for 4 s (${settings.label})`);
      tallies.push(await run('lock (30 clients, 4 s table lock)', settings, 30, 9_000, () => tableLock(2_000, 4_000)));
      progress(`busy: 50 clients (${settings.label})`);
      tallies.push(await run('busy (50 clients)', settings, 50, 8_000));
    }
    const down = `postgres://postgres@127.0.0.1:${await freePort()}/none`;
    for (const settings of configs.slice(0, 2)) {
      await pointAppAt(down, settings);
      progress(`unreachable: 20 clients (${settings.label})`);
      tallies.push(await run('unreachable (20 clients)', settings, 20, 3_000));
    }
    await holder.vouchieDb?.$disconnect();

    const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–');
    console.log(`\nFaults (loopback Postgres ${testPgUrl().replace(/\/\/[^@]*@/, '//')}, ${os.cpus().length} cores)\n`);
    console.log(
      table(
        ['scenario', 'settings', 'requests', 'ok', '503', '500', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        tallies.map((t) => [
          t.scenario,
          t.settings,
          String(t.latencies.length),
          String(t.ok),
          String(t.unavailable),
          String(t.failed),
          ms(percentile(t.latencies, 50)),
          ms(percentile(t.latencies, 95)),
          ms(percentile(t.latencies, 99)),
          ms(Math.max(...t.latencies)),
        ]),
        [false, false, true, true, true, true, true, true, true, true],
      ),
    );
    for (const t of tallies) {
      for (const [reason, count] of t.failures) console.log(`  500 in "${t.scenario}" with ${t.settings}: ${count} × ${reason}`);
    }
  } finally {
    await dispose();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
