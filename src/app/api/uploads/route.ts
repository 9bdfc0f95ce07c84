import { guardDatabase } from '@/app/_lib/route-guard';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import type { NextRequest } from 'next/server';
import { translator } from '@/i18n/messages';
import type { Locale } from '@/i18n/config';
import { pageLocale } from '@/server/request-context';
import {
  acceptUploadStream,
  discardUnclaimedUpload,
  describeAttachmentError,
  requestTooLargeError,
  type AttachmentError,
  type AttachmentErrorCode,
  type UploadedAttachment,
  type UploadOrigin,
} from '@/server/attachments';
import type { Result } from '@/server/result';
import { safeFileName } from '@/server/attachments/filename';
import { FORM_SESSION_COOKIE, verifyFormSession } from '@/server/attachments/form-session';
import { getViewerForRequest } from '@/server/auth/viewer';
import { chatTokenFrom, verifyChatToken } from '@/server/chat/token';
import { env } from '@/server/env';
import { declaresTooLarge } from '@/server/http/body';
import { logger } from '@/server/logger';
import { clientIp, hitAll } from '@/server/rate-limit';
import { requestIdOrNew } from '@/server/request-id';

/**
 * One file per request, uploaded by the browser before the form is sent (per-file progress); the returned
 * token is what the ticket form submits. Contract: 201 { token, id, fileName, size, contentType, kind };
 * errors { error: { code, message }, requestId } with 400, 403, 413, 415, 429 or 500.
 */
export const runtime = 'nodejs';

// Room for the multipart boundaries and part headers around the file itself.
const MULTIPART_OVERHEAD = 64 * 1024;

const STATUS_BY_CODE: Record<AttachmentErrorCode, number> = {
  empty: 400,
  too_large: 413,
  type_refused: 415,
  too_many: 400,
  total_too_large: 413,
  expired: 400,
  source_full: 429,
  storage_full: 503,
};

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  // The token is a credential: no cache may keep it.
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

function failure(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return reply(status, { error: { code, message }, requestId: requestIdOrNew() }, headers);
}

function attachmentFailure(error: AttachmentError, locale: Locale): Response {
  return failure(STATUS_BY_CODE[error.code], error.code, describeAttachmentError(error, locale));
}

/** Browsers always send Origin on a cross-site POST; server-to-server clients send none and are let through. */
function isCrossOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return true;
  }
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  const ownOrigins = [new URL(request.url).origin, new URL(env().APP_URL).origin];
  return originUrl.host !== host && !ownOrigins.includes(originUrl.origin);
}

type Received =
  | { kind: 'file'; fileName: string; result: Result<UploadedAttachment, AttachmentError> }
  | { kind: 'failed'; fileName: string; error: unknown }
  | { kind: 'no_file' };

type Accepted = { fileName: string; result: Result<UploadedAttachment, AttachmentError> } | { fileName: string; error: unknown };

/**
 * Streams the multipart body: the one `file` part goes straight into `acceptUploadStream` (spooled, checked,
 * stored), never whole in memory; other parts are small fields and are skipped. A body that is not multipart,
 * breaks off, or has no `file` part or more than one, is `no_file` (a stored first file is discarded again).
 */
async function receiveFile(request: NextRequest, origin: UploadOrigin): Promise<Received> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body || !contentType.toLowerCase().startsWith('multipart/form-data')) return { kind: 'no_file' };
  let parser: busboy.Busboy;
  try {
    // fileSize one past the limit: the spool sees the excess and answers too_large (busboy would only truncate).
    parser = busboy({
      headers: { 'content-type': contentType },
      // Browsers send UTF-8 file names unencoded in the part header; busboy's default would read them as Latin-1.
      defParamCharset: 'utf8',
      limits: { files: 2, fileSize: env().UPLOAD_MAX_FILE_MB + 1, fields: 20, fieldSize: 4096, parts: 24 },
    });
  } catch {
    return { kind: 'no_file' };
  }
  let accepted: Promise<Accepted> | undefined;
  let files = 0;
  parser.on('file', (field, stream, info) => {
    files += 1;
    if (field !== 'file' || accepted) {
      stream.resume();
      return;
    }
    const fileName = info.filename ?? '';
    accepted = acceptUploadStream({ ...origin, fileName, stream }).then(
      (result) => ({ fileName, result }),
      (error: unknown) => ({ fileName, error }),
    );
  });
  let broken = false;
  try {
    await pipeline(Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>), parser);
  } catch {
    broken = true;
  }
  const received = await accepted;
  if (!received) return { kind: 'no_file' };
  if ('error' in received) return { kind: 'failed', ...received };
  if (broken || files !== 1) {
    if (received.result.ok) await discardUnclaimedUpload(received.result.value.id);
    return { kind: 'no_file' };
  }
  return { kind: 'file', ...received };
}

export const POST = guardDatabase(async (request: NextRequest): Promise<Response> => {
  const locale = pageLocale(request.headers);
  const t = translator(locale);
  if (isCrossOrigin(request)) return failure(403, 'cross_origin', t('errors.attachments.crossOrigin'));

  const bodyLimit = env().UPLOAD_MAX_FILE_MB + MULTIPART_OVERHEAD;
  const tooLarge = () => attachmentFailure(requestTooLargeError(), locale);
  if (declaresTooLarge(request, bodyLimit)) return tooLarge();

  const ip = clientIp(request.headers);
  const limit = await hitAll([{ key: `upload:ip:${ip}`, limit: env().RATE_LIMIT_UPLOADS_PER_IP }]);
  if (!limit.allowed) {
    return failure(429, 'rate_limited', t('errors.attachments.rateLimited'), { 'Retry-After': String(limit.retryAfterSeconds) });
  }

  // A signed-in person is the source of their uploads; so is a live chat's customer by the chat's token (the chat
  // widget is a third-party iframe, where cookies may not travel). Anyone else needs the form session their page
  // view got (src/proxy.ts), and their unclaimed bytes are capped per address and per session.
  const viewer = await getViewerForRequest(request);
  const chat = viewer.kind === 'user' ? null : await verifyChatToken(chatTokenFrom(request));
  const formSession = viewer.kind === 'user' || chat ? null : verifyFormSession(request.cookies.get(FORM_SESSION_COOKIE)?.value);
  if (viewer.kind !== 'user' && !chat && !formSession) return failure(403, 'form_session', t('errors.attachments.formSession'));

  const received = await receiveFile(request, {
    uploaderId: viewer.kind === 'user' ? viewer.user.id : (chat?.customerId ?? null),
    source: viewer.kind === 'user' ? `user:${viewer.user.id}` : chat ? `user:${chat.customerId}` : `ip:${ip}`,
    formSession,
  });
  if (received.kind === 'failed') {
    const requestId = requestIdOrNew();
    logger.error({ err: received.error, requestId }, 'upload failed');
    return failure(
      500,
      'upload_failed',
      `${t('errors.attachments.uploadFailed', { name: safeFileName(received.fileName) })} (${requestId.slice(0, 8)})`,
    );
  }
  if (received.kind === 'no_file') return failure(400, 'no_file', t('errors.attachments.noFile'));
  const { result } = received;
  if (!result.ok) return attachmentFailure(result.error, locale);
  const { token, id, fileName, size, contentType, kind } = result.value;
  return reply(201, { token, id, fileName, size, contentType, kind });
});
