import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { db } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { LocalDiskStorage, storage, type Storage } from './storage';

/**
 * What a crash leaves in the storage folder: a `.tmp` file that was being written when the process died, or a
 * stored file whose database row was never committed (killed between the write and the insert, or a rolled
 * back transaction whose clean-up never ran). Nothing refers to either; the worker sweeps them once they are
 * older than any upload could still be in flight.
 */
export const ORPHAN_GRACE_MS = 60 * 60_000;

const CHECK_BATCH = 500;
const TEMP_FILE = /^\.[0-9a-f-]{36}\.tmp$/;

export interface OrphanSweep {
  tempFiles: number;
  orphans: number;
}

async function* filesUnder(root: string, dir = root): AsyncGenerator<{ full: string; relative: string; name: string }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(root, full);
    else if (entry.isFile()) yield { full, relative: path.relative(root, full).split(path.sep).join('/'), name: entry.name };
  }
}

async function olderThan(file: string, cutoff: Date): Promise<boolean> {
  try {
    return (await stat(file)).mtime < cutoff;
  } catch {
    return false;
  }
}

/** Deletes the keys among `keys` that no Attachment or KbImage (knowledge-base image) row names; returns how many went. */
async function deleteUnreferenced(keys: string[], store: Storage): Promise<number> {
  if (keys.length === 0) return 0;
  const where = { storageKey: { in: keys } };
  const [attachments, images] = await Promise.all([
    db().attachment.findMany({ where, select: { storageKey: true } }),
    db().kbImage.findMany({ where, select: { storageKey: true } }),
  ]);
  const known = new Set([...attachments, ...images].map((row) => row.storageKey));
  const orphans = keys.filter((key) => !known.has(key));
  await Promise.all(orphans.map((key) => store.delete(key)));
  return orphans.length;
}

export async function sweepOrphanedFiles(cutoff: Date, store: Storage = storage()): Promise<OrphanSweep> {
  // Only the local folder can be listed here; a bucket would use its own lifecycle rules.
  if (!(store instanceof LocalDiskStorage)) return { tempFiles: 0, orphans: 0 };
  const result: OrphanSweep = { tempFiles: 0, orphans: 0 };
  let pending: string[] = [];
  for await (const file of filesUnder(store.root)) {
    if (!(await olderThan(file.full, cutoff))) continue;
    if (TEMP_FILE.test(file.name)) {
      await unlink(file.full).catch(() => undefined);
      result.tempFiles += 1;
      continue;
    }
    if (!LocalDiskStorage.isKey(file.relative)) continue;
    pending.push(file.relative);
    if (pending.length >= CHECK_BATCH) {
      result.orphans += await deleteUnreferenced(pending, store);
      pending = [];
    }
  }
  result.orphans += await deleteUnreferenced(pending, store);
  if (result.tempFiles + result.orphans > 0) childLogger({ module: 'attachments' }).warn(result, 'swept orphaned upload files');
  return result;
}
