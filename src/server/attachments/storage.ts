import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { env } from '@/server/env';

/**
 * Where attachment bytes live. Postgres keeps the metadata and checksum; a backend only maps our own keys to
 * bytes, so a local folder (one server, the default) and an S3-compatible bucket (several web instances) can
 * be swapped without touching the callers.
 */
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  size: number;
}

export interface Storage {
  /** Stores the whole object or nothing: a reader never sees a half-written file. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The object, or null when there is none under that key. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing one is not an error (purges may retry). */
  delete(key: string): Promise<void>;
}

/** `yyyy/mm/<uuid>`: never derived from user input, and grouped by month so no directory grows without bound. */
export function newStorageKey(now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

// Segments start with a letter or digit, so "." and ".." (and our dot-prefixed temp files) can never be named.
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/;

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export class LocalDiskStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Whether a path relative to the root is one of our keys (and not, say, a temp file). */
  static isKey(key: string): boolean {
    return KEY_PATTERN.test(key);
  }

  /** Keys are ours, but a bug elsewhere must still not be able to reach outside the root. */
  private pathOf(key: string): string {
    const full = path.resolve(this.root, key);
    if (!KEY_PATTERN.test(key) || !full.startsWith(this.root + path.sep)) {
      throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    }
    return full;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Same directory as the target, so the rename is atomic (one file system).
    const temp = path.join(path.dirname(target), `.${randomUUID()}.tmp`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        // Without it a crash right after the rename can leave an empty file under a key the database points to.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key);
    let handle: FileHandle;
    try {
      // Opened up front so a missing file is a null here, not an error halfway through a response.
      handle = await open(file, 'r');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      // The handle closes when the stream ends or is cancelled: a caller that does not send the body cancels it.
      return { body: Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>, size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

let instance: Storage | undefined;

/** The process's storage backend, chosen from the environment on first use. */
export function storage(): Storage {
  instance ??= new LocalDiskStorage(env().STORAGE_DIR);
  return instance;
}
