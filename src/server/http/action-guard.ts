import { translator } from '@/i18n/messages';
import { pageLocale } from '@/server/request-context';

/**
 * Server actions (POST with a `Next-Action` header) are decoded by Next.js itself, and Next 16 answers every
 * failure there with 500, its own "Body exceeded 1mb limit" included (action-handler.js sets 500 for any error
 * of a fetch action; a TODO there says so). What can be refused before Next reads the body is refused here, with
 * a clear 4xx: a declared body over the configured limit (413) and a content type no action form sends (415).
 * A chunked body without a length is still cut off by Next at the limit, and a malformed body still fails
 * inside Next: both stay 500 until Next changes (docs/security.md).
 */

/** Must match `experimental.serverActions.bodySizeLimit` in next.config.ts. */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

const ACTION_CONTENT_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded', 'text/plain'];

export function refuseServerActionRequest(request: Request): Response | null {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  const t = translator(pageLocale(request.headers));
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (Number.isFinite(declared) && declared > SERVER_ACTION_BODY_LIMIT_BYTES) {
    return new Response(t('errors.api.tooLarge'), {
      status: 413,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!ACTION_CONTENT_TYPES.some((allowed) => type.startsWith(allowed))) {
    return new Response(t('errors.invalid'), {
      status: 415,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  return null;
}
