import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

/**
 * One suite for every storage driver: each `storage-<driver>.test.ts` sets STORAGE_DRIVER (and its settings)
 * before any app module reads the environment, then runs this, so the app's own code paths (upload, the
 * attachment route, purge, orphan sweep) are checked against the real backend, not a stand-in.
 */

const PNG = Uint8Array.from(
  Buffer.from(
    '89504e470d0a1a0a0000000d494844520000000100000001080600' +
      '00001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082',
    'hex',
  ),
);
const MB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** `total` bytes in 1 MB chunks made on demand (never the whole in one buffer), failing after `failAfter` if given. */
function generated(total: number, failAfter?: number): { stream: Readable; digest: () => string } {
  const hash = createHash('sha256');
  let sent = 0;
  const stream = new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) {
        this.destroy(new Error('client went away'));
        return;
      }
      if (sent >= total) {
        this.push(null);
        return;
      }
      const chunk = Buffer.alloc(Math.min(MB, total - sent), sent / MB + 1);
      hash.update(chunk);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

export function storageSuite(driver: string) {
  describe(`attachment storage: ${driver}`, async () => {
    const { storage, newStorageKey } = await import('@/server/attachments/storage');
    const { acceptUpload, readAttachment, purgeUnclaimedUploads } = await import('@/server/attachments');
    const { sweepOrphanedFiles } = await import('@/server/attachments/orphans');
    const { GET } = await import('@/app/api/attachments/[id]/route');
    const { NextRequest } = await import('next/server');
    const { env } = await import('@/server/env');

    it('is the driver the environment names', () => {
      expect(env().STORAGE_DRIVER).toBe(driver);
      expect(storage().constructor.name).toBe(driver === 's3' ? 'S3Storage' : 'LocalDiskStorage');
    });

    it('stores, reads back and deletes bytes; a missing key reads as null and deletes without error', async () => {
      const key = newStorageKey();
      await storage().put(key, PNG);
      const stored = await storage().get(key);
      expect(stored?.size).toBe(PNG.byteLength);
      expect(sha256(await bytesOf(stored!.body))).toBe(sha256(PNG));
      await storage().delete(key);
      expect(await storage().get(key)).toBeNull();
      await expect(storage().delete(key)).resolves.toBeUndefined();
      expect(await storage().get(newStorageKey())).toBeNull();
    });

    it('streams a 21 MB upload in and out without changing a byte', async () => {
      const key = newStorageKey();
      const source = generated(21 * MB);
      await storage().put(key, source.stream);
      const stored = await storage().get(key);
      expect(stored?.size).toBe(21 * MB);
      const hash = createHash('sha256');
      const reader = stored!.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) hash.update(read.value);
      expect(hash.digest('hex')).toBe(source.digest());
      await storage().delete(key);
    });

    it('leaves nothing under the key when the upload stream fails midway', async () => {
      const key = newStorageKey();
      await expect(storage().put(key, generated(30 * MB, 17 * MB).stream)).rejects.toThrow();
      expect(await storage().get(key)).toBeNull();
      const listed: string[] = [];
      for await (const object of storage().list()) listed.push(object.key);
      expect(listed).not.toContain(key);
    });

    it('refuses keys that are not ours', async () => {
      for (const key of ['../etc/passwd', '.x.tmp', '2026/../../x', '', '/abs']) {
        await expect(storage().put(key, PNG)).rejects.toThrow(/Invalid storage key/);
        await expect(storage().get(key)).rejects.toThrow(/Invalid storage key/);
      }
    });

    it('serves an upload through the attachment route with its checks and headers, and purges it when unclaimed', async () => {
      const accepted = await acceptUpload({ fileName: 'zrzut.png', bytes: PNG, source: `test:${driver}` });
      if (!accepted.ok) throw new Error(accepted.error.code);
      const { id, token } = accepted.value;
      expect(sha256(await bytesOf((await readAttachment(id))!.body))).toBe(sha256(PNG));

      const url = `http://localhost:3000/api/attachments/${id}`;
      const denied = await GET(new NextRequest(url), { params: Promise.resolve({ id }) });
      expect(denied.status).toBe(404);
      const served = await GET(new NextRequest(url, { headers: { 'x-upload-token': token } }), { params: Promise.resolve({ id }) });
      expect(served.status).toBe(200);
      expect(Object.fromEntries(served.headers)).toMatchObject({
        'content-type': 'image/png',
        'content-length': String(PNG.byteLength),
        'x-content-type-options': 'nosniff',
        'content-disposition': expect.stringContaining('inline'),
        'content-security-policy': expect.stringContaining('sandbox'),
      });
      expect(sha256(await bytesOf(served.body!))).toBe(sha256(PNG));

      const { purged } = await purgeUnclaimedUploads(new Date(Date.now() + 60_000));
      expect(purged).toBeGreaterThanOrEqual(1);
      expect(await readAttachment(id)).toBeNull();
    });

    it('sweeps stored objects no row names, and keeps those a row names', async () => {
      const accepted = await acceptUpload({ fileName: 'zostaje.png', bytes: PNG, source: `test:${driver}` });
      if (!accepted.ok) throw new Error(accepted.error.code);
      const orphan = newStorageKey();
      await storage().put(orphan, PNG);
      // Everything counts as old: only the row decides.
      const swept = await sweepOrphanedFiles(new Date(Date.now() + 60_000));
      expect(swept.orphans).toBeGreaterThanOrEqual(1);
      expect(await storage().get(orphan)).toBeNull();
      expect(await readAttachment(accepted.value.id)).not.toBeNull();
    });
  });
}
