/**
 * `prisma generate` without network: the CLI insists on locating a schema engine binary even though
 * generate never runs it, so point it at an existing file (see docs/database.md).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const result = spawnSync('npx', ['prisma', 'generate', '--config', 'prisma/prisma.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(result.status ?? 1);
