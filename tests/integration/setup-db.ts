import pg from 'pg';
import { inject } from 'vitest';

/**
 * A setupFile of the integration project: before any test module reads the app's env, this file gets a database
 * of its own, copied from the run's migrated template (tests/integration/global-setup.ts drops it at the end).
 */
const { adminUrl, template } = inject('integrationDatabase');
const name = `${template}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
try {
  // Postgres copies a template for one CREATE DATABASE at a time ("source database is being accessed by other
  // users" otherwise): files starting together take turns.
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
} finally {
  await admin.end();
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
