import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Attachment, AttachmentKind, Prisma } from '@/generated/prisma/client';
import { db, type Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { logger } from '@/server/logger';
import { err, ok, type Result } from '@/server/result';
import type { Locale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { safeFileName, withExtension } from './filename';
import { sniffFile, UPLOAD_EXTENSIONS, type SniffedType } from './sniff';
import { newStorageKey, storage, type PutBody } from './storage';

/**
 * Attachments arrive before the ticket they belong to: the browser uploads each file on its own and keeps a
 * random token; creating the ticket (or a reply) claims the tokens inside its transaction. Unclaimed uploads
 * expire after UPLOAD_UNCLAIMED_TTL_MINUTES (≤ 50) and the worker purges them every 10 minutes. Until then they
 * are capped: per source (who sent them) and in total, so nobody can fill the disk with files no ticket claims.
 */

export function unclaimedUploadTtlMs(): number {
  return env().UPLOAD_UNCLAIMED_TTL_MINUTES * 60_000;
}

export interface UploadedAttachment {
  id: string;
  /** Secret proof of upload: whoever holds it may attach the file to a ticket, once. */
  token: string;
  fileName: string;
  size: number;
  contentType: string;
  kind: AttachmentKind;
}

export interface ClaimedAttachment {
  id: string;
  fileName: string;
  size: number;
  contentType: string;
  kind: AttachmentKind;
  sha256: string;
}

/** The row as readers may see it: the upload token is a credential and stays inside this module. */
export type AttachmentRecord = Omit<Attachment, 'uploadToken'>;

const MESSAGE_KEYS = {
  empty: 'errors.attachments.empty',
  too_large: 'errors.attachments.tooLarge',
  type_refused: 'errors.attachments.typeRefused',
  too_many: 'errors.attachments.tooMany',
  total_too_large: 'errors.attachments.totalTooLarge',
  expired: 'errors.attachments.expired',
  source_full: 'errors.attachments.sourceFull',
  storage_full: 'errors.attachments.storageFull',
} as const;

export type AttachmentErrorCode = keyof typeof MESSAGE_KEYS;

export interface AttachmentError {
  code: AttachmentErrorCode;
  /** The file concerned; '' when the error is about the set (count, total size) or the name is not known yet. */
  fileName: string;
  messageKey: (typeof MESSAGE_KEYS)[AttachmentErrorCode] | 'errors.attachments.requestTooLarge';
  /** ICU parameters of the message; `max` is in bytes for the size errors (see describeAttachmentError). */
  params: Record<string, string | number>;
}

function attachmentError(code: AttachmentErrorCode, fileName: string, params: Record<string, string | number> = {}): AttachmentError {
  return { code, fileName, messageKey: MESSAGE_KEYS[code], params: { name: fileName, ...params } };
}

/** For an HTTP body refused by its size before any file name could be read from it. */
export function requestTooLargeError(): AttachmentError {
  return { code: 'too_large', fileName: '', messageKey: 'errors.attachments.requestTooLarge', params: { max: env().UPLOAD_MAX_FILE_MB } };
}

const BYTE_UNITS = [
  { unit: 'gigabyte', size: 1024 ** 3 },
  { unit: 'megabyte', size: 1024 ** 2 },
  { unit: 'kilobyte', size: 1024 },
] as const;

/** "20 MB", "1,5 MB" in Polish: limits come from MB settings converted with 1024, so they divide back evenly. */
export function formatBytes(bytes: number, locale: Locale): string {
  const { unit, size } = BYTE_UNITS.find((u) => bytes >= u.size) ?? { unit: 'byte', size: 1 };
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / size);
}

/** The error as one sentence in the reader's language. */
export function describeAttachmentError(error: AttachmentError, locale: Locale): string {
  const isByteLimit = error.code === 'too_large' || error.code === 'total_too_large' || error.code === 'source_full';
  const max = error.params.max;
  const params = isByteLimit && typeof max === 'number' ? { ...error.params, max: formatBytes(max, locale) } : error.params;
  return translator(locale)(error.messageKey, params);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The checks every file held in memory passes first: not empty, under the size cap, a type we take by its content. */
async function checkInMemory(
  fileName: string,
  bytes: Uint8Array,
): Promise<Result<{ givenName: string; type: SniffedType }, AttachmentError>> {
  const givenName = safeFileName(fileName);
  const maxBytes = env().UPLOAD_MAX_FILE_MB;
  if (bytes.byteLength === 0) return err(attachmentError('empty', givenName));
  if (bytes.byteLength > maxBytes) return err(attachmentError('too_large', givenName, { max: maxBytes }));
  const type = await sniffFile(bytes, givenName);
  if (!type) return err(attachmentError('type_refused', givenName));
  return ok({ givenName, type });
}

/** One lock for every upload's cap check and row: two uploads at once cannot both squeeze under a cap. */
const UNCLAIMED_LOCK = 0x766368_75706c;

export interface UploadOrigin {
  uploaderId?: string | null;
  /** Default `internal`: code of ours, not a public entry point (those always name the sender). */
  source?: string;
  formSession?: string | null;
}

/**
 * Checks, stores and records one file held in memory (an e-mail's or an API call's attachment), not yet attached
 * to any ticket. `source` names who sent it (`user:<id>`, `ip:<address>`, `api`, `email`) and `formSession` the
 * anonymous form session: the unclaimed bytes of each, and of everyone together, stay under their caps.
 */
export async function acceptUpload(
  input: { fileName: string; bytes: Uint8Array } & UploadOrigin,
): Promise<Result<UploadedAttachment, AttachmentError>> {
  const { bytes } = input;
  const checked = await checkInMemory(input.fileName, bytes);
  if (!checked.ok) return checked;
  const { givenName, type } = checked.value;
  return storeChecked({ ...input, givenName, type, size: bytes.byteLength, sha256: sha256(bytes), body: () => bytes });
}

/**
 * A file that passed the upload checks and whose bytes are stored, with no row yet: for a caller that claims it in
 * its own transaction at once (an inbound e-mail's attachment, recordStoredUploads + claimUploads), so the file
 * costs one INSERT in that transaction instead of an upload transaction of its own (advisory lock, cap sums, row,
 * commit). The unclaimed-upload caps do not apply: no other transaction ever sees these rows unclaimed. The bytes
 * are stored before the row (as storeChecked does), so no row ever names missing bytes; a caller whose transaction
 * did not commit the rows calls discardStoredBytes (only a crash in between leaves bytes without a row).
 */
export interface StoredForClaim {
  token: string;
  fileName: string;
  storageKey: string;
  row: Prisma.AttachmentCreateManyInput;
}

export async function storeForClaim(input: {
  fileName: string;
  bytes: Uint8Array;
  source: string;
}): Promise<Result<StoredForClaim, AttachmentError>> {
  const { bytes } = input;
  const checked = await checkInMemory(input.fileName, bytes);
  if (!checked.ok) return checked;
  const { givenName, type } = checked.value;
  const fileName = withExtension(givenName, type.extension, UPLOAD_EXTENSIONS);
  const token = randomBytes(32).toString('base64url');
  const storageKey = newStorageKey();
  await storage().put(storageKey, bytes);
  return ok({
    token,
    fileName,
    storageKey,
    row: {
      uploadToken: token,
      uploadSource: input.source,
      fileName,
      contentType: type.contentType,
      kind: type.kind,
      size: bytes.byteLength,
      sha256: sha256(bytes),
      storageKey,
    },
  });
}

/** The rows of files storeForClaim stored, unclaimed, in the caller's transaction (one statement): claimUploads takes them next. */
export async function recordStoredUploads(tx: Tx, files: readonly StoredForClaim[]): Promise<void> {
  if (files.length) await tx.attachment.createMany({ data: files.map((file) => file.row) });
}

/**
 * Whether one message takes these stored files as a set (claimUploads' count and total size checks): the SQL fast
 * paths write such rows claimed at once, and leave a set that does not fit to the Prisma path, which refuses it.
 */
export function fitsOneMessage(files: readonly StoredForClaim[]): boolean {
  const { UPLOAD_MAX_FILES, UPLOAD_MAX_TOTAL_MB } = env();
  return files.length <= UPLOAD_MAX_FILES && files.reduce((sum, file) => sum + file.row.size, 0) <= UPLOAD_MAX_TOTAL_MB;
}

/** Removes the bytes of files whose rows never committed. Failures are only logged: an orphaned file is disk, not data. */
export async function discardStoredBytes(files: readonly StoredForClaim[]): Promise<void> {
  await Promise.all(
    files.map((file) =>
      storage()
        .delete(file.storageKey)
        .catch((error: unknown) => logger.warn({ err: error, storageKey: file.storageKey }, 'stored attachment bytes not removed')),
    ),
  );
}

/** Bytes kept in memory from the start of a streamed upload: enough for every binary signature we accept. */
const SNIFF_HEAD_BYTES = 64 * 1024;

class TooLarge extends Error {}

/**
 * The same for a file arriving as a stream (the browser's upload): it is spooled to a private temporary file
 * while its size is capped and its sha256 computed, so memory holds only its first 64 kB. The content checks run
 * on that before anything is stored: binary types by their signature in the first bytes; a file that may be text
 * is read whole for the text rules (text only, so at most the file size limit of text). Then the spool is
 * streamed to storage and removed.
 */
export async function acceptUploadStream(
  input: { fileName: string; stream: Readable } & UploadOrigin,
): Promise<Result<UploadedAttachment, AttachmentError>> {
  const givenName = safeFileName(input.fileName);
  const maxBytes = env().UPLOAD_MAX_FILE_MB;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vouchie-upload-'));
  const spool = path.join(dir, 'file');
  try {
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let size = 0;
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new TooLarge());
        hash.update(chunk);
        if (headSize < SNIFF_HEAD_BYTES) {
          const part = chunk.subarray(0, SNIFF_HEAD_BYTES - headSize);
          head.push(part);
          headSize += part.length;
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(input.stream, meter, createWriteStream(spool, { mode: 0o600 }));
    } catch (error) {
      if (error instanceof TooLarge) {
        input.stream.resume();
        return err(attachmentError('too_large', givenName, { max: maxBytes }));
      }
      throw error;
    }
    if (size === 0) return err(attachmentError('empty', givenName));
    let type: SniffedType | null = await sniffFile(Buffer.concat(head), givenName);
    if ((!type || type.kind === 'TEXT') && size > headSize) type = await sniffFile(await readFile(spool), givenName);
    if (!type) return err(attachmentError('type_refused', givenName));
    return await storeChecked({ ...input, givenName, type, size, sha256: hash.digest('hex'), body: () => createReadStream(spool) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An upload the request that made it could not hand out after all (e.g. the request had a second file). */
export async function discardUnclaimedUpload(id: string): Promise<void> {
  const [row] = await db().$queryRaw<{ storageKey: string }[]>`
    DELETE FROM "Attachment" WHERE "id" = ${id}::uuid AND "ticketId" IS NULL RETURNING "storageKey"`;
  if (row) await storage().delete(row.storageKey);
}

/**
 * Records and stores a file that passed the checks. The row is written (under the caps' lock) before the bytes,
 * so every stored file has its row, and the token is handed out only once the bytes are stored.
 */
async function storeChecked(
  input: UploadOrigin & { givenName: string; type: SniffedType; size: number; sha256: string; body: () => PutBody },
): Promise<Result<UploadedAttachment, AttachmentError>> {
  const { givenName, type, size } = input;
  const fileName = withExtension(givenName, type.extension, UPLOAD_EXTENSIONS);
  const token = randomBytes(32).toString('base64url');
  const storageKey = newStorageKey();
  const { UPLOAD_UNCLAIMED_MAX_MB_PER_SOURCE: perSource, UPLOAD_UNCLAIMED_MAX_TOTAL_MB: total } = env();
  const formSession = input.formSession ?? null;
  const source = input.source ?? 'internal';
  const reserved = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${UNCLAIMED_LOCK}::bigint)`;
    const [held] = await tx.$queryRaw<{ bySource: bigint; bySession: bigint; all: bigint }[]>`
      SELECT COALESCE(SUM("size") FILTER (WHERE "uploadSource" = ${source}), 0)::bigint AS "bySource",
             COALESCE(SUM("size") FILTER (WHERE "formSession" = ${formSession}), 0)::bigint AS "bySession",
             COALESCE(SUM("size"), 0)::bigint AS "all"
      FROM "Attachment" WHERE "ticketId" IS NULL`;
    const after = (held: bigint | undefined) => Number(held ?? 0n) + size;
    if (after(held?.all) > total) return err(attachmentError('storage_full', givenName));
    if (after(held?.bySource) > perSource || (formSession && after(held?.bySession) > perSource)) {
      return err(attachmentError('source_full', givenName, { max: perSource }));
    }
    const row = await tx.attachment.create({
      data: {
        uploadToken: token,
        uploaderId: input.uploaderId ?? null,
        uploadSource: source,
        formSession,
        fileName,
        contentType: type.contentType,
        kind: type.kind,
        size,
        sha256: input.sha256,
        storageKey,
      },
      select: { id: true, size: true, contentType: true, kind: true },
    });
    return ok(row);
  });
  if (!reserved.ok) return reserved;
  try {
    await storage().put(storageKey, input.body());
  } catch (error) {
    await db().attachment.deleteMany({ where: { id: reserved.value.id, ticketId: null } });
    throw error;
  }
  const row = reserved.value;
  return ok({ id: row.id, token, fileName, size: row.size, contentType: row.contentType, kind: row.kind });
}

// randomBytes(32) in base64url; anything else cannot be ours and is not worth a query.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const claimedFields = { id: true, fileName: true, size: true, contentType: true, kind: true, sha256: true } as const;

/**
 * Attaches uploads to a ticket (and message) inside the caller's transaction; each token works once.
 * Limits apply to the set claimed together, i.e. to one submission. On an error nothing is left changed,
 * so the caller may roll back or carry on.
 */
export async function claimUploads(
  tx: Tx,
  input: { tokens: string[]; ticketId: string; messageId: string | null },
): Promise<Result<ClaimedAttachment[], AttachmentError>> {
  const tokens = [...new Set(input.tokens)];
  if (tokens.length === 0) return ok([]);
  const { UPLOAD_MAX_FILES, UPLOAD_MAX_TOTAL_MB } = env();
  if (tokens.length > UPLOAD_MAX_FILES) return err(attachmentError('too_many', '', { max: UPLOAD_MAX_FILES }));

  const rows = await tx.attachment.findMany({
    where: { uploadToken: { in: tokens.filter((t) => TOKEN_PATTERN.test(t)) } },
    select: { ...claimedFields, uploadToken: true, uploadSource: true, formSession: true, ticketId: true, createdAt: true },
  });
  const byToken = new Map(rows.map((row) => [row.uploadToken, row]));
  const freshSince = Date.now() - unclaimedUploadTtlMs();
  for (const token of tokens) {
    const row = byToken.get(token);
    if (!row || row.ticketId !== null || row.createdAt.getTime() <= freshSince)
      return err(attachmentError('expired', row?.fileName ?? '?'));
  }
  const total = rows.reduce((sum, row) => sum + row.size, 0);
  if (total > UPLOAD_MAX_TOTAL_MB) return err(attachmentError('total_too_large', '', { max: UPLOAD_MAX_TOTAL_MB }));

  // The ticketId guard makes a concurrent claim of the same token wait for ours and then match nothing:
  // exactly one of them gets each row.
  const claimed = await tx.attachment.updateManyAndReturn({
    where: { id: { in: rows.map((row) => row.id) }, ticketId: null },
    data: { ticketId: input.ticketId, messageId: input.messageId, uploadToken: null, uploadSource: null, formSession: null },
    select: claimedFields,
  });
  if (claimed.length !== rows.length) {
    const won = new Set(claimed.map((row) => row.id));
    // Give back what this attempt took, so a caller that does not roll back leaves no half-claimed set.
    for (const row of rows.filter((r) => won.has(r.id))) {
      await tx.attachment.update({
        where: { id: row.id },
        data: {
          ticketId: null,
          messageId: null,
          uploadToken: row.uploadToken,
          uploadSource: row.uploadSource,
          formSession: row.formSession,
        },
      });
    }
    return err(attachmentError('expired', rows.find((row) => !won.has(row.id))?.fileName ?? '?'));
  }
  const order = new Map(tokens.map((token, i) => [byToken.get(token)?.id, i]));
  return ok(claimed.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)));
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An attachment's metadata and bytes, or null when either is missing. No access check here: the caller
 * authorises first. A caller that does not send the body must cancel it to release the file.
 */
export async function readAttachment(id: string): Promise<{ attachment: AttachmentRecord; body: ReadableStream<Uint8Array> } | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const attachment = await db().attachment.findUnique({ where: { id }, omit: { uploadToken: true } });
  if (!attachment) return null;
  const stored = await storage().get(attachment.storageKey);
  return stored ? { attachment, body: stored.body } : null;
}

const PURGE_BATCH = 500;

/**
 * Deletes uploads never claimed and created before `olderThan`, rows first: a row deleted is an upload nobody
 * can claim any more, so its bytes can go. Bytes that fail to delete are reported, not retried.
 */
export async function purgeUnclaimedUploads(olderThan: Date): Promise<{ purged: number; failedKeys: string[] }> {
  let purged = 0;
  const failedKeys: string[] = [];
  for (;;) {
    // RETURNING only yields rows this statement removed, so a claim racing with the purge keeps its bytes.
    const deleted = await db().$queryRaw<{ storageKey: string }[]>`
      DELETE FROM "Attachment"
      WHERE "id" IN (
        SELECT "id" FROM "Attachment" WHERE "ticketId" IS NULL AND "createdAt" < ${olderThan} LIMIT ${PURGE_BATCH}
      ) AND "ticketId" IS NULL
      RETURNING "storageKey"`;
    const results = await Promise.allSettled(deleted.map((row) => storage().delete(row.storageKey)));
    results.forEach((result, i) => {
      const key = deleted[i]?.storageKey;
      if (result.status === 'rejected' && key) failedKeys.push(key);
    });
    purged += deleted.length;
    if (deleted.length < PURGE_BATCH) return { purged, failedKeys };
  }
}
