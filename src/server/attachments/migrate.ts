import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { db } from '@/server/db/client';
import type { Storage } from './storage';

/**
 * `npm run storage:migrate`: copies every attachment the database knows from one backend to another (the local
 * folder to a bucket), streaming, each object checked against the sha256 recorded when it was uploaded. Safe to
 * run again and again (objects already there with the right size are skipped), and while the app runs on the old
 * backend: run it, switch STORAGE_DRIVER, restart, run it once more for what arrived meanwhile. The source is
 * never changed; delete it yourself once the switch is done.
 */

export interface MigrationReport {
  copied: number;
  alreadyThere: number;
  /** Rows whose bytes the source does not have (listed, nothing done). */
  missing: string[];
  /** Copies whose checksum did not match the row: removed from the target again, the source left as it was. */
  corrupt: string[];
}

const BATCH = 200;
const PARALLEL = 4;

function hashing(): { transform: Transform; digest: () => string } {
  const hash = createHash('sha256');
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { transform, digest: () => hash.digest('hex') };
}

export async function migrateAttachments(
  from: Storage,
  to: Storage,
  { dryRun = false, onProgress }: { dryRun?: boolean; onProgress?: (report: MigrationReport) => void } = {},
): Promise<MigrationReport> {
  const report: MigrationReport = { copied: 0, alreadyThere: 0, missing: [], corrupt: [] };
  let cursor: string | undefined;
  for (;;) {
    const rows = await db().attachment.findMany({
      select: { id: true, storageKey: true, size: true, sha256: true },
      orderBy: { id: 'asc' },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) return report;
    cursor = rows[rows.length - 1]?.id;
    for (let i = 0; i < rows.length; i += PARALLEL) {
      await Promise.all(
        rows.slice(i, i + PARALLEL).map(async (row) => {
          if ((await to.size(row.storageKey)) === row.size) {
            report.alreadyThere += 1;
            return;
          }
          const source = await from.get(row.storageKey);
          if (!source) {
            report.missing.push(row.storageKey);
            return;
          }
          if (dryRun) {
            await source.body.cancel();
            report.copied += 1;
            return;
          }
          const check = hashing();
          const body = Readable.fromWeb(source.body as import('node:stream/web').ReadableStream<Uint8Array>).pipe(check.transform);
          await to.put(row.storageKey, body);
          if (check.digest() !== row.sha256) {
            await to.delete(row.storageKey);
            report.corrupt.push(row.storageKey);
            return;
          }
          report.copied += 1;
        }),
      );
    }
    onProgress?.(report);
  }
}
