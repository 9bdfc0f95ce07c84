/**
 * `npm run kb:import -- <folder>`: imports every *.md file of the folder into the knowledge base of DATABASE_URL
 * (front matter: see src/server/kb/import.ts). Existing slugs are updated, bad files reported and skipped.
 * Exits 1 when any file failed.
 */
import { existsSync, statSync } from 'node:fs';
import { db } from '../server/db/client';
import { importArticles, readArticleFolder } from '../server/kb/import';

const folder = process.argv[2];
if (!folder || !existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error('Usage: npm run kb:import -- <folder with .md files>');
  process.exit(2);
}
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set.');
  process.exit(2);
}
try {
  const report = await importArticles(db(), await readArticleFolder(folder));
  console.log(`Created ${report.created.length}, updated ${report.updated.length}, failed ${report.failed.length}.`);
  for (const failure of report.failed) console.error(`  ${failure.file}: ${failure.problems.join('; ')}`);
  process.exitCode = report.failed.length ? 1 : 0;
} finally {
  await db().$disconnect();
}
