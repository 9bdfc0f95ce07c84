import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ensureBuild } from '../e2e/build';
import { freePort } from '../support/ports';

/**
 * The app's real processes for tests that need them (`next start` from the checked build, the worker), on this
 * file's database (DATABASE_URL from setup-db.ts) unless told otherwise. Their JSON log lines are kept for
 * assertions; a process that exits early fails whoever waits for it.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name);

export interface RunningProcess {
  child: ChildProcess;
  /** Every stdout line that parsed as JSON (pino), in order. */
  logs: Record<string, unknown>[];
  /** stdout/stderr lines that were not JSON (kept for failure messages). */
  text: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then the exit; a process still running after `graceMs` is killed and reported. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface WebInstance extends RunningProcess {
  url: string;
}

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  const text: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{')) {
          try {
            logs.push(JSON.parse(line) as Record<string, unknown>);
            continue;
          } catch {
            // not a log line after all
          }
        }
        if (line.trim()) text.push(`[${label}] ${line}`);
      }
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    logs,
    text,
    exited,
    async stop(graceMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Environment shared by the app's processes in tests: this file's database, quick polling, JSON logs at info. */
export function appEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    NEXT_TELEMETRY_DISABLED: '1',
    SMTP_INBOUND_PORT: '0',
    WORKER_POLL_MS: '200',
    ...overrides,
  };
}

async function waitForReady(url: string, processExited: Promise<unknown>, timeoutMs: number): Promise<void> {
  let exited = false;
  void processExited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(`${url}/api/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(exited ? `${url}: the server exited while starting` : `${url}: not ready within ${timeoutMs} ms`);
}

/** Builds first if the sources changed since the last build (shared with e2e, under its lock). */
export async function prepareBuild(): Promise<void> {
  await ensureBuild({ onLine: () => undefined });
}

export async function startWeb(env: NodeJS.ProcessEnv): Promise<WebInstance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = run(`web:${port}`, bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { APP_URL: url, ...env });
  try {
    await waitForReady(url, proc.exited, 60_000);
  } catch (error) {
    await proc.stop(5_000);
    throw new Error(`${(error as Error).message}\n${proc.text.join('\n')}`);
  }
  return { ...proc, url };
}

export function startWorkerProcess(env: NodeJS.ProcessEnv): RunningProcess {
  // As `npm run worker`: node with tsx as a loader, so the SIGTERM reaches the worker itself (the tsx command kills a
  // child that has not acknowledged a relayed signal within ≈ 60 ms: a busy worker exited 143 without stopping).
  return run('worker', process.execPath, ['--import', 'tsx', 'src/server/jobs/worker-main.ts'], env);
}

/** Resolves once a log line matching `match` has been written (checked as lines arrive). */
export async function logLine(
  proc: RunningProcess,
  match: (line: Record<string, unknown>) => boolean,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = proc.logs.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms\n${proc.text.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
