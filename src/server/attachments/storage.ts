import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { env, type Env } from '@/server/env';
import { S3Storage } from './s3-storage';

/**
 * Where attachment bytes live. Postgres keeps the metadata and checksum; a backend only maps our own keys to
 * bytes, so a local folder (one server, the default) and an S3-compatible bucket (several web instances, any
 * number of hosts) are swapped by STORAGE_DRIVER without touching the callers.
 */
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  size: number;
}

export interface ListedObject {
  key: string;
  lastModified: Date;
}

/** What `put` takes: bytes in memory, or a stream read once (never held whole in memory by the backend). */
export type PutBody = Uint8Array | Readable;

export interface Storage {
  /** Stores the whole object or nothing: a reader never sees a half-written one; a failed stream leaves nothing. */
  put(key: string, body: PutBody): Promise<void>;
  /** The object, or null when there is none under that key. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing one is not an error (purges may retry). */
  delete(key: string): Promise<void>;
  /** The stored size of the object, or null when there is none (no bytes are read). */
  size(key: string): Promise<number | null>;
  /** Every stored key (the orphan sweep); not in any particular order. */
  list(): AsyncIterable<ListedObject>;
}

/** `yyyy/mm/<uuid>`: never derived from user input, and grouped by month so no directory grows without bound. */
export function newStorageKey(now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

// Segments start with a letter or digit, so "." and ".." (and our dot-prefixed temp files) can never be named.
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/;

/** Whether `key` is one of ours (and not, say, a temp file): the same rule for every backend. */
export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export function assertStorageKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
}

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
    return isStorageKey(key);
  }

  /** Keys are ours, but a bug elsewhere must still not be able to reach outside the root. */
  private pathOf(key: string): string {
    assertStorageKey(key);
    const full = path.resolve(this.root, key);
    if (!full.startsWith(this.root + path.sep)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    return full;
  }

  async put(key: string, body: PutBody): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Same directory as the target, so the rename is atomic (one file system).
    const temp = path.join(path.dirname(target), `.${randomUUID()}.tmp`);
    try {
      if (body instanceof Uint8Array) {
        const handle = await open(temp, 'wx');
        try {
          await handle.writeFile(body);
          // Without it a crash right after the rename can leave an empty file under a key the database points to.
          await handle.sync();
        } finally {
          await handle.close();
        }
      } else {
        const out = createWriteStream(temp, { flags: 'wx', flush: true });
        await pipeline(body, out);
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

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (error) {
      if (isNotFound(error)) return null;
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

  async *list(): AsyncIterable<ListedObject> {
    for await (const file of filesUnder(this.root)) {
      if (!isStorageKey(file.relative)) continue;
      try {
        yield { key: file.relative, lastModified: (await stat(file.full)).mtime };
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  }
}

/** Every file under `root` (recursively), with its path relative to the root in `/` form. */
export async function* filesUnder(root: string, dir = root): AsyncGenerator<{ full: string; relative: string; name: string }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(root, full);
    else if (entry.isFile()) yield { full, relative: path.relative(root, full).split(path.sep).join('/'), name: entry.name };
  }
}

/** The bucket settings of the environment (STORAGE_DRIVER=s3, or the target of `npm run storage:migrate`). */
export function s3StorageFrom(config: Env): S3Storage {
  if (!config.S3_BUCKET) throw new Error('S3_BUCKET is not set');
  return new S3Storage({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined,
  });
}

export function storageFrom(config: Env): Storage {
  return config.STORAGE_DRIVER === 's3' ? s3StorageFrom(config) : new LocalDiskStorage(config.STORAGE_DIR);
}

let instance: Storage | undefined;

/** The process's storage backend, chosen from the environment on first use. */
export function storage(): Storage {
  instance ??= storageFrom(env());
  return instance;
}
