import { isValidApiRequest } from '@/server/auth/api-token';
import { env } from '@/server/env';
import { formDataFrom, jsonFrom, readChunksWithin } from '@/server/http/body';
import { apiErrorPlain, guardPlain, plainJson, type PlainRequest, type PlainResponse } from '@/server/http/plain';
import { apiLocale } from '@/server/request-context';
import { fileTicketFromApi, invalidBody, type ApiFile, type ApiOutcome } from './file-from-api';

/**
 * POST /api/v1/tickets, whole: token, body (JSON, or multipart with attachments), schema, `createTicket`, and the
 * answer. The route handler (src/app/api/v1/tickets/route.ts) serves it through Next.js and hands the same
 * function to the JSON API's fast lane (src/server/http/fast-lane.ts), which serves it straight from node:http.
 */
export const postTicket: (request: PlainRequest) => Promise<PlainResponse> = guardPlain(async (request) => {
  if (!(await isValidApiRequest(request.headers))) {
    return apiErrorPlain(401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' });
  }
  const locale = apiLocale(request.headers);
  const contentType = request.headers.get('content-type') ?? '';
  const isJson = contentType.startsWith('application/json');
  if (!isJson && !contentType.startsWith('multipart/form-data')) return respond(invalidBody(locale, 'contentType'));

  // Streamed with a hard cap, whether or not the client declared a length.
  const body = await readChunksWithin(request, env().UPLOAD_MAX_TOTAL_MB + 1024 * 1024);
  if (!body.ok) return respond(invalidBody(locale, body.reason === 'too_large' ? 'tooLarge' : 'payload'));

  let payload: unknown;
  const files: ApiFile[] = [];
  if (isJson) {
    payload = jsonFrom(body.bytes);
    if (payload === undefined) return respond(invalidBody(locale, 'json'));
  } else {
    const form = await formDataFrom(body.bytes, contentType);
    const part = form?.get('payload');
    const text = typeof part === 'string' ? part : part ? await part.text() : null;
    if (!form || text === null) return respond(invalidBody(locale, 'payload'));
    try {
      payload = JSON.parse(text);
    } catch {
      return respond(invalidBody(locale, 'json'));
    }
    for (const entry of form.getAll('attachments')) {
      if (typeof entry !== 'string') files.push({ name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
    }
  }

  const idempotencyKey = request.headers.get('idempotency-key')?.trim().slice(0, 128) || undefined;
  return respond(await fileTicketFromApi(payload, files, { idempotencyKey, locale }));
});

function respond(outcome: ApiOutcome): PlainResponse {
  if (outcome.status !== 201) return apiErrorPlain(outcome.status, { errors: outcome.errors });
  const { ticket } = outcome;
  return plainJson(
    201,
    { number: ticket.displayNumber, id: ticket.id, status: ticket.status, url: ticket.url },
    // A few hundred bytes, never cached: gzipping them (Next compresses every response its client accepts gzip
    // for) cost more CPU than the bytes it saves (docs/performance.md). `no-transform` tells Next's compression to
    // leave it as is.
    { 'Cache-Control': 'no-store, no-transform', ...(ticket.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
  );
}
