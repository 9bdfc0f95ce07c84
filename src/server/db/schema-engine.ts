import { readFile, readdir } from 'node:fs/promises';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/**
 * Prisma's schema engine compiled to WebAssembly, driven through the `pg` driver adapter.
 * It applies the standard `prisma/migrations/<timestamp>_<name>/migration.sql` folders exactly as
 * `prisma migrate deploy` would (recording `_prisma_migrations`), but needs no native engine download.
 */

export const PRISMA_DIR = path.resolve(process.cwd(), 'prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');

const noFilters = { externalTables: [], externalEnums: [] };

type Wasm = { __wbindgen_start(): void };
let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const compiled = await WebAssembly.compile(readFileSync(wasmPath));
    const instance = await WebAssembly.instantiate(compiled, {
      './schema_engine_bg.js': engineBindings as unknown as WebAssembly.ModuleImports,
    });
    (engineBindings as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as unknown as Wasm).__wbindgen_start();
  })();
  return loaded;
}

/** The extensions the migrations create, loaded into every in-memory PGlite (the embedded server loads the same). */
const PGLITE_EXTENSIONS = { pg_trgm, unaccent };

/** The adapter's own shadow database is a bare PGlite: this one loads the extensions too. */
class PGliteWithExtensions extends PrismaPGlite {
  override connectToShadowDb() {
    return new PrismaPGlite(new PGlite({ dataDir: 'memory://shadow', extensions: PGLITE_EXTENSIONS })).connect();
  }
}

async function openEngine(databaseUrl: string | PGlite, schema: string): Promise<SchemaEngine> {
  await loadWasm();
  const factory = bindMigrationAwareSqlAdapterFactory(
    typeof databaseUrl === 'string' ? new PrismaPg({ connectionString: databaseUrl, max: 1 }) : new PGliteWithExtensions(databaseUrl),
  );
  return engineBindings.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => undefined, factory);
}

export async function readMigrationList(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = existsSync(dir) ? (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()) : [];
  const names = entries.map((e) => e.name).sort();
  const lockPath = path.join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(dir, name, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/** `prisma migrate deploy`: applies every migration not yet recorded in `_prisma_migrations`. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const engine = await openEngine(databaseUrl, schema);
  try {
    const result = await engine.applyMigrations({ migrationsList: await readMigrationList(), filters: noFilters });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * SQL that takes a database built from the committed migrations to the current schema.prisma.
 * The shadow database is an in-memory PGlite: describing a real server's catalogue fails in the Wasm
 * engine (its `'char'` columns cannot be deserialised), so no server is needed or touched. It loads the extensions
 * the migrations create (the same ones the embedded server loads, src/server/db/embedded.ts).
 */
export async function diffMigrationsToSchema(): Promise<string> {
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const engine = await openEngine(new PGlite({ dataDir: 'memory://main', extensions: PGLITE_EXTENSIONS }), schema);
  try {
    const migrations = await readMigrationList();
    const result = await engine.diff({
      from: migrations.migrationDirectories.length ? { tag: 'migrations', ...migrations } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? '';
  } finally {
    engine.free();
  }
}
