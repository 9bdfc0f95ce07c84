import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { ARTIFACTS_DIR, CHROMIUM_LAUNCH_OPTIONS, E2E_PORT, PLAYWRIGHT_RESULTS_FILE, REPO_ROOT } from './stack';

const baseURL = `http://127.0.0.1:${E2E_PORT}`;

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
  // One stack, one database and one mail folder for the run: tests run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: PLAYWRIGHT_RESULTS_FILE }]],
  use: {
    baseURL,
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [
    { name: 'desktop', use: { browserName: 'chromium', viewport: { width: 1280, height: 900 } } },
    // Server-to-server API and SMTP conversations look the same from every viewport: desktop project only.
    { name: 'phone', use: { ...devices['Pixel 7'], browserName: 'chromium' }, testIgnore: /(api|email-reply|unverified-reply)\.spec\.ts$/ },
  ],
  webServer: {
    command: `${path.join('node_modules', '.bin', 'tsx')} tests/e2e/server.ts`,
    cwd: REPO_ROOT,
    url: `${baseURL}/api/health`,
    env: { E2E_PORT: String(E2E_PORT) },
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe',
    // SIGTERM (not the default SIGKILL) so the harness can stop its children and drop its database.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
