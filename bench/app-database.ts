import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../src/server/db/schema-engine';
import { createThrowawayDatabase, testPgUrl } from '../tests/e2e/stack';

/**
 * For benches that run the app's code in this process: a throwaway database with the app's migrations, a temporary
 * folder for uploads and captured mail, and the environment the app's modules read (set before any of them is
 * imported: the app reads its env once). `env` adds to or overrides it. `dispose` drops both.
 */
export async function appBenchDatabase(name: string, env: Record<string, string> = {}) {
  const database = await createThrowawayDatabase(testPgUrl(), `vouchie_bench_${name}_`);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), `vouchie-bench-${name}-`));
  const dispose = async () => {
    await database.drop();
    await rm(tempDir, { recursive: true, force: true });
  };
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await dispose();
    throw error;
  }
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    AUTH_SECRET: 'bench-auth-secret-not-for-production-0123456789',
    STORAGE_DIR: path.join(tempDir, 'uploads'),
    MAIL_CAPTURE_DIR: path.join(tempDir, 'mail'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  return { database, tempDir, dispose };
}
