import { guardDatabase } from '@/app/_lib/route-guard';
import { randomUUID } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { translator } from '@/i18n/messages';
import type { Locale } from '@/i18n/config';
import { pageLocale } from '@/server/request-context';
import {
  acceptUpload,
  describeAttachmentError,
  requestTooLargeError,
  type AttachmentError,
  type AttachmentErrorCode,
} from '@/server/attachments';
import { safeFileName } from '@/server/attachments/filename';
import { FORM_SESSION_COOKIE, verifyFormSession } from '@/server/attachments/form-session';
import { getViewerForRequest } from '@/server/auth/viewer';
import { chatTokenFrom, verifyChatToken } from '@/server/chat/token';
import { env } from '@/server/env';
import { declaresTooLarge, formDataFrom, readBodyWithin } from '@/server/http/body';
import { logger } from '@/server/logger';
import { clientIp, hitAll } from '@/server/rate-limit';

/**
 * One file per request, uploaded by the browser before the form is sent (per-file progress); the returned
 * token is what the ticket form submits. Contract: 201 { token, id, fileName, size, contentType, kind };
 * errors { error: { code, message } } with 400, 403, 413, 415, 429 or 500.
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
  return reply(status, { error: { code, message } }, headers);
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

async function fileFromMultipart(request: NextRequest, body: Uint8Array<ArrayBuffer>): Promise<File | null> {
  const form = await formDataFrom(body, request.headers.get('content-type') ?? '');
  const files = form?.getAll('file').filter((value): value is File => value instanceof File) ?? [];
  return files.length === 1 ? (files[0] ?? null) : null;
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

  // A signed-in person is the source of their uploads; so is a chat's customer by the chat's token (the widget's
  // iframe on another site gets none of our cookies); anyone else needs the form session their page view got
  // (src/proxy.ts), and their unclaimed bytes are capped per address and per session.
  const viewer = await getViewerForRequest(request);
  const chat = viewer.kind === 'user' ? null : await verifyChatToken(chatTokenFrom(request));
  const formSession = viewer.kind === 'user' || chat ? null : verifyFormSession(request.cookies.get(FORM_SESSION_COOKIE)?.value);
  if (viewer.kind !== 'user' && !chat && !formSession) return failure(403, 'form_session', t('errors.attachments.formSession'));

  const body = await readBodyWithin(request, bodyLimit);
  if (!body.ok) return tooLarge();
  const file = await fileFromMultipart(request, body.bytes);
  if (!file) return failure(400, 'no_file', t('errors.attachments.noFile'));

  try {
    const result = await acceptUpload({
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      uploaderId: viewer.kind === 'user' ? viewer.user.id : (chat?.customerId ?? null),
      source: viewer.kind === 'user' ? `user:${viewer.user.id}` : chat ? `user:${chat.customerId}` : `ip:${ip}`,
      formSession,
    });
    if (!result.ok) return attachmentFailure(result.error, locale);
    const { token, id, fileName, size, contentType, kind } = result.value;
    return reply(201, { token, id, fileName, size, contentType, kind });
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId }, 'upload failed');
    return failure(
      500,
      'upload_failed',
      `${t('errors.attachments.uploadFailed', { name: safeFileName(file.name) })} (${requestId.slice(0, 8)})`,
    );
  }
});
