import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { applyMigrations } from '../../src/server/db/schema-engine';

/**
 * The integration run's databases, on the real Postgres server (TEST_PG_URL, default the local one): one
 * template migrated once with the committed migrations, then every test file gets a fresh copy of it
 * (tests/integration/setup-db.ts: CREATE DATABASE … TEMPLATE, a few hundred milliseconds), so files run side by
 * side and each sees only what it made itself. All of them are dropped at the end of the run.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const template = `vouchie_it_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  await applyMigrations(url.toString());
  // The migration's pooled connection idles on for a while, and Postgres copies no template anyone is connected
  // to: close it now (the pool takes an idle client's end quietly) and wait until it is gone.
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [template],
    );
    if (!rows.length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  project.provide('integrationDatabase', { adminUrl, template });

  return async () => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [template]);
    // The files' copies (longer names) first, then the template.
    for (const { datname } of rows.sort((a, b) => b.datname.length - a.datname.length)) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin connection and the migrated template each test file copies. */
    integrationDatabase: { adminUrl: string; template: string };
  }
}
