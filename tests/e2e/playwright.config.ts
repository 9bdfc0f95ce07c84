import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import {
  ARTIFACTS_DIR,
  CHROMIUM_LAUNCH_OPTIONS,
  E2E_A11Y_PHONE_PORT,
  E2E_A11Y_PORT,
  E2E_PHONE_PORT,
  E2E_PORT,
  PLAYWRIGHT_RESULTS_FILE,
  REPO_ROOT,
} from './stack';

const urlOf = (port: number) => `http://127.0.0.1:${port}`;

/** One stack per project (tests/e2e/server.ts on its own port, database and mail folder). */
function stackServer(port: number) {
  return {
    name: `stack :${port}`,
    command: `${path.join('node_modules', '.bin', 'tsx')} tests/e2e/server.ts`,
    cwd: REPO_ROOT,
    url: `${urlOf(port)}/api/health`,
    env: { E2E_PORT: String(port) },
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    // SIGTERM (not the default SIGKILL) so the harness can stop its children and drop its database.
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 20_000 },
  };
}

const DESKTOP = { browserName: 'chromium' as const, viewport: { width: 1280, height: 900 } };
const PHONE = { ...devices['Pixel 7'], browserName: 'chromium' as const };
const A11Y = /accessibility\.spec\.ts$/;

/**
 * Browser tests against a production build on real Postgres (tests/e2e/server.ts), in Debian's Chromium.
 * Chromium comes from Debian (/usr/bin/chromium): Playwright's own browser download is not reachable here.
 */
export default defineConfig({
  testDir: import.meta.dirname,
  testMatch: '**/*.spec.ts',
  outputDir: path.join(ARTIFACTS_DIR, 'test-results'),
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The four projects run side by side, each on its own stack; within a project, tests run one after another
  // (one database and mail folder per project). The accessibility checks (about half of the suite's time) have
  // projects of their own so they run beside the other specs. E2E_WORKERS=1 runs the projects one after another.
  workers: Number(process.env.E2E_WORKERS ?? 4),
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: PLAYWRIGHT_RESULTS_FILE }]],
  use: {
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
    // Traces cost CPU in every test (DOM snapshots at each action), and the suite is CPU-bound on two cores: they
    // are recorded with E2E_TRACE=1. A failed test always keeps its screenshot and page snapshot (error-context.md).
    trace: process.env.E2E_TRACE ? { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true } : 'off',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [
    {
      name: 'desktop',
      workers: 1,
      use: { ...DESKTOP, baseURL: urlOf(E2E_PORT) },
      testIgnore: A11Y,
    },
    // Server-to-server API and SMTP conversations look the same from every viewport: desktop project only.
    {
      name: 'phone',
      workers: 1,
      use: { ...PHONE, baseURL: urlOf(E2E_PHONE_PORT) },
      // Screen recording: phones cannot record the screen (no getDisplayMedia), which an emulated phone in desktop
      // Chromium cannot show.
      testIgnore: [/(api|email-reply|public-files|unverified-reply|action-bodies|screen-recording|agents-bulk-mail)\.spec\.ts$/, A11Y],
    },
    { name: 'a11y-desktop', workers: 1, use: { ...DESKTOP, baseURL: urlOf(E2E_A11Y_PORT) }, testMatch: A11Y },
    { name: 'a11y-phone', workers: 1, use: { ...PHONE, baseURL: urlOf(E2E_A11Y_PHONE_PORT) }, testMatch: A11Y },
  ],
  webServer: [E2E_PORT, E2E_PHONE_PORT, E2E_A11Y_PORT, E2E_A11Y_PHONE_PORT].map(stackServer),
});
