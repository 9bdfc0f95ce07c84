import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestBucket } from './s3-server';
import { storageSuite } from './storage-suite';

// A real S3-protocol server on loopback; its settings go in before any app module reads the environment.
const bucket = await startTestBucket();
Object.assign(process.env, { STORAGE_DRIVER: 's3', ...bucket.env });
afterAll(() => bucket.close());

storageSuite('s3');

describe('npm run storage:migrate', () => {
  it('copies every attachment from the local folder to the bucket, checked by checksum, and is safe to run again', async () => {
    const { db } = await import('@/server/db/client');
    const { LocalDiskStorage, newStorageKey, storage } = await import('@/server/attachments/storage');
    const { migrateAttachments } = await import('@/server/attachments/migrate');
    const folder = await mkdtemp(path.join(os.tmpdir(), 'vouchie-migrate-'));
    const local = new LocalDiskStorage(folder);
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

    async function row(bytes: Uint8Array, { store = true, recordedSha = sha(bytes) } = {}) {
      const storageKey = newStorageKey();
      if (store) await local.put(storageKey, bytes);
      await db().attachment.create({
        data: { fileName: 'plik.txt', contentType: 'text/plain', kind: 'TEXT', size: bytes.byteLength, sha256: recordedSha, storageKey },
      });
      return storageKey;
    }
    const good = [await row(Buffer.from('pierwszy')), await row(Buffer.alloc(9 * 1024 * 1024, 3))];
    const missing = await row(Buffer.from('nie ma mnie'), { store: false });
    const corrupt = await row(Buffer.from('zmieniony'), { recordedSha: sha(Buffer.from('oryginał')) });

    const report = await migrateAttachments(local, storage());
    expect(report.missing).toContain(missing);
    expect(report.corrupt).toEqual([corrupt]);
    for (const key of good) expect(await storage().size(key)).toBe(await local.size(key));
    expect(await storage().get(corrupt)).toBeNull();

    const again = await migrateAttachments(local, storage());
    expect(again.copied).toBe(0);
    expect(again.alreadyThere).toBeGreaterThanOrEqual(good.length);

    // The command itself, as an operator runs it: non-zero while some rows have no bytes to copy.
    const root = path.resolve(import.meta.dirname, '../..');
    const run = promisify(execFile);
    const failed = await run(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/storage-migrate.ts'], {
      cwd: root,
      env: { ...process.env, STORAGE_DRIVER: 'local', STORAGE_DIR: folder, LOG_LEVEL: 'silent' },
    }).catch((error: { code: number; stdout: string }) => error);
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringContaining(`missing: ${missing}`) });
    await db().attachment.deleteMany({ where: { storageKey: { in: [missing, corrupt] } } });
    const ok = await run(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/storage-migrate.ts'], {
      cwd: root,
      env: { ...process.env, STORAGE_DRIVER: 'local', STORAGE_DIR: folder, LOG_LEVEL: 'silent' },
    });
    expect(ok.stdout).toMatch(/✔ 0 copied, \d+ already there, 0 missing/);
  }, 60_000);
});
