/**
 * The e2e stack, started by Playwright's `webServer` (or by hand: `npx tsx tests/e2e/server.ts`):
 * a fresh database on the real Postgres at TEST_PG_URL, migrated and seeded, a production build served by
 * `next start`, and the outbox worker. Mail is captured to a folder (no SMTP_URL). Where everything lives is
 * written to tests/e2e/.artifacts/stack-<port>.json for the tests (one stack per Playwright project). On
 * SIGTERM/SIGINT, or when a child dies, the children are stopped and the database and temporary folder are
 * removed (kept with E2E_KEEP=1).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../../src/server/db/schema-engine';
import { ensureBuild } from './build';
import {
  ARTIFACTS_DIR,
  bin,
  createThrowawayDatabase,
  dropStaleDatabases,
  E2E_PORT,
  freePort,
  isPortFree,
  REPO_ROOT,
  runToCompletion,
  spawnPrefixed,
  STACK_FILE,
  stopChild,
  testPgUrl,
  waitForHttpOk,
  type E2eStack,
  type ThrowawayDatabase,
} from './stack';

const AUTH_SECRET = 'e2e-auth-secret-not-for-production-0123456789';
const SUPPORT_API_TOKEN = 'e2e-support-api-token-0123456789abcdef';
const VOUCHIE_SSO_SECRET = 'e2e-vouchie-panel-sso-secret-0123456789abcdef';
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;
const SEED_FILE = path.join(REPO_ROOT, 'prisma/seed.ts');
const WORKER_FILE = path.join(REPO_ROOT, 'src/server/jobs/worker-main.ts');

const keep = process.env.E2E_KEEP === '1';
const children = new Set<ChildProcess>();
let database: ThrowawayDatabase | undefined;
let tempDir: string | undefined;
let shuttingDown = false;

const log = (message: string) => console.log(`[e2e-stack] ${message}`);

function track(child: ChildProcess) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

async function shutdown(code: number, reason: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`stopping (${reason})`);
  await Promise.all([...children].map((child) => stopChild(child)));
  if (keep) {
    log(`E2E_KEEP=1: kept database ${database?.name ?? '-'} and ${tempDir ?? '-'}`);
  } else {
    await database?.drop().catch((error: unknown) => console.error(`[e2e-stack] could not drop ${database?.name}:`, error));
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    await rm(STACK_FILE, { force: true });
  }
  process.exit(code);
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown(0, signal));
}

/** A long-running child: if it stops while the stack is up, the whole stack stops with a failure. */
function startService(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawnPrefixed(label, command, args, { env });
  track(child);
  child.once('exit', (code, signal) => {
    if (!shuttingDown) void shutdown(1, `${label} exited (${signal ? `signal ${signal}` : `code ${code}`})`);
  });
  return child;
}

async function writeStackFile(stack: E2eStack) {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const temp = `${STACK_FILE}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(stack, null, 2)}\n`);
  await rename(temp, STACK_FILE);
}

