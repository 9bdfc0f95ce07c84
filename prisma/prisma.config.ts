import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only. Migrations are applied by src/cli/db-migrate.ts through the
// WebAssembly schema engine, because the CLI's native engine cannot be downloaded everywhere.
export default defineConfig({
  schema: './schema.prisma',
  migrations: { path: './migrations' },
});
