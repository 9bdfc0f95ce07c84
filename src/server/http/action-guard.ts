import { translator } from '@/i18n/messages';
import { pageLocale } from '@/server/request-context';
import { formDataFrom, readBodyWithin } from './body';

/**
 * Server actions (POST with a `Next-Action` header) are decoded by Next.js itself, and Next 16 answers every
 * failure there with 500, its own "Body exceeded 1mb limit" included (action-handler.js sets 500 for any error
 * of a fetch action; a TODO there says so). What can be refused before Next reads the body is refused here, with
 * a clear 4xx: a declared body over the configured limit (413) and a content type no action form sends (415).
 * `inspectServerActionBody` then reads a copy of the body (Next buffers it for the proxy) within the same limit:
 * a chunked body over it is 413, and one that is not what React's encodeReply sends (JSON for text/plain, a
 * parsable form otherwise) is 400, so Next only ever decodes well-formed bodies (docs/security.md).
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

function refusal(status: 400 | 413, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * For a server action that `refuseServerActionRequest` let through: reads a copy of its body within the action
 * limit and checks its syntax. Null for anything that is not a server action, or a body Next can decode.
 */
export async function inspectServerActionBody(request: Request): Promise<Response | null> {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  const t = translator(pageLocale(request.headers));
  const body = await readBodyWithin(request.clone(), SERVER_ACTION_BODY_LIMIT_BYTES, { drain: true });
  if (!body.ok)
    return refusal(body.reason === 'too_large' ? 413 : 400, t(body.reason === 'too_large' ? 'errors.api.tooLarge' : 'errors.invalid'));
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('text/plain')) {
    try {
      JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes));
      return null;
    } catch {
      return refusal(400, t('errors.invalid'));
    }
  }
  return (await formDataFrom(body.bytes, request.headers.get('content-type') ?? '')) ? null : refusal(400, t('errors.invalid'));
}
