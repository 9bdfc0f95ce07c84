/**
 * The one way a route reads a request body: streamed, and stopped as soon as it passes `limit` bytes. A
 * declared Content-Length over the limit is refused before reading; a chunked body (no length) or one that
 * lies about its length is cut off at the limit instead of being buffered whole (`request.json()`,
 * `formData()` and `arrayBuffer()` would read whatever a client sends).
 */
export type CappedBody = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: 'too_large' | 'aborted' };

export function declaresTooLarge(request: Request, limit: number): boolean {
  const declared = Number(request.headers.get('content-length') ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

export async function readBodyWithin(request: Request, limit: number): Promise<CappedBody> {
  if (declaresTooLarge(request, limit)) return { ok: false, reason: 'too_large' };
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > limit) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(value);
    }
  } catch {
    // The client went away mid-body: nothing to answer, nothing to keep.
    return { ok: false, reason: 'aborted' };
  }
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
