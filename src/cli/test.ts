/**
 * `npm test`: every check CI runs, in order, stopping at the first failure. The last line is always
 * `N passed, M failed` (tests of vitest + Playwright; a stage that fails without a failing test, such as the
 * type check, counts as one failure so that a failed run never reads "0 failed"). Exit code 0 only if all passed.
 *
 *   npm test                              all stages
 *   npm test -- --only=unit,integration   some stages (typecheck, lint, unit, integration, e2e)
 *
 * First it brings up what the stages need (src/cli/test-machine.ts): PostgreSQL started if installed but down,
 * Chromium and Dovecot installed from Debian when missing (as root; otherwise it says what to run). Then, to fit
 * two cores: typecheck, lint and unit run side by side while the e2e production build is made (skipped when
 * .next holds a build of the current sources, tests/e2e/build.ts); integration follows, then e2e.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuild } from '../../tests/e2e/build';
import { PLAYWRIGHT_RESULTS_FILE, REPO_ROOT } from '../../tests/e2e/stack';
import { playwrightCounts, vitestCounts, type Counts } from './test-report';
import { prepareMachine } from './test-machine';

const STAGE_NAMES = ['typecheck', 'lint', 'unit', 'integration', 'e2e'] as const;
type StageName = (typeof STAGE_NAMES)[number];

interface Stage {
  name: StageName;
  title: string;
  args: string[];
  /** What runs the args: `npx` (a local tool) unless it says `npm` (a package.json script). */
  runner?: 'npx' | 'npm';
  /** Where the stage's JSON report lands and how to count its tests; none for tsc and eslint. */
  report?: { file: string; count(json: unknown): Counts };
}

interface Outcome {
  stage: Stage;
  ok: boolean;
  counts?: Counts;
  seconds: number;
  /** For a stage that failed without a failing test: the lines of its output that say why (printed in the summary). */
  why?: string[];
}

const reportDir = mkdtempSync(path.join(os.tmpdir(), 'vouchie-test-'));
process.on('exit', () => rmSync(reportDir, { recursive: true, force: true }));