async function main() {
  // The migration runner finds prisma/ from the working directory.
  if (path.resolve(process.cwd()) !== REPO_ROOT) throw new Error(`Run the e2e stack from the repository root (${REPO_ROOT}).`);
  const adminUrl = testPgUrl();
  const appUrl = `http://127.0.0.1:${E2E_PORT}`;
  // The worker's SMTP receiver gets a free port of its own, so stacks never fight over 2525.
  const smtpInboundPort = await freePort();
  // The chat widget test serves a plain host page on this port, as another site (localhost, not 127.0.0.1).
  const widgetHostPort = await freePort();

  if (!(await isPortFree(E2E_PORT))) {
    throw new Error(`Port ${E2E_PORT} is already in use (another e2e stack or server?). Stop it or set E2E_PORT.`);
  }

  const stale = await dropStaleDatabases(adminUrl, 'vouchie_e2e_', STALE_AFTER_MS);
  if (stale.length) log(`dropped stale databases: ${stale.join(', ')}`);

  database = await createThrowawayDatabase(adminUrl, 'vouchie_e2e_');
  log(`database ${database.url}`);
  const applied = await applyMigrations(database.url);
  log(`migrations applied: ${applied.join(', ') || '(none)'}`);

  tempDir = await mkdtemp(path.join(os.tmpdir(), 'vouchie-e2e-'));
  const storageDir = path.join(tempDir, 'uploads');
  const mailCaptureDir = path.join(tempDir, 'mail');
  await mkdir(storageDir, { recursive: true });
  await mkdir(mailCaptureDir, { recursive: true });
  log(`STORAGE_DIR=${storageDir}`);
  log(`MAIL_CAPTURE_DIR=${mailCaptureDir}`);
  const clockFile = path.join(tempDir, 'clock');
  await writeFile(clockFile, '');

  await writeStackFile({
    appUrl,
    port: E2E_PORT,
    smtpInboundPort,
    databaseUrl: database.url,
    databaseName: database.name,
    storageDir,
    mailCaptureDir,
    tempDir,
    apiToken: SUPPORT_API_TOKEN,
    ssoSecret: VOUCHIE_SSO_SECRET,
    authSecret: AUTH_SECRET,
    clockFile,
    widgetHostPort,
    pid: process.pid,
    startedAt: new Date().toISOString(),
  });
  log(`wrote ${path.relative(REPO_ROOT, STACK_FILE)}`);

  // No SMTP_URL: the worker captures mail to MAIL_CAPTURE_DIR instead of sending it.
  const { SMTP_URL: _smtpUrl, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    AUTH_SECRET,
    AUTH_TRUST_HOST: 'true',
    SUPPORT_API_TOKEN,
    VOUCHIE_SSO_SECRET,
    SMTP_INBOUND_PORT: String(smtpInboundPort),
    // Sign-in limits are tested in tests/integration/sign-in.test.ts; e2e walks sign in many times from one address.
    RATE_LIMIT_SIGN_IN_PER_IP: '10000',
    // Visitor chat starts are limited per IP (tested in tests/integration/chat-visitor.test.ts); e2e starts several.
    RATE_LIMIT_CHAT_VISITOR_STARTS_PER_IP: '1000',
    APP_URL: appUrl,
    STORAGE_DIR: storageDir,
    MAIL_CAPTURE_DIR: mailCaptureDir,
    DEMO_MODE: 'true',
    // Chat tests put the app inside or outside chat hours by writing an instant here (src/server/clock.ts).
    TEST_CLOCK_FILE: clockFile,
    CHAT_WIDGET_ORIGINS: `http://localhost:${widgetHostPort}`,
    // Four stacks per run share the machine's Postgres (max_connections) with other runs: idle connections go early.
    DATABASE_IDLE_MS: '10000',
    // Tests wait for captured mail: a short poll keeps them quick.
    WORKER_POLL_MS: process.env.WORKER_POLL_MS ?? '200',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  };

  if (!existsSync(SEED_FILE)) throw new Error(`${path.relative(REPO_ROOT, SEED_FILE)} is missing: the e2e stack needs the demo seed.`);
  await runToCompletion('seed', bin('tsx'), [SEED_FILE], { env }, track);

  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(path.join(REPO_ROOT, '.next/BUILD_ID'))) {
    log('E2E_SKIP_BUILD=1: using the existing .next build');
  } else {
    // Usually made already by `npm test` while the earlier stages ran: then this only compares a hash.
    const build = await ensureBuild({ track });
    log(build === 'reused' ? 'the .next build is of the current sources: reused' : 'built .next');
  }

  if (!existsSync(WORKER_FILE))
    throw new Error(`${path.relative(REPO_ROOT, WORKER_FILE)} is missing: the e2e stack needs the outbox worker.`);
  // Kept-alive connections stay open for a minute (Node's default is 5 s): a test's API client that sat idle about
  // that long while a browser did its part reused a socket the server was closing at that very moment (ECONNRESET).
  startService('next', bin('next'), ['start', '-p', String(E2E_PORT), '-H', '127.0.0.1', '--keepAliveTimeout', '60000'], env);
  // As `npm run worker` (node with tsx as a loader): the SIGTERM at the end reaches the worker itself.
  startService('worker', process.execPath, ['--import', 'tsx', WORKER_FILE], env);

  await waitForHttpOk(`${appUrl}/api/health`, 120_000, () => shuttingDown);
  log(`ready at ${appUrl}`);
}

main().catch((error: unknown) => {
  if (shuttingDown) return;
  console.error('[e2e-stack] failed:', error instanceof Error ? error.message : error);
  void shutdown(1, 'setup failed');
});
