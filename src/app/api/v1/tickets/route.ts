import { NextResponse, type NextRequest } from 'next/server';
import { apiError, guardDatabase } from '@/app/_lib/route-guard';
import { isValidApiRequest } from '@/server/auth/api-token';
import { env } from '@/server/env';
import { formDataFrom, jsonFrom, readBodyWithin } from '@/server/http/body';
import { apiLocale } from '@/server/request-context';
import { fileTicketFromApi, invalidBody, type ApiFile, type ApiOutcome } from '@/server/tickets/file-from-api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = guardDatabase(async (request: NextRequest) => {
  if (!(await isValidApiRequest(request.headers))) {
    return apiError(401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' });
  }
  const locale = apiLocale(request.headers);
  const contentType = request.headers.get('content-type') ?? '';
  const isJson = contentType.startsWith('application/json');
  if (!isJson && !contentType.startsWith('multipart/form-data')) return respond(invalidBody(locale, 'contentType'));

  // Streamed with a hard cap, whether or not the client declared a length.
  const body = await readBodyWithin(request, env().UPLOAD_MAX_TOTAL_MB + 1024 * 1024);
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

function respond(outcome: ApiOutcome) {
  if (outcome.status !== 201) return apiError(outcome.status, { errors: outcome.errors });
  const { ticket } = outcome;
  return NextResponse.json(
    { number: ticket.displayNumber, id: ticket.id, status: ticket.status, url: ticket.url },
    { status: 201, headers: ticket.replayed ? { 'Idempotent-Replayed': 'true' } : {} },
  );
}
