import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { newStorageKey, storage } from '@/server/attachments/storage';
import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { absoluteUrl } from '@/server/links';
import { childLogger } from '@/server/logger';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { renderEmailLayout } from '@/server/mail/outbound/templates';
import { err, ok, type Result } from '@/server/result';
import { toLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { recordAudit } from './audit';
import { collectPersonData, exportFileName, zipPersonExport, zipToBuffer, type ExportScope } from './export';
import { purposeSchema } from './schemas';

/**
 * Exports too large to stream in one request: the worker builds the ZIP into storage and e-mails a link (to the
 * customer for their own data, to the admin who asked otherwise). The link carries a random token (only its SHA-256
 * is stored) and works only for the signed-in person it was sent to, until it expires; then the file is deleted.
 */

const log = childLogger({ module: 'privacy-export-jobs' });
const LEASE_MS = 10 * 60_000;
const MAX_ATTEMPTS = 3;

export const DATA_EXPORT_TEMPLATE = 'privacy.export_ready';

export function dataExportPath(id: string, token: string): string {
  return `/api/rodo/eksport/${id}?t=${encodeURIComponent(token)}`;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type QueueExportError =
  { kind: 'forbidden' } | { kind: 'invalid'; fieldErrors: Record<string, string[]> } | { kind: 'already_queued' };

/** Queues an export of the signed-in person's own data (`self`) or, for an admin, of anyone (`admin`). */
export async function queueDataExport(
  principal: Principal,
  request: { scope: 'self' } | { scope: 'admin'; subjectId: string; purpose: unknown; caseRef: string | null },
): Promise<Result<{ id: string }, QueueExportError>> {
  if (principal.kind !== 'user') return err({ kind: 'forbidden' });
  let subjectId = principal.userId;
  let purpose: string = 'self_service';
  if (request.scope === 'admin') {
    if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
    const parsed = purposeSchema.safeParse(request.purpose);
    if (!parsed.success) return err({ kind: 'invalid', fieldErrors: { purpose: ['rodo.errors.purposeRequired'] } });
    purpose = parsed.data;
    subjectId = request.subjectId;
    if (!(await db().user.count({ where: { id: subjectId } }))) return err({ kind: 'forbidden' });
  }
  const pending = await db().dataExport.count({ where: { subjectId, requestedById: principal.userId, status: 'PENDING' } });
  if (pending) return err({ kind: 'already_queued' });
  const row = await db().$transaction(async (tx) => {
    const created = await tx.dataExport.create({
      data: { subjectId, requestedById: principal.userId, scope: request.scope },
      select: { id: true },
    });
    await recordAudit(
      {
        actorId: principal.userId,
        action: 'export.queued',
        subjectId,
        purpose: purpose as 'self_service',
        caseRef: request.scope === 'admin' ? request.caseRef : null,
        details: { scope: request.scope, exportId: created.id },
      },
      tx,
    );
    return created;
  });
  return ok(row);
}

/** The worker's job: builds each pending export (one claim at a time, leased, so several workers share them). */
export async function processDataExports(now = new Date()): Promise<number> {
  let built = 0;
  for (;;) {
    const [claimed] = await db().$queryRaw<
      { id: string; subjectId: string; requestedById: string | null; scope: ExportScope; attempts: number }[]
    >`
      UPDATE "DataExport" SET "lockedUntil" = ${new Date(now.getTime() + LEASE_MS)}, "attempts" = "attempts" + 1
      WHERE "id" = (
        SELECT "id" FROM "DataExport"
        WHERE "status" = 'PENDING' AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now}) AND "attempts" < ${MAX_ATTEMPTS}
        ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING "id", "subjectId", "requestedById", "scope", "attempts"`;
    if (!claimed) break;
    try {
      await buildExport(claimed, now);
      built += 1;
    } catch (error) {
      log.error({ err: error, exportId: claimed.id }, 'data export failed');
      if (claimed.attempts >= MAX_ATTEMPTS) await db().dataExport.update({ where: { id: claimed.id }, data: { status: 'FAILED' } });
    }
  }
  return built;
}

async function buildExport(job: { id: string; subjectId: string; requestedById: string | null; scope: ExportScope }, now: Date) {
  const collected = await collectPersonData(job.subjectId, job.scope, now);
  if (!collected) {
    await db().dataExport.update({ where: { id: job.id }, data: { status: 'FAILED' } });
    return;
  }
  const bytes = await zipToBuffer(zipPersonExport(collected));
  const storageKey = newStorageKey(now);
  await storage().put(storageKey, bytes);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + env().PRIVACY_EXPORT_LINK_DAYS * 86_400_000);
  const recipientId = job.requestedById ?? job.subjectId;
  await db().$transaction(async (tx) => {
    await tx.dataExport.update({
      where: { id: job.id },
      data: {
        status: 'READY',
        storageKey,
        tokenHash: hashToken(token),
        size: bytes.byteLength,
        expiresAt,
        completedAt: now,
        lockedUntil: null,
      },
    });
    const recipient = await tx.user.findUnique({ where: { id: recipientId }, select: { email: true, name: true, locale: true } });
    if (recipient) {
      const locale = toLocale(recipient.locale);
      const t = translator(locale);
      const url = absoluteUrl(env().APP_URL, dataExportPath(job.id, token));
      const days = env().PRIVACY_EXPORT_LINK_DAYS;
      const { text, html } = renderEmailLayout({
        locale,
        preheader: t('rodo.email.preheader'),
        greeting: recipient.name ? t('rodo.email.greeting', { name: recipient.name }) : t('rodo.email.greetingPlain'),
        blocks: [
          { kind: 'paragraph', text: job.scope === 'self' ? t('rodo.email.introSelf') : t('rodo.email.introAdmin') },
          { kind: 'button', label: t('rodo.email.button'), url, fallbackHint: t('email.layout.linkFallback') },
          { kind: 'muted', text: t('rodo.email.expiry', { days }) },
          { kind: 'muted', text: t('rodo.email.signInHint') },
        ],
      });
      await enqueueEmail(tx, {
        template: DATA_EXPORT_TEMPLATE,
        to: { email: recipient.email, name: recipient.name },
        subject: t('rodo.email.subject'),
        text,
        html,
      });
    }
    await recordAudit(
      {
        actorId: null,
        action: 'export.ready',
        subjectId: job.subjectId,
        details: { scope: job.scope, exportId: job.id, ...collected.summary },
      },
      tx,
    );
  });
}

export type DownloadExportError = { kind: 'not_found' } | { kind: 'expired' };

/**
 * The e-mailed link: the token must match, the export must be ready and unexpired, and the signed-in person must be
 * the one it was sent to. Anything else is "not found" (an expired link says so).
 */
export async function openDataExport(
  principal: Principal,
  id: string,
  token: string | null,
  now = new Date(),
): Promise<Result<{ fileName: string; stream: NodeJS.ReadableStream; size: number }, DownloadExportError>> {
  if (principal.kind !== 'user' || !token || !/^[0-9a-f-]{36}$/i.test(id)) return err({ kind: 'not_found' });
  const row = await db().dataExport.findUnique({ where: { id } });
  if (!row || !row.tokenHash || !row.storageKey) return err({ kind: 'not_found' });
  const given = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(row.tokenHash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return err({ kind: 'not_found' });
  if ((row.requestedById ?? row.subjectId) !== principal.userId) return err({ kind: 'not_found' });
  if (row.status !== 'READY' || !row.expiresAt || row.expiresAt <= now) return err({ kind: 'expired' });
  const object = await storage().get(row.storageKey);
  if (!object) return err({ kind: 'expired' });
  await recordAudit({
    actorId: principal.userId,
    action: 'export.downloaded',
    subjectId: row.subjectId,
    details: { scope: row.scope, exportId: row.id },
  });
  return ok({
    fileName: exportFileName(row.scope as ExportScope, row.subjectId, row.completedAt ?? now),
    stream: Readable.fromWeb(object.body as import('node:stream/web').ReadableStream),
    size: object.size,
  });
}

/** The worker's clean-up: expired exports lose their file (through the storage backend) and their token. */
export async function expireDataExports(now = new Date()): Promise<number> {
  const due = await db().dataExport.findMany({
    where: { status: 'READY', expiresAt: { lte: now } },
    select: { id: true, storageKey: true },
    take: 200,
  });
  for (const row of due) {
    if (row.storageKey) await storage().delete(row.storageKey);
    await db().dataExport.update({ where: { id: row.id }, data: { status: 'EXPIRED', tokenHash: null } });
  }
  return due.length;
}
