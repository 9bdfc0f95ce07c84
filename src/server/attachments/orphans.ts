import { stat, unlink } from 'node:fs/promises';
import { db } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { filesUnder, LocalDiskStorage, storage, type Storage } from './storage';

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

/** A bucket has no temp files (an object appears only when its upload completes): only unreferenced keys. */
async function sweepListedObjects(cutoff: Date, store: Storage): Promise<OrphanSweep> {
  const result: OrphanSweep = { tempFiles: 0, orphans: 0 };
  let pending: string[] = [];
  for await (const object of store.list()) {
    if (object.lastModified >= cutoff) continue;
    pending.push(object.key);
    if (pending.length >= CHECK_BATCH) {
      result.orphans += await deleteUnreferenced(pending, store);
      pending = [];
    }
  }
  result.orphans += await deleteUnreferenced(pending, store);
  return result;
}

export async function sweepOrphanedFiles(cutoff: Date, store: Storage = storage()): Promise<OrphanSweep> {
  if (!(store instanceof LocalDiskStorage)) {
    const swept = await sweepListedObjects(cutoff, store);
    if (swept.orphans > 0) childLogger({ module: 'attachments' }).warn(swept, 'swept orphaned upload objects');
    return swept;
  }
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
