import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

/**
 * What the e2e harness (tests/e2e/server.ts), the Playwright config, the test runner and the bench share:
 * where things live, how Chromium is launched, and how a throwaway database and a child process are handled.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'tests/e2e/.artifacts');
export const PLAYWRIGHT_RESULTS_FILE = path.join(ARTIFACTS_DIR, 'results.json');
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
/**
 * Each Playwright project has a stack of its own (database, mail folder, next start, worker), so the projects run
 * side by side: desktop on E2E_PORT, phone on E2E_PHONE_PORT (default E2E_PORT + 1000).
 */
export const E2E_PHONE_PORT = Number(process.env.E2E_PHONE_PORT ?? E2E_PORT + 1000);
/** The accessibility checks run beside the other specs, on stacks of their own: desktop and phone. */
export const E2E_A11Y_PORT = Number(process.env.E2E_A11Y_PORT ?? E2E_PORT + 2000);
export const E2E_A11Y_PHONE_PORT = Number(process.env.E2E_A11Y_PHONE_PORT ?? E2E_PORT + 3000);

/** Where the stack serving `port` describes itself (written by tests/e2e/server.ts). */
export function stackFileFor(port: number): string {
  return path.join(ARTIFACTS_DIR, `stack-${port}.json`);
}
/** This process's stack: the one on E2E_PORT. */
export const STACK_FILE = stackFileFor(E2E_PORT);
export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const START_POSTGRES_HINT = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

export function testPgUrl(): string {
  return process.env.TEST_PG_URL || DEFAULT_TEST_PG_URL;
}

/** Debian's Chromium: Playwright's own browser download is not available here. */
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: CHROMIUM_EXECUTABLE,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

/** The contents of STACK_FILE. */
export interface E2eStack {
  appUrl: string;
  port: number;
  /** Where the worker's SMTP receiver listens (replies by e-mail go here). */
  smtpInboundPort: number;
  databaseUrl: string;
  databaseName: string;
  storageDir: string;
  mailCaptureDir: string;
  tempDir: string;
  apiToken: string;
  /** Signs SSO hand-off tokens the way the Vouchie panel does. */
  ssoSecret: string;
  authSecret: string;
  /** Chat-hours rules read "now" from here when it holds an ISO instant (TEST_CLOCK_FILE); empty = the real clock. */
  clockFile: string;
  /** The loopback port whose http://localhost origin is in CHAT_WIDGET_ORIGINS (the widget test's host page). */
  widgetHostPort: number;
  pid: number;
  startedAt: string;
}

export const bin = (name: string) => path.join(REPO_ROOT, 'node_modules/.bin', name);

export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates `<prefix><epoch ms>`; the timestamp in the name lets a later run drop what a killed run left behind. */
export async function createThrowawayDatabase(adminUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}${Date.now()}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  let dropped = false;
  return {
    name,
    url: withDatabase(adminUrl, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Drops `<prefix><epoch ms>` databases older than `maxAgeMs`: leftovers of runs that were killed outright. */
export async function dropStaleDatabases(adminUrl: string, prefix: string, maxAgeMs: number): Promise<string[]> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    const stale = rows
      .map((r) => r.datname)
      .filter((name) => {
        const stamp = Number(name.slice(prefix.length));
        return Number.isInteger(stamp) && stamp > 0 && Date.now() - stamp > maxAgeMs;
      });
    for (const name of stale) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return stale;
  } finally {
    await admin.end();
  }
}

/** Resolves when Postgres answers `SELECT 1`, rejects with the driver's reason otherwise. */
export async function checkPostgres(url: string, timeoutMs = 3000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

export { freePort, isPortFree } from '../support/ports';

/** Polls `url` until it answers 2xx; rejects at the deadline with the last status or error seen. */
export async function waitForHttpOk(url: string, timeoutMs: number, aborted: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (aborted()) throw new Error(`Stopped waiting for ${url}: ${last}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms (${last})`);
}

/** Copies a child's output to ours, every line prefixed with its name. */
function pipeWithPrefix(stream: NodeJS.ReadableStream | null, prefix: string, target: NodeJS.WriteStream) {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) target.write(`${prefix} ${line}\n`);
  });
  stream.on('end', () => {
    if (pending) target.write(`${prefix} ${pending}\n`);
  });
}

export function spawnPrefixed(label: string, command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { cwd: REPO_ROOT, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  pipeWithPrefix(child.stdout, `[${label}]`, process.stdout);
  pipeWithPrefix(child.stderr, `[${label}]`, process.stderr);
  return child;
}

/** Runs a command to completion; rejects on a non-zero exit. */
export function runToCompletion(
  label: string,
  command: string,
  args: string[],
  options: SpawnOptions,
  track: (child: ChildProcess) => void = () => undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnPrefixed(label, command, args, options);
    track(child);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`)),
    );
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
