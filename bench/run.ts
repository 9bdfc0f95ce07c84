/**
 * `npm run bench`: figures, never pass/fail on time. On a throwaway database on TEST_PG_URL (dropped at the end):
 *   domain  createTicket() in-process, sequential and concurrent
 *   http    POST /api/v1/tickets against `next start` (production build)
 *   js      JavaScript the contact page loads in Chromium (raw, gzip, on the wire)
 *
 *   npm run bench -- --only=domain,http   some sections only
 *   BENCH_SKIP_BUILD=1 npm run bench      reuse an existing .next build
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import pg from 'pg';
import { apiTicketSchema } from '../src/server/tickets/schemas';
import { applyMigrations } from '../src/server/db/schema-engine';
import {
  bin,
  createThrowawayDatabase,
  dropStaleDatabases,
  freePort,
  REPO_ROOT,
  runToCompletion,
  spawnPrefixed,
  stopChild,
  testPgUrl,
  waitForHttpOk,
  type ThrowawayDatabase,
} from '../tests/e2e/stack';
import { kB, LOAD_ALIGN, LOAD_HEADERS, loadRows, runLoad, table, type LoadResult } from './load';
import { measureScriptBytes, type ScriptBytes } from './js-bytes';
import { newReporterInput, ticketInput } from './ticket-input';

const SECTIONS = ['domain', 'http', 'js'] as const;
type Section = (typeof SECTIONS)[number];

const SIZES = {
  warmup: 20,
  domainSequential: 500,
  domainConcurrent: 500,
  httpRequests: 600,
  concurrency: 8,
  /** As the wrk runs: 32 connections, each request a ticket from a new reporter. */
  httpConcurrency: 32,
};
const API_TOKEN = 'bench-support-api-token-0123456789abcdef';
/** Issue 13's goal for the contact page's JavaScript, gzip as transferred (cold, Chromium). Printed, never asserted. */
const JS_BUDGET_BYTES = 150 * 1024; // in the units the bench prints (kB = 1,024 bytes)
/** A portal page with no client components of its own: what every page of the portal loads at least. */
const FLOOR_PAGE = '/pomoc/logowanie/blad';
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

function sections(argv: string[]): Set<Section> {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (!only) return new Set(SECTIONS);
  const chosen = only.split(',').map((s) => s.trim());
  for (const name of chosen) {
    if (!SECTIONS.includes(name as Section)) {
      console.error(`Unknown section ${name}; choose from ${SECTIONS.join(', ')}`);
      process.exit(2);
    }
  }
  return new Set(chosen as Section[]);
}

async function benchDomain(): Promise<LoadResult[]> {
  // Imported here, after process.env points at the bench database: the app reads its env once.
  const { createTicket } = await import('../src/server/tickets/create');
  const { db } = await import('../src/server/db/client');
  const commands = Array.from({ length: SIZES.warmup + SIZES.domainSequential + SIZES.domainConcurrent }, (_, i) => {
    const { reporter, ...fields } = apiTicketSchema.parse(ticketInput(i));
    return { fields, reporter, channel: 'API' as const };
  });
  let offset = 0;
  const create = async (i: number) => {
    const command = commands[offset + i];
    if (!command) throw new Error(`no input #${offset + i}`);
    const result = await createTicket(command);
    if (!result.ok) throw new Error(`createTicket refused: ${JSON.stringify(result.error)}`);
  };
  try {
    await runLoad('warm-up', { total: SIZES.warmup, concurrency: 1 }, create);
    offset = SIZES.warmup;
    const sequential = await runLoad('createTicket(), sequential', { total: SIZES.domainSequential, concurrency: 1 }, create);
    offset += SIZES.domainSequential;
    const concurrent = await runLoad(
      'createTicket(), concurrent',
      { total: SIZES.domainConcurrent, concurrency: SIZES.concurrency },
      create,
    );
    return [sequential, concurrent];
  } finally {
    await db().$disconnect();
  }
}

/**
 * The same load against the app and against the bare ceiling server (bench/ceiling-server.ts: node:http + pg, the
 * same rows in one transaction): both figures and their ratio, measured in the same run on the same database.
 */
