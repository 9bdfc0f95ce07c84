import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, bin, REPO_ROOT } from './stack';

/**
 * The production build the e2e stack serves, made once and reused while its inputs are unchanged: a stamp in
 * .next/ holds a hash of every file the build reads (sources, messages, public/, configs, the lock file). The test
 * runner (src/cli/test.ts) builds it while the type check, lint and unit tests run; tests/e2e/server.ts calls the
 * same function, which then finds the stamp current and starts at once.
 */

const STAMP_FILE = path.join(REPO_ROOT, '.next/vouchie-build-stamp');
const BUILD_ID_FILE = path.join(REPO_ROOT, '.next/BUILD_ID');
const LOCK_DIR = path.join(ARTIFACTS_DIR, 'build.lock');
const INPUT_DIRS = ['src', 'public'];
const INPUT_FILES = ['next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs', 'prisma/schema.prisma'];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A hash of the build's inputs: their paths and contents, in a stable order. */
export function buildInputsHash(): string {
  const files = [
    ...INPUT_DIRS.flatMap((dir) => filesUnder(path.join(REPO_ROOT, dir))),
    ...INPUT_FILES.map((file) => path.join(REPO_ROOT, file)).filter((file) => existsSync(file)),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(REPO_ROOT, file)).update('\0');
    hash.update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether .next holds a finished build of exactly the current inputs. */
export function buildIsCurrent(hash = buildInputsHash()): boolean {
  if (!existsSync(BUILD_ID_FILE) || !existsSync(STAMP_FILE)) return false;
  // A build finished after the stamp was written (e.g. `npm run build` by hand) is of unknown inputs.
  if (statSync(BUILD_ID_FILE).mtimeMs > statSync(STAMP_FILE).mtimeMs) return false;
  return readFileSync(STAMP_FILE, 'utf8').trim() === hash;
}

/**
 * The environment `next build` runs in: nothing the app reads at run time is baked into the build (env is parsed
 * lazily, on first use), so no stack's database or port is needed. The type check is skipped: `npm test` runs
 * `tsc --noEmit` as a stage of its own.
 */
export function buildEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', VOUCHIE_BUILD_SKIP_TYPECHECK: '1' };
}

export interface EnsureBuildOptions {
  /** Rebuild even when the stamp is current. */
  force?: boolean;
  /** Gets the build's output, line by line (default: our stdout, each line prefixed `[build]`). */
  onLine?: (line: string) => void;
  /** Gets the `next build` child once started, e.g. to stop it. */
  track?: (child: ChildProcess) => void;
}

function runBuild(onLine: (line: string) => void, track: (child: ChildProcess) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin('next'), ['build'], { cwd: REPO_ROOT, env: buildEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
      stream.on('end', () => pending && onLine(pending));
    }
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`next build failed (${signal ? `signal ${signal}` : `exit code ${code}`})`)),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in the lock; 0 while its holder has not written it yet (or has just removed the lock). */
function lockHolder(): number {
  try {
    return Number(readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8')) || 0;
  } catch {
    return 0;
  }
}

/** One build at a time in this checkout (the two projects' stacks start together): waits for the holder to finish. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder();
      // A holder that died (or had not written its pid yet and then died) leaves a stale lock behind.
      if (holder && !alive(holder)) rmSync(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** Builds unless the current inputs were built already; resolves with what it did. */
export async function ensureBuild({
  force = false,
  onLine = (line) => process.stdout.write(`[build] ${line}\n`),
  track = () => undefined,
}: EnsureBuildOptions = {}): Promise<'reused' | 'built'> {
  if (!force && buildIsCurrent()) return 'reused';
  return withBuildLock(async () => {
    // Another process may have built it while this one waited for the lock.
    const hash = buildInputsHash();
    if (!force && buildIsCurrent(hash)) return 'reused';
    await runBuild(onLine, track);
    // Inputs edited during the build make its output of unknown inputs: leave no stamp, the next run builds again.
    if (buildInputsHash() === hash) writeFileSync(STAMP_FILE, `${hash}\n`);
    return 'built';
  });
}
