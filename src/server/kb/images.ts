import { createHash } from 'node:crypto';
import { canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { safeFileName } from '@/server/attachments/filename';
import { sniffFile } from '@/server/attachments/sniff';
import { newStorageKey, storage } from '@/server/attachments/storage';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { err, ok, type Result } from '@/server/result';

/**
 * Images pasted or dropped into the article editor: checked by their bytes like attachments (only images pass),
 * stored in the same storage backend, served publicly by /api/kb/images/{id} (published articles show them to
 * anyone; the id is a random UUID). The attachments' orphan sweep knows these keys too.
 */
export type KbImageError = { kind: 'forbidden' } | { kind: 'empty' } | { kind: 'too_large'; maxBytes: number } | { kind: 'not_an_image' };

export async function storeKbImage(
  principal: Principal,
  fileName: string,
  bytes: Uint8Array,
): Promise<Result<{ id: string; path: string; fileName: string }, KbImageError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  if (!bytes.byteLength) return err({ kind: 'empty' });
  const maxBytes = env().UPLOAD_MAX_FILE_MB;
  if (bytes.byteLength > maxBytes) return err({ kind: 'too_large', maxBytes });
  const name = safeFileName(fileName);
  const type = await sniffFile(bytes, name);
  if (!type || type.kind !== 'IMAGE' || type.contentType === 'image/svg+xml') return err({ kind: 'not_an_image' });
  const storageKey = newStorageKey();
  await storage().put(storageKey, bytes);
  try {
    const row = await db().kbImage.create({
      data: {
        fileName: name,
        contentType: type.contentType,
        size: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        storageKey,
        uploaderId: principal.kind === 'user' ? principal.userId : null,
      },
      select: { id: true },
    });
    return ok({ id: row.id, path: `/api/kb/images/${row.id}`, fileName: name });
  } catch (error) {
    await storage().delete(storageKey);
    throw error;
  }
}

export async function readKbImage(id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const image = await db().kbImage.findUnique({ where: { id } });
  if (!image) return null;
  const stored = await storage().get(image.storageKey);
  return stored ? { image, body: stored.body } : null;
}
