/**
 * `npm test`: every check CI runs, in order, stopping at the first failure. The last line is always
 * `N passed, M failed` (tests of vitest + Playwright; a stage that fails without a failing test, such as the
 * type check, counts as one failure so that a failed run never reads "0 failed"). Exit code 0 only if all passed.
 *
 *   npm test                              all stages
 *   npm test -- --only=unit,integration   some stages (typecheck, lint, unit, integration, e2e)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CHROMIUM_EXECUTABLE,
  checkPostgres,
  PLAYWRIGHT_RESULTS_FILE,
  REPO_ROOT,
  START_POSTGRES_HINT,
  testPgUrl,
} from '../../tests/e2e/stack';

const STAGE_NAMES = ['typecheck', 'lint', 'unit', 'integration', 'e2e'] as const;
type StageName = (typeof STAGE_NAMES)[number];

interface Counts {
  passed: number;
  failed: number;
}

interface Stage {
  name: StageName;
  title: string;
  args: string[];
  /** Where the stage's JSON report lands and how to count its tests; none for tsc and eslint. */
  report?: { file: string; count(json: unknown): Counts };
}

interface Outcome {
  stage: Stage;
  ok: boolean;
  counts?: Counts;
  seconds: number;
}

const reportDir = mkdtempSync(path.join(os.tmpdir(), 'vouchie-test-'));
process.on('exit', () => rmSync(reportDir, { recursive: true, force: true }));

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const field = (json: unknown, key: string): unknown =>
  typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;

const vitestCounts = (json: unknown): Counts => ({
  passed: num(field(json, 'numPassedTests')),
  failed: num(field(json, 'numFailedTests')),
});

const playwrightCounts = (json: unknown): Counts => {
  const stats = field(json, 'stats');
  return { passed: num(field(stats, 'expected')) + num(field(stats, 'flaky')), failed: num(field(stats, 'unexpected')) };
};

function vitestStage(project: 'unit' | 'integration'): Stage {
  const file = path.join(reportDir, `vitest-${project}.json`);
  return {
    name: project,
    title: `${project} tests: vitest --project ${project}`,
    args: [
      'vitest', 'run', '--config', 'tests/vitest.config.ts', '--project', project,
      '--reporter=default', '--reporter=json', `--outputFile.json=${file}`,
    ],
    report: { file, count: vitestCounts },
  };
}

const STAGES: Stage[] = [
  { name: 'typecheck', title: 'type check: tsc --noEmit', args: ['tsc', '--noEmit'] },
  { name: 'lint', title: 'lint: eslint .', args: ['eslint', '.'] },
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
    only = new Set(match[1].split(',').map((s) => s.trim()).filter(Boolean));
    for (const name of only) if (!STAGE_NAMES.includes(name as StageName)) usage(`Unknown stage: ${name}`);
  }
  return only ? STAGES.filter((s) => only.has(s.name)) : STAGES;
}

let current: ChildProcess | undefined;
let interrupted = false;

// Ctrl-C reaches the child too (same process group); we stay alive to print the summary once it has stopped.
process.on('SIGINT', () => {
  interrupted = true;
});
process.on('SIGTERM', () => {
  interrupted = true;
  current?.kill('SIGTERM');
});

function run(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    current = child;
    child.once('error', (error) => {
      console.error(`Could not start npx ${args.join(' ')}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
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

/** What the stages need from the machine, checked before anything slow starts. */
async function preflight(stages: Stage[]): Promise<string[]> {
  const problems: string[] = [];
  if (stages.some((s) => s.name === 'integration' || s.name === 'e2e')) {
    const url = testPgUrl();
    try {
      await checkPostgres(url);
    } catch (error) {
      problems.push(
        `PostgreSQL is not reachable at ${url} (${error instanceof Error ? error.message : String(error)}).\n` +
          `  Start the local server:  ${START_POSTGRES_HINT}\n` +
          '  or point TEST_PG_URL at a server where this user may CREATE DATABASE.',
      );
    }
  }
  if (stages.some((s) => s.name === 'e2e') && !existsSync(CHROMIUM_EXECUTABLE)) {
    problems.push(
      `${CHROMIUM_EXECUTABLE} is missing. Install Debian's Chromium: ` +
        'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium (Playwright cannot download browsers here).',
    );
  }
  return problems;
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
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

async function main(): Promise<number> {
  const stages = selectedStages(process.argv.slice(2));
  const problems = await preflight(stages);
  if (problems.length) {
    for (const problem of problems) console.error(`\nCannot run the tests: ${problem}`);
    printSummary([], stages, true);
    return 1;
  }

  const outcomes: Outcome[] = [];
  for (const [index, stage] of stages.entries()) {
    if (interrupted) break;
    console.log(`\n==> [${index + 1}/${stages.length}] ${stage.title}\n$ npx ${stage.args.join(' ')}`);
    if (stage.report) rmSync(stage.report.file, { force: true });
    const started = performance.now();
    const code = await run(stage.args);
    const outcome: Outcome = { stage, ok: code === 0 && !interrupted, counts: readCounts(stage), seconds: (performance.now() - started) / 1000 };
    outcomes.push(outcome);
    if (!outcome.ok) {
      console.log(`\n==> ${stage.name} failed (exit code ${code})${interrupted ? ', interrupted' : ''}: stopping here.`);
      break;
    }
  }

  const failed = printSummary(outcomes, stages.slice(outcomes.length), false);
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
