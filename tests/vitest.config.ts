import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '..');
const alias = { '@': path.join(root, 'src') };
const testEnv = {
  AUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  SUPPORT_API_TOKEN: 'test-api-token-0123456789abcdef',
  APP_URL: 'http://localhost:3000',
  LOG_LEVEL: 'silent',
  NODE_ENV: 'test' as const,
};

export default defineConfig({
  root,
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          root,
          include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
          env: { ...testEnv, DATABASE_URL: 'postgres://unit-tests-use-no-database@127.0.0.1:1/none' },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          root,
          // next-auth imports `next/server` without an extension, which Node's ESM resolver refuses: let Vite
          // resolve it for tests that reach the sign-in configuration.
          server: { deps: { inline: ['next-auth'] } },
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          setupFiles: ['tests/integration/setup-db.ts'],
          env: testEnv,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Every file has a database of its own (a copy of the run's migrated template, setup-db.ts), so a
          // test's counts and worker claims see only what it made itself, and files run two at a time.
          fileParallelism: true,
          maxWorkers: 2,
          // After the unit project when both run in one vitest call (a different maxWorkers needs its own group).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
