/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL (what `prisma migrate deploy` does). */
import { applyMigrations } from '../server/db/schema-engine';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set. (`npm run demo` migrates its embedded database by itself.)');
  process.exit(2);
}
const applied = await applyMigrations(url);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
