import path from 'node:path';

/** What `npm test` reads from a stage's JSON report. */
export interface Counts {
  passed: number;
  failed: number;
  /** Test files that failed outside their tests (a hook that threw or timed out): "file: first line of the error". */
  failedFiles?: string[];
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const field = (json: unknown, key: string): unknown =>
  typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;

/**
 * Vitest's counts (its `json` reporter), plus the files that failed with every test green: a `beforeAll` or
 * `afterAll` that threw or timed out fails the file, and the run, without failing a test. Each such file counts as
 * one failure and is named, so a red run never reads "0 failed" and says where to look.
 */
export function vitestCounts(json: unknown, root = process.cwd()): Counts {
  const results = field(json, 'testResults');
  const failedFiles: string[] = [];
  for (const result of Array.isArray(results) ? results : []) {
    if (field(result, 'status') !== 'failed') continue;
    const assertions = field(result, 'assertionResults');
    if (Array.isArray(assertions) && assertions.some((assertion) => field(assertion, 'status') === 'failed')) continue;
    const name = String(field(result, 'name') ?? '?');
    const message = String(field(result, 'message') ?? '').split('\n')[0] || 'failed outside its tests';
    failedFiles.push(`${path.isAbsolute(name) ? path.relative(root, name) : name}: ${message}`);
  }
  return {
    passed: num(field(json, 'numPassedTests')),
    failed: num(field(json, 'numFailedTests')) + failedFiles.length,
    failedFiles,
  };
}

/** Playwright's counts (its `json` reporter): a flaky test passed on retry. */
export function playwrightCounts(json: unknown): Counts {
  const stats = field(json, 'stats');
  return { passed: num(field(stats, 'expected')) + num(field(stats, 'flaky')), failed: num(field(stats, 'unexpected')) };
}
