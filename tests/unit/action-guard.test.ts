import { describe, expect, it } from 'vitest';
import { inspectServerActionBody, refuseServerActionRequest, SERVER_ACTION_BODY_LIMIT_BYTES } from '@/server/http/action-guard';

const action = (headers: Record<string, string>) =>
  new Request('http://localhost/pomoc/kontakt', { method: 'POST', headers: { 'next-action': 'abc123', ...headers } });

describe('server action requests refused before Next.js reads them', () => {
  it('answers 413 in Polish for a declared body over the limit', async () => {
    const response = refuseServerActionRequest(
      action({ 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(SERVER_ACTION_BODY_LIMIT_BYTES + 1) }),
    );
    expect(response?.status).toBe(413);
    expect(await response?.text()).toBe('Żądanie jest za duże.');
  });

  it('answers 415 for a content type no action form sends', () => {
    expect(refuseServerActionRequest(action({ 'content-type': 'application/json' }))?.status).toBe(415);
  });

  it('lets ordinary action posts and non-action requests through', () => {
    expect(refuseServerActionRequest(action({ 'content-type': 'text/plain;charset=UTF-8', 'content-length': '300' }))).toBeNull();
    expect(
      refuseServerActionRequest(
        new Request('http://localhost/pomoc/kontakt', { method: 'POST', headers: { 'content-length': '99999999' } }),
      ),
    ).toBeNull();
  });

  it('matches the limit configured for Next.js', async () => {
    const config = (await import('../../next.config')).default;
    expect(config.experimental?.serverActions?.bodySizeLimit).toBe('1mb');
  });
});

/** An action POST whose body arrives in chunks with no Content-Length, as a hand-made client can send it. */
function chunkedAction(contentType: string, chunks: Uint8Array[]) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request('http://localhost/pomoc/kontakt', {
    method: 'POST',
    headers: { 'next-action': 'abc123', 'content-type': contentType },
    body,
    duplex: 'half',
  } as RequestInit);
}

const text = (value: string) => new TextEncoder().encode(value);

describe('server action bodies checked before Next.js decodes them', () => {
  it('answers 413 for a chunked body without a length that runs past the limit', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0x61);
    const response = await inspectServerActionBody(chunkedAction('text/plain;charset=UTF-8', [chunk, chunk, chunk, chunk, text('x')]));
    expect(response?.status).toBe(413);
    expect(await response?.text()).toBe('Żądanie jest za duże.');
  });

  it('answers 400 for a text body that is not the JSON React sends, or not UTF-8', async () => {
    expect((await inspectServerActionBody(chunkedAction('text/plain;charset=UTF-8', [text('["$K1", {')])))?.status).toBe(400);
    expect(
      (await inspectServerActionBody(chunkedAction('text/plain;charset=UTF-8', [new Uint8Array([0x5b, 0xff, 0xfe, 0x5d])])))?.status,
    ).toBe(400);
  });

  it('answers 400 for a multipart body that does not parse', async () => {
    const response = await inspectServerActionBody(chunkedAction('multipart/form-data; boundary=abc', [text('--zzz\r\ngarbage')]));
    expect(response?.status).toBe(400);
  });

  it('lets well-formed action bodies and other requests through, and leaves the body readable for Next', async () => {
    const json = chunkedAction('text/plain;charset=UTF-8', [text('[{"subject":"Voucher"},"$undefined"]')]);
    expect(await inspectServerActionBody(json)).toBeNull();
    expect(await json.text()).toBe('[{"subject":"Voucher"},"$undefined"]');
    const form = new FormData();
    form.set('1_subject', 'Voucher');
    const multipart = new Request('http://localhost/pomoc/kontakt', { method: 'POST', headers: { 'next-action': 'abc123' }, body: form });
    expect(await inspectServerActionBody(multipart)).toBeNull();
    expect(
      await inspectServerActionBody(new Request('http://localhost/pomoc/kontakt', { method: 'POST', body: 'not an action' })),
    ).toBeNull();
  });
});
