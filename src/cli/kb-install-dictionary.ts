/**
 * `npm run kb:install-dictionary`: converts Debian's hunspell-pl into the Postgres ispell dictionary the knowledge
 * base's search uses (src/server/kb/polish-dictionary.ts; needs root), then, with DATABASE_URL set, switches that
 * database's `kb_search` configuration to it and rebuilds the articles' search documents.
 */
import pg from 'pg';
import { installPolishDictionary, tsearchDataDirs } from '../server/kb/polish-dictionary';

const written = installPolishDictionary();
console.log(
  written.length ? `Installed into ${written.join(', ')}` : `Already installed in ${tsearchDataDirs().join(', ') || '(no Postgres found)'}`,
);
const url = process.env.DATABASE_URL;
if (url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ config: string }>('SELECT kb_refresh_search_config() AS config');
    console.log(`kb_search now uses: ${rows[0]?.config}`);
  } finally {
    await client.end();
  }
}