async function benchHttp(appUrl: string, ceilingUrl: string): Promise<{ results: LoadResult[]; ratio: number }> {
  let base = 100_000;
  const poster = (url: string) => async (i: number) => {
    const response = await fetch(`${url}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json', 'accept-language': 'pl' },
      body: JSON.stringify(newReporterInput(base + i)),
    });
    const body = await response.text();
    if (response.status !== 201) throw new Error(`HTTP ${response.status}: ${body.slice(0, 300)}`);
  };
  const run = async (label: string, url: string) => {
    await runLoad('warm-up', { total: SIZES.warmup * 2, concurrency: SIZES.httpConcurrency }, poster(url));
    base += 10_000;
    const result = await runLoad(label, { total: SIZES.httpRequests, concurrency: SIZES.httpConcurrency }, poster(url));
    base += 10_000;
    return result;
  };
  const ceiling = await run('ceiling: node:http + pg, same transaction', ceilingUrl);
  const app = await run('POST /api/v1/tickets (next start)', appUrl);
  const rate = (r: LoadResult) => (r.total - r.errors) / r.seconds;
  return { results: [ceiling, app], ratio: rate(app) / rate(ceiling) };
}

async function main() {
  const chosen = sections(process.argv.slice(2));
  const adminUrl = testPgUrl();
  const needsServer = chosen.has('http') || chosen.has('js');
  let database: ThrowawayDatabase | undefined;
  let server: ChildProcess | undefined;
  let tempDir: string | undefined;
  const failures: string[] = [];
  const load: LoadResult[] = [];
  let scripts: ScriptBytes[] | undefined;
  let floor: ScriptBytes[] | undefined;
  let html: { raw: number; gzip: number } | undefined;
  let ceiling: ChildProcess | undefined;
  let ratio: number | undefined;

  const stopAll = async () => {
    if (server) await stopChild(server);
    if (ceiling) await stopChild(ceiling);
    await database?.drop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void stopAll().finally(() => process.exit(130)));
  }

  try {
    const version = await pgVersion(adminUrl);
    console.log(`Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${version}`);
    await dropStaleDatabases(adminUrl, 'vouchie_bench_', STALE_AFTER_MS);
    database = await createThrowawayDatabase(adminUrl, 'vouchie_bench_');
    await applyMigrations(database.url);
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'vouchie-bench-'));
    console.log(`Database ${database.name}, sections: ${[...chosen].join(', ')}`);

    const port = needsServer ? await freePort() : 0;
    const appUrl = `http://127.0.0.1:${port}`;
    const { SMTP_URL: _smtpUrl, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      AUTH_SECRET: 'bench-auth-secret-not-for-production-0123456789',
      AUTH_TRUST_HOST: 'true',
      SUPPORT_API_TOKEN: API_TOKEN,
      APP_URL: appUrl,
      STORAGE_DIR: path.join(tempDir, 'uploads'),
      MAIL_CAPTURE_DIR: path.join(tempDir, 'mail'),
      LOG_LEVEL: 'warn',
      // The bench files hundreds of tickets from a handful of addresses on purpose.
      RATE_LIMIT_TICKETS_PER_IP: '1000000',
      RATE_LIMIT_TICKETS_PER_EMAIL: '1000000',
      NEXT_TELEMETRY_DISABLED: '1',
    };

    if (chosen.has('domain')) {
      Object.assign(process.env, env);
      console.log('\n[domain] createTicket() in this process…');
      try {
        load.push(...(await benchDomain()));
      } catch (error) {
        failures.push(`domain: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    if (needsServer) {
      if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(path.join(REPO_ROOT, '.next/BUILD_ID'))) {
        console.log('\nBENCH_SKIP_BUILD=1: using the existing .next build');
      } else {
        console.log('\nBuilding (next build)…');
        await runToCompletion('build', bin('next'), ['build'], { env });
      }
      server = spawnPrefixed('next', bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { env });
      const exited = new Promise<never>((_, reject) => server?.once('exit', (code) => reject(new Error(`next start exited (${code})`))));
      exited.catch(() => undefined);
      await Promise.race([waitForHttpOk(`${appUrl}/api/health`, 60_000), exited]);

      if (chosen.has('http')) {
        console.log(`\n[http] POST /api/v1/tickets, ${SIZES.httpConcurrency} clients, against the app and the bare ceiling…`);
        const ceilingPort = await freePort();
        ceiling = spawnPrefixed('ceiling', bin('tsx'), ['bench/ceiling-server.ts', String(ceilingPort)], {
          env: { ...env, BENCH_TOKEN: API_TOKEN },
        });
        try {
          await waitForPort(ceilingPort);
          const http = await benchHttp(appUrl, `http://127.0.0.1:${ceilingPort}`);
          load.push(...http.results);
          ratio = http.ratio;
        } catch (error) {
          failures.push(`http: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (chosen.has('js')) {
        console.log('\n[js] cold load of /pomoc/kontakt in Chromium…');
        try {
          scripts = await measureScriptBytes(`${appUrl}/pomoc/kontakt`);
          floor = await measureScriptBytes(`${appUrl}${FLOOR_PAGE}`);
          // The document itself carries the messages sent to client components (the RSC payload), not counted above.
          const body = Buffer.from(await (await fetch(`${appUrl}/pomoc/kontakt`)).arrayBuffer());
          html = { raw: body.length, gzip: gzipSync(body).length };
        } catch (error) {
          failures.push(`js: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  } finally {
    await stopAll();
  }

  report(load, scripts, floor, html);
  if (ratio !== undefined) console.log(`\nAPI / ceiling: ${(ratio * 100).toFixed(1)} % (requests per second, same load, same run)`);
  for (const failure of failures) console.error(`\nNot measured: ${failure}`);
  for (const result of load.filter((r) => r.firstError))
    console.error(`\n${result.label}: ${result.errors} errors, first: ${result.firstError}`);
  process.exitCode = failures.length ? 1 : 0;
}

function report(
  load: LoadResult[],
  scripts: ScriptBytes[] | undefined,
  floor: ScriptBytes[] | undefined,
  html: { raw: number; gzip: number } | undefined,
) {
  if (load.length) {
    console.log(`\nTicket creation (latency per call; "per s" = calls / wall time)\n`);
    console.log(table(LOAD_HEADERS, loadRows(load), LOAD_ALIGN));
  }
  if (scripts) {
    const sum = (pick: (s: ScriptBytes) => number) => scripts.reduce((total, s) => total + pick(s), 0);
    const wire = scripts.every((s) => s.transferred >= 0) ? kB(sum((s) => s.transferred)) : 'n/a';
    const rows = scripts.map((s) => [
      new URL(s.url).pathname.replace(/^\/_next\/static\//, '…/'),
      kB(s.raw),
      kB(s.gzip),
      s.transferred >= 0 ? kB(s.transferred) : 'n/a',
    ]);
    rows.push(['total', kB(sum((s) => s.raw)), kB(sum((s) => s.gzip)), wire]);
    console.log(`\nJavaScript loaded by /pomoc/kontakt (cold, Chromium; ${scripts.length} scripts)\n`);
    console.log(table(['script', 'raw', 'gzip', 'transferred'], rows, [false, true, true, true]));
    const gzip = sum((s) => s.gzip);
    const verdict = gzip <= JS_BUDGET_BYTES ? 'within' : `over by ${kB(gzip - JS_BUDGET_BYTES)}`;
    console.log(`\nContact page JavaScript: ${kB(gzip)} gzip; budget ${kB(JS_BUDGET_BYTES)} (issue 13): ${verdict}`);
    if (floor) {
      const floorGzip = floor.reduce((total, s) => total + s.gzip, 0);
      console.log(
        `Floor: ${FLOOR_PAGE} (the portal's chrome, no client code of its own) loads ${kB(floorGzip)} gzip in ${floor.length} scripts; ` +
          `the contact page adds ${kB(gzip - floorGzip)}`,
      );
    }
    if (html) console.log(`HTML of /pomoc/kontakt (anonymous): ${kB(html.raw)} raw, ${kB(html.gzip)} gzip`);
  }
}

/** Resolves once something accepts TCP connections on the loopback port. */
async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function pgVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SELECT split_part(version(), ' on ', 1) AS v");
    return rows[0]?.v ?? 'PostgreSQL';
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
