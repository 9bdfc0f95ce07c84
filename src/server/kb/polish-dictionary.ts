import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Debian's `hunspell-pl` as a Postgres ispell dictionary: `/usr/share/hunspell/pl_PL.{dic,aff}` are ISO-8859-2, and
 * Postgres reads `tsearch_data/<name>.{dict,affix}` in the database's encoding (UTF-8), so they are converted and the
 * affix file's `SET` line is changed to say so. The knowledge base's search configuration (the kb_search migration,
 * `kb_refresh_search_config()`) uses the dictionary when these files exist and falls back to `simple` + `unaccent`
 * otherwise. Installing needs write access to the Postgres share directory (root on Debian).
 */
export const HUNSPELL_DIC = '/usr/share/hunspell/pl_PL.dic';
export const HUNSPELL_AFF = '/usr/share/hunspell/pl_PL.aff';
export const DICTIONARY_NAME = 'kb_polish';
const POSTGRES_SHARE = '/usr/share/postgresql';

/** Every `tsearch_data` directory of the Debian PostgreSQL versions installed here. */
export function tsearchDataDirs(shareRoot = POSTGRES_SHARE): string[] {
  if (!existsSync(shareRoot)) return [];
  return readdirSync(shareRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(shareRoot, entry.name, 'tsearch_data')))
    .map((entry) => path.join(shareRoot, entry.name, 'tsearch_data'));
}

/** The files one tsearch_data directory needs, checked by name. */
export function dictionaryFiles(dir: string): { dict: string; affix: string } {
  return { dict: path.join(dir, `${DICTIONARY_NAME}.dict`), affix: path.join(dir, `${DICTIONARY_NAME}.affix`) };
}

export function isDictionaryInstalled(dir: string): boolean {
  const files = dictionaryFiles(dir);
  return existsSync(files.dict) && existsSync(files.affix);
}

/** ISO-8859-2 → UTF-8; the affix file also declares the new encoding. */
export function convertHunspell(dic: Uint8Array, aff: Uint8Array): { dict: string; affix: string } {
  const decoder = new TextDecoder('iso-8859-2');
  const affix = decoder.decode(aff).replace(/^SET\s+\S+/m, 'SET UTF-8');
  return { dict: decoder.decode(dic), affix };
}

/**
 * Writes the converted dictionary into every tsearch_data directory that lacks it. Returns the directories
 * written; throws when hunspell-pl is not installed.
 */
export function installPolishDictionary(dirs = tsearchDataDirs()): string[] {
  if (!existsSync(HUNSPELL_DIC) || !existsSync(HUNSPELL_AFF)) {
    throw new Error(`${HUNSPELL_DIC} is missing: install Debian's hunspell-pl first (apt-get install -y hunspell-pl).`);
  }
  const pending = dirs.filter((dir) => !isDictionaryInstalled(dir));
  if (!pending.length) return [];
  const converted = convertHunspell(readFileSync(HUNSPELL_DIC), readFileSync(HUNSPELL_AFF));
  for (const dir of pending) {
    mkdirSync(dir, { recursive: true });
    const files = dictionaryFiles(dir);
    writeFileSync(files.dict, converted.dict);
    writeFileSync(files.affix, converted.affix);
  }
  return pending;
}
