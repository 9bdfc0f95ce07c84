import { describe, expect, it } from 'vitest';
import { playwrightCounts, vitestCounts } from '@/cli/test-report';

// Trimmed from what `vitest run --reporter=json` wrote for a file whose afterAll timed out after its test passed.
const hookTimedOut = {
  numPassedTests: 3,
  numFailedTests: 0,
  numFailedTestSuites: 1,
  success: false,
  testResults: [
    {
      name: '/repo/tests/integration/storage-s3.test.ts',
      status: 'failed',
      message: 'Hook timed out in 60000ms.\nIf this is a long-running hook, pass a timeout value as the last argument',
      assertionResults: [{ title: 'passes', status: 'passed' }],
    },
    { name: '/repo/tests/integration/outbox.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed' }] },
    {
      name: '/repo/tests/integration/chat.test.ts',
      status: 'failed',
      message: '',
      assertionResults: [{ status: 'passed' }, { status: 'failed' }],
    },
  ],
};

describe("npm test reading vitest's report", () => {
  it('counts a file that failed outside its tests as one failure and names it', () => {
    const counts = vitestCounts({ ...hookTimedOut, numFailedTests: 1 }, '/repo');
    expect(counts.passed).toBe(3);
    expect(counts.failed).toBe(2);
    expect(counts.failedFiles).toEqual(['tests/integration/storage-s3.test.ts: Hook timed out in 60000ms.']);
  });

  it('does not count a file twice when one of its tests failed', () => {
    const counts = vitestCounts({ numPassedTests: 1, numFailedTests: 1, testResults: [hookTimedOut.testResults[2]] }, '/repo');
    expect(counts).toEqual({ passed: 1, failed: 1, failedFiles: [] });
  });

  it('reads an empty or malformed report as nothing run', () => {
    expect(vitestCounts({}, '/repo')).toEqual({ passed: 0, failed: 0, failedFiles: [] });
    expect(vitestCounts(null, '/repo')).toEqual({ passed: 0, failed: 0, failedFiles: [] });
  });
});

describe("npm test reading Playwright's report", () => {
  it('counts flaky tests as passed and unexpected ones as failed', () => {
    expect(playwrightCounts({ stats: { expected: 10, flaky: 2, unexpected: 1, skipped: 0 } })).toEqual({ passed: 12, failed: 1 });
  });
});
