import http from 'node:http';
import { expect, test } from '@playwright/test';

/**
 * Server-action POSTs a browser never sends, against `next start` with the proxy in front: each is a clear 4xx,
 * never Next's 500 (src/server/http/action-guard.ts). A real action id is used, so without the guard each request
 * would reach Next's action decoder.
 */

/** POSTs `chunks` to `url` as a chunked body (no Content-Length), as a hand-made client can. */
function postChunked(url: string, headers: Record<string, string>, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
    });
    // The server may answer (and close) before the whole body is written: that is the point of the cap.
    request.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

test('malformed, oversized and chunked server-action bodies get 400 / 413, not 500', async ({ page, baseURL }) => {
  // A real action id: the one the PL/EN switch in the portal header posts to.
  await page.goto('/pomoc/kontakt');
  const [switched] = await Promise.all([
    page.waitForRequest((request) => request.method() === 'POST' && request.headers()['next-action'] !== undefined),
    page.locator('button[name="locale"][value="en"]').click(),
  ]);
  const actionId = switched.headers()['next-action'] ?? '';
  expect(actionId).toMatch(/^[0-9a-f]{40,}$/);
  const url = `${baseURL}/pomoc/kontakt`;
  const headers = { 'next-action': actionId, accept: 'text/x-component' };

  const malformedJson = await postChunked(url, { ...headers, 'content-type': 'text/plain;charset=UTF-8' }, [Buffer.from('["$K1", {')]);
  expect(malformedJson.status).toBe(400);

  const malformedForm = await postChunked(url, { ...headers, 'content-type': 'multipart/form-data; boundary=abc' }, [
    Buffer.from('--zzz\r\nx'),
  ]);
  expect(malformedForm.status).toBe(400);

  const megabyte = Buffer.alloc(512 * 1024, 0x61);
  const oversized = await postChunked(url, { ...headers, 'content-type': 'text/plain;charset=UTF-8' }, [
    megabyte,
    megabyte,
    Buffer.from('x'),
  ]);
  expect(oversized.status).toBe(413);
  expect(oversized.body).toBe('Żądanie jest za duże.');

  const wrongType = await page.request.post(url, { headers: { ...headers, 'content-type': 'application/json' }, data: '[]' });
  expect(wrongType.status()).toBe(415);
});