function vitestStage(project: 'unit' | 'integration'): Stage {
  const file = path.join(reportDir, `vitest-${project}.json`);
  return {
    name: project,
    title: `${project} tests: vitest --project ${project}`,
    args: [
      'vitest',
      'run',
      '--config',
      'tests/vitest.config.ts',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${file}`,
    ],
    report: { file, count: (json) => vitestCounts(json, REPO_ROOT) },
  };
}

const STAGES: Stage[] = [
  { name: 'typecheck', title: 'type check: tsc --noEmit', args: ['tsc', '--noEmit'] },
  // ESLint (rules and import boundaries), then Prettier's check: the very `npm run lint` a developer runs.
  { name: 'lint', title: 'lint: eslint . && prettier --check .', runner: 'npm', args: ['run', '--silent', 'lint'] },
  vitestStage('unit'),
  vitestStage('integration'),
  {
    name: 'e2e',
    title: 'e2e tests: playwright test (Chromium, production build, real Postgres)',
    args: ['playwright', 'test', '--config', 'tests/e2e/playwright.config.ts'],
    report: { file: PLAYWRIGHT_RESULTS_FILE, count: playwrightCounts },
  },
];

function usage(problem: string): never {
  console.error(`${problem}\nUsage: npm test [-- --only=${STAGE_NAMES.join(',')}]`);
  process.exit(2);
}

function selectedStages(argv: string[]): Stage[] {
  let only: Set<string> | undefined;
  for (const arg of argv) {
    const match = /^--only=(.+)$/.exec(arg);
    if (!match?.[1]) usage(`Unknown argument: ${arg}`);
    only = new Set(
      match[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    for (const name of only) if (!STAGE_NAMES.includes(name as StageName)) usage(`Unknown stage: ${name}`);
  }
  return only ? STAGES.filter((s) => only.has(s.name)) : STAGES;
}

const running = new Set<ChildProcess>();
let interrupted = false;

// Ctrl-C reaches the children too (same process group); we stay alive to print the summary once they have stopped.
process.on('SIGINT', () => {
  interrupted = true;
});
process.on('SIGTERM', () => {
  interrupted = true;
  for (const child of running) child.kill('SIGTERM');
});

function track(child: ChildProcess) {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/**
 * Runs `npx <args>` (or `npm <args>`). With `buffer`, the output is kept and handed back instead of printed, so that stages running
 * side by side print one after another rather than interleaved.
 */
function run(args: string[], buffer = false, runner: 'npx' | 'npm' = 'npx'): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const chunks: string[] = [];
    const child = spawn(runner, args, { cwd: REPO_ROOT, stdio: ['ignore', buffer ? 'pipe' : 'inherit', buffer ? 'pipe' : 'inherit'] });
    track(child);
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    child.once('error', (error) => {
      chunks.push(`Could not start ${runner} ${args.join(' ')}: ${error.message}\n`);
    });
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output: chunks.join('') }));
  });
}

function readCounts(stage: Stage): Counts | undefined {
  if (!stage.report || !existsSync(stage.report.file)) return undefined;
  try {
    return stage.report.count(JSON.parse(readFileSync(stage.report.file, 'utf8')));
  } catch {
    return undefined;
  }
}

function pad(text: string, width: number) {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function printSummary(outcomes: Outcome[], skipped: Stage[], preflightFailed: boolean): number {
  let passed = 0;
  let failed = preflightFailed ? 1 : 0;
  const notes: string[] = [];
  console.log('\n==> Summary');
  for (const { stage, ok, counts, seconds } of outcomes) {
    passed += counts?.passed ?? 0;
    failed += counts?.failed ?? 0;
    if (!ok && !counts?.failed) {
      failed += 1;
      notes.push(`${stage.name} failed without a failing test (counted as 1 failure)`);
    }
    const tests = counts ? `${counts.passed} passed, ${counts.failed} failed` : stage.report ? 'no report' : '';
    console.log(`  ${pad(stage.name, 12)} ${pad(ok ? 'ok' : 'FAILED', 7)} ${pad(tests, 24)} ${seconds.toFixed(1)} s`);
  }
  for (const stage of skipped) console.log(`  ${pad(stage.name, 12)} not run`);
  if (preflightFailed) notes.push('preflight check failed (counted as 1 failure)');
  for (const note of notes) console.log(`  note: ${note}`);
  for (const { stage, counts } of outcomes) {
    for (const file of counts?.failedFiles ?? []) console.log(`  ${stage.name}: failed outside its tests: ${file}`);
  }
  for (const { stage, why } of outcomes) {
    if (why?.length) console.log(`  ${stage.name} said:\n${why.map((line) => `    ${line}`).join('\n')}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

/** Stages that run side by side first (all light on I/O, one core each), with the e2e build beside them. */
const FIRST_WAVE: readonly StageName[] = ['typecheck', 'lint', 'unit'];

/** The e2e build, started early; its output is printed when the e2e stage starts. */
interface BackgroundBuild {
  done: Promise<{ ok: boolean; what: string; seconds: number }>;
  lines: string[];
}

function startBuild(): BackgroundBuild {
  const lines: string[] = [];
  const started = performance.now();
  const done = ensureBuild({ onLine: (line) => lines.push(line), track }).then(
    (what) => ({
      ok: true,
      what: what === 'reused' ? 'reused the build of the current sources' : 'built',
      seconds: (performance.now() - started) / 1000,
    }),
    (error: unknown) => ({
      ok: false,
      what: error instanceof Error ? error.message : String(error),
      seconds: (performance.now() - started) / 1000,
    }),
  );
  return { done, lines };
}

/**
 * What a run's output says about a failure that no test owns: vitest's "Unhandled Errors" block (an error thrown
 * outside any test, which fails the run with every test green), else the last error lines. The summary repeats
 * them, since a long e2e output printed after a side-by-side stage pushes them out of a CI log's tail.
 */
function failureLines(output: string): string[] {
  const lines = output // without the ANSI colour codes vitest writes
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n');
  const start = lines.findIndex((line) => /Unhandled (Errors|Rejection)/.test(line));
  const picked = start >= 0 ? lines.slice(start, start + 20) : lines.filter((line) => /\berror\b/i.test(line)).slice(-10);
  return picked.map((line) => line.trimEnd()).filter(Boolean);
}

async function runStage(stage: Stage, label: string, buffer: boolean): Promise<Outcome> {
  const header = `\n==> ${label} ${stage.title}\n$ ${stage.runner ?? 'npx'} ${stage.args.join(' ')}`;
  if (!buffer) console.log(header);
  if (stage.report) rmSync(stage.report.file, { force: true });
  const started = performance.now();
  const { code, output } = await run(stage.args, buffer, stage.runner);
  if (buffer) process.stdout.write(`${header}\n${output}`);
  const outcome: Outcome = {
    stage,
    ok: code === 0 && !interrupted,
    counts: readCounts(stage),
    seconds: (performance.now() - started) / 1000,
  };
  if (!outcome.ok) console.log(`\n==> ${stage.name} failed (exit code ${code})${interrupted ? ', interrupted' : ''}.`);
  if (!outcome.ok && !outcome.counts?.failed) outcome.why = failureLines(output);
  return outcome;
}

async function main(): Promise<number> {
  const stages = selectedStages(process.argv.slice(2));
  const label = (stage: Stage) => `[${stages.indexOf(stage) + 1}/${stages.length}]`;
  const { problems } = await prepareMachine(new Set(stages.map((s) => s.name)));
  if (problems.length) {
    for (const problem of problems) console.error(`\nCannot run the tests: ${problem}`);
    printSummary([], stages, true);
    return 1;
  }

  const wantsBuild = stages.some((s) => s.name === 'e2e');
  let build: BackgroundBuild | undefined;
  const outcomes: Outcome[] = [];
  const first = stages.filter((s) => FIRST_WAVE.includes(s.name));
  if (first.length) {
    console.log(
      `\n==> ${first.map((s) => s.name).join(', ')} side by side${wantsBuild ? ', and the e2e build' : ''} (each one's output when it ends)`,
    );
    const wave = first.map((stage) => {
      const outcome = runStage(stage, label(stage), first.length > 1);
      // tsc reads .next/types, which the build rewrites: the build starts once the type check has passed.
      if (stage.name === 'typecheck' && wantsBuild) {
        void outcome.then((o) => {
          if (o.ok && !interrupted) build = startBuild();
        });
      }
      return outcome;
    });
    if (wantsBuild && !first.some((s) => s.name === 'typecheck')) build = startBuild();
    outcomes.push(...(await Promise.all(wave)));
  } else if (wantsBuild) {
    build = startBuild();
  }
  // Integration and e2e side by side: the integration tests mostly wait on Postgres while Playwright starts its
  // four stacks (migrations, seed, next start) and the first browsers; each one's output is printed when it ends.
  const later = stages.filter((s) => !FIRST_WAVE.includes(s.name));
  if (later.length && !interrupted && !outcomes.some((o) => !o.ok)) {
    const side = later.length > 1;
    if (side) console.log(`\n==> ${later.map((s) => s.name).join(' and ')} side by side (each one's output when it ends)`);
    const results = await Promise.all(
      later.map(async (stage): Promise<Outcome> => {
        if (stage.name === 'e2e' && build) {
          const result = await build.done;
          console.log(`\n==> e2e build (next build, ${result.seconds.toFixed(1)} s): ${result.what}`);
          if (build.lines.length) console.log(build.lines.map((line) => `[build] ${line}`).join('\n'));
          if (!result.ok) return { stage, ok: false, seconds: result.seconds };
        }
        return runStage(stage, label(stage), side);
      }),
    );
    outcomes.push(...results);
  }
  // A failed stage ends the run: a build still going is stopped.
  for (const child of running) child.kill('SIGTERM');

  const ran = new Set(outcomes.map((o) => o.stage));
  const failed = printSummary(
    outcomes,
    stages.filter((s) => !ran.has(s)),
    false,
  );
  if (interrupted) return 130;
  return failed > 0 || outcomes.length < stages.length ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
