import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ListedObject, PutBody, Storage, StoredObject } from './storage';

/**
 * Attachments in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Ceph RGW): what lets several web instances
 * on different hosts serve the same files. The bucket stays private: files are streamed through the app, which
 * checks access and sets the safety headers first (see docs/deploy.md).
 *
 * Uploads go through `@aws-sdk/lib-storage`'s Upload: a stream is sent in parts of 8 MB (at most two in memory),
 * and the object only appears when the upload completes; a stream that fails midway aborts the multipart upload,
 * so nothing is left under the key.
 */

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For anything but AWS itself, e.g. http://minio.internal:9000 or https://<account>.r2.cloudflarestorage.com. */
  endpoint?: string;
  /** Bucket in the path (http://host/bucket/key) instead of the host name: MinIO, Ceph and most self-hosted servers. */
  forcePathStyle: boolean;
  /** Unset: the SDK's default chain (AWS_* variables, instance or pod role, ~/.aws). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const PART_SIZE = 8 * 1024 * 1024;
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/;

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
}

function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
}

export class S3Storage implements Storage {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      // Checksums only where the operation requires one: several S3-compatible servers refuse the newer headers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.credentials) config.credentials = options.credentials;
    this.client = new S3Client(config);
  }

  async put(key: string, body: PutBody): Promise<void> {
    checkKey(key);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body instanceof Uint8Array ? body : Readable.from(body),
        // The type served is the one sniffed and stored in Postgres; the object itself is never served directly.
        ContentType: 'application/octet-stream',
      },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(key: string): Promise<StoredObject | null> {
    checkKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) return null;
      return { body: object.Body.transformToWebStream() as ReadableStream<Uint8Array>, size: object.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    checkKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    // S3 answers a delete of a missing key with success too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(): AsyncIterable<ListedObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified) yield { key: object.Key, lastModified: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
