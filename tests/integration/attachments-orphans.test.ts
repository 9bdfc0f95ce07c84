import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORPHAN_GRACE_MS, sweepOrphanedFiles } from '@/server/attachments/orphans';
import { LocalDiskStorage, newStorageKey } from '@/server/attachments/storage';
import { db } from '@/server/db/client';

let root: string;
let store: LocalDiskStorage;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'vouchie-orphans-'));
  store = new LocalDiskStorage(root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60_000);

async function age(file: string, when: Date) {
  await utimes(file, when, when);
}

async function allFiles(): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('the clean-up job after a crash during uploads', () => {
  it('removes stale .tmp files and stored files without a row, and keeps referenced and recent files', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 test');
    // A stored file whose row committed: kept, however old.
    const referenced = newStorageKey();
    await store.put(referenced, bytes);
    await db().attachment.create({
      data: {
        fileName: 'faktura.pdf',
        contentType: 'application/pdf',
        kind: 'PDF',
        size: bytes.byteLength,
        sha256: 'x'.repeat(64),
        storageKey: referenced,
      },
    });
    // A stored file whose row never committed (the process was killed between the two): swept.
    const orphan = newStorageKey();
    await store.put(orphan, bytes);
    // The same, but written a minute ago: its insert may still be on its way, so it stays.
    const recentOrphan = newStorageKey();
    await store.put(recentOrphan, bytes);
    // A half-written temp file next to them, as `put` leaves it when killed before the rename: swept.
    const temp = path.join(path.dirname(path.join(root, orphan)), `.${randomUUID()}.tmp`);
    await writeFile(temp, bytes.subarray(0, 4));

    for (const key of [referenced, orphan]) await age(path.join(root, key), hoursAgo(3));
    await age(temp, hoursAgo(3));

    const swept = await sweepOrphanedFiles(new Date(Date.now() - ORPHAN_GRACE_MS), store);

    expect(swept).toEqual({ tempFiles: 1, orphans: 1 });
    expect(await allFiles()).toEqual([referenced, recentOrphan].sort());
    expect(await store.get(referenced)).not.toBeNull();
  });
});
