/**
 * The one way a route reads a request body: streamed, and stopped as soon as it passes `limit` bytes. A
 * declared Content-Length over the limit is refused before reading; a chunked body (no length) or one that
 * lies about its length is cut off at the limit instead of being buffered whole (`request.json()`,
 * `formData()` and `arrayBuffer()` would read whatever a client sends).
 */
import type { HeaderReader } from './plain';

export type CappedBody = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: 'too_large' | 'aborted' };

export function declaresTooLarge(request: { headers: HeaderReader }, limit: number): boolean {
  const declared = Number(request.headers.get('content-length') ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * A web stream's chunks as an async iterable; ending the iteration early (`return`, as `for await … break` does)
 * cancels the stream, as `reader.cancel()` would.
 */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/**
 * `drain`: past the limit, go on reading and discarding instead of cancelling, for a copy of a body that someone
 * else still waits to see end (the proxy's copy of a server action's body: Next.js sends the proxy's answer only
 * once the request body has ended). Memory stays bounded by `limit` either way.
 */
export function readBodyWithin(request: Request, limit: number, options: { drain?: boolean } = {}): Promise<CappedBody> {
  return readChunksWithin({ headers: request.headers, body: request.body && streamChunks(request.body) }, limit, options);
}

/**
 * The same over any source of chunks: a web request's stream (above), or node:http's request itself (the JSON
 * API's fast lane, src/server/http/fast-lane.ts), whose iteration ended early destroys it as cancelling the web
 * stream Next.js wraps around it does.
 */
export async function readChunksWithin(
  request: { headers: HeaderReader; body: AsyncIterable<Uint8Array> | null },
  limit: number,
  options: { drain?: boolean } = {},
): Promise<CappedBody> {
  if (declaresTooLarge(request, limit)) return { ok: false, reason: 'too_large' };
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const value of request.body) {
      length += value.byteLength;
      if (length <= limit) chunks.push(value);
      else if (!options.drain) return { ok: false, reason: 'too_large' };
    }
  } catch {
    // The client went away mid-body: nothing to answer, nothing to keep.
    return { ok: false, reason: 'aborted' };
  }
  if (length > limit) return { ok: false, reason: 'too_large' };
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** Parses already-capped bytes as multipart or urlencoded form data; null when they are not. */
export async function formDataFrom(bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<FormData | null> {
  try {
    return await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return null;
  }
}

/** Parses already-capped bytes as JSON; undefined when they are not JSON. */
export function jsonFrom(bytes: Uint8Array<ArrayBuffer>): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}
