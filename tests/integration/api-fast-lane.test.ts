import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEnv, prepareBuild, startWeb, type WebInstance } from './processes';

/**
 * POST /api/v1/tickets served by the fast lane (src/server/http/fast-lane.ts, straight from node:http) and by
 * Next.js's route: two `next start` instances of the same build on one database, one with HTTP_FAST_LANE=false,
 * get the same requests and must give the same answers: status, every header (names in the order sent; the date
 * and the request id aside), and body (ids, numbers and links of new tickets aside). The database reaches both
 * through a TCP relay this file can cut, for the 503.
 */

const TOKEN = process.env.SUPPORT_API_TOKEN!;

let relay: net.Server;
const relayed = new Set<net.Socket>();
let lane: WebInstance;
let next: WebInstance;

/** A TCP relay to Postgres; `cut()` closes every connection and refuses new ones. */
async function startRelay(): Promise<string> {
  const target = new URL(process.env.DATABASE_URL!);
  relay = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    relayed.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((relay.address() as net.AddressInfo).port);
  return url.toString();
}

async function cutRelay(): Promise<void> {
  const closed = new Promise<void>((resolve) => relay.close(() => resolve()));
  for (const socket of relayed) socket.destroy();
  await closed;
}

interface Answer {
  status: number;
  /** [lower-case name, value] in the order sent, without Date and X-Request-Id. */
  headers: [string, string][];
  requestId: string;
  body: unknown;
  encoding: string | undefined;
}

interface Call {
  headers?: Record<string, string>;
  body: string | Buffer;
  /** Sent chunked (no Content-Length), in pieces of this size. */
  chunked?: number;
}

function send(base: string, call: Call): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/api/v1/tickets`, { method: 'POST', headers: call.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = response.headers['content-encoding'];
        const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        const headers: [string, string][] = [];
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          const name = response.rawHeaders[i]!.toLowerCase();
          if (name !== 'date' && name !== 'x-request-id') headers.push([name, response.rawHeaders[i + 1]!]);
        }
        resolve({
          status: response.statusCode ?? 0,
          headers,
          requestId: String(response.headers['x-request-id']),
          body: JSON.parse(text) as unknown,
          encoding,
        });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    if (call.chunked) {
      const body = Buffer.from(call.body);
      for (let offset = 0; offset < body.length; offset += call.chunked) request.write(body.subarray(offset, offset + call.chunked));
      request.end();
    } else {
      request.end(call.body);
    }
  });
}

/** The answer with what differs by nature between two calls (the request id, a new ticket's id, number and link) set aside. */
function comparable(answer: Answer) {
  const body = structuredClone(answer.body) as Record<string, unknown>;
  if ('requestId' in body) {
    // Quoted in the body as in the header (the id is the same one everywhere).
    expect(body.requestId).toBe(answer.requestId);
    body.requestId = '<request id>';
  }
  if (answer.status === 201) {
    expect(body.number).toMatch(/^VCH-\d+$/);
    expect(body.url).toMatch(new RegExp(`/pomoc/zgloszenia/${String(body.number)}\\?t=`));
    body.number = body.id = body.url = '<new ticket>';
  }
  return { status: answer.status, headers: answer.headers, body, encoding: answer.encoding };
}

const json = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${TOKEN}`,
  'content-type': 'application/json',
  ...extra,
});

function ticket(overrides: Record<string, unknown> = {}) {
  return {
    reporter: {
      email: `szybki.${randomUUID().slice(0, 8)}@sklep.pl`,
      name: 'Anna Nowak',
      company: { externalId: 'cmp-lane', name: 'Sklep', plan: 'PREMIUM' },
    },
    category: 'TECHNICAL_ERROR',
    subject: 'Voucher odrzucony przy kasie',
    actual: 'Kasa pokazuje błąd przy realizacji.',
    reproSteps: ['Zeskanuj kod', 'Zatwierdź'],
    identifiers: [{ kind: 'VOUCHER_CODE', value: `GIFT-${randomUUID().slice(0, 6)}` }],
    ...overrides,
  };
}

function multipart(parts: { name: string; value: string | Buffer; fileName?: string; type?: string }[]) {
  const boundary = `----lane${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName ? `; filename="${part.fileName}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n`));
    if (part.type) chunks.push(Buffer.from(`Content-Type: ${part.type}\r\n`));
    chunks.push(Buffer.from('\r\n'), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** Sends each call to both instances (fresh reporter each time when `call` is a function) and compares the answers. */
async function expectSameAnswers(label: string, call: Call | (() => Call)): Promise<Answer> {
  const make = typeof call === 'function' ? call : () => call;
  const viaLane = await send(lane.url, make());
  const viaNext = await send(next.url, make());
  expect(comparable(viaLane), label).toEqual(comparable(viaNext));
  return viaLane;
}

beforeAll(async () => {
  await prepareBuild();
  const databaseUrl = await startRelay();
  const env = (fastLane: string) =>
    appEnv({
      DATABASE_URL: databaseUrl,
      HTTP_FAST_LANE: fastLane,
      // A small body limit (1 MiB of files + 1 MiB) and per-source room for unclaimed files (≈ 100 bytes): 413 and 429.
      UPLOAD_MAX_TOTAL_MB: '1',
      UPLOAD_UNCLAIMED_MAX_MB_PER_SOURCE: '0.0001',
      DATABASE_WAIT_MS: '1000',
    });
  [lane, next] = await Promise.all([startWeb(env('true')), startWeb(env('false'))]);
  // The route module offers its handler to the lane when Next first loads it: one request through Next each.
  for (const instance of [lane, next])
    expect((await send(instance.url, { headers: json(), body: JSON.stringify(ticket()) })).status).toBe(201);
}, 300_000);

afterAll(async () => {
  await Promise.all([lane?.stop(5_000), next?.stop(5_000)]);
  await new Promise((resolve) => relay?.close(resolve));
});

describe('POST /api/v1/tickets: the fast lane answers as Next does', () => {
  it('files tickets (JSON, chunked JSON, multipart with a file) with the same answer', async () => {
    await expectSameAnswers('JSON', () => ({ headers: json(), body: JSON.stringify(ticket()) }));
    await expectSameAnswers('JSON, gzip accepted', () => ({
      headers: json({ 'accept-encoding': 'gzip' }),
      body: JSON.stringify(ticket()),
    }));
    await expectSameAnswers('chunked JSON', () => ({ headers: json(), body: JSON.stringify(ticket()), chunked: 100 }));
    // Smaller than the per-source room of this file's instances (the attachment is claimed by its ticket at once).
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e5b34c0000000049454e44ae426082',
      'hex',
    );
    await expectSameAnswers('multipart', () => {
      const form = multipart([
        { name: 'payload', value: JSON.stringify(ticket()) },
        { name: 'attachments', value: png, fileName: 'kropka.png', type: 'image/png' },
      ]);
      return { headers: { authorization: `Bearer ${TOKEN}`, 'content-type': form.contentType }, body: form.body };
    });
  });

  it('replays an Idempotency-Key across the lanes', async () => {
    const key = randomUUID();
    const body = JSON.stringify(ticket());
    const first = await send(next.url, { headers: json({ 'idempotency-key': key }), body });
    const again = await expectSameAnswers('replay', { headers: json({ 'idempotency-key': key }), body });
    expect(again.headers).toContainEqual(['idempotent-replayed', 'true']);
    expect((again.body as { id: string }).id).toBe((first.body as { id: string }).id);
  });

  it('refuses the same way: token, content type, JSON, schema (localised), size, attachments', async () => {
    const good = JSON.stringify(ticket());
    const cases: [string, Call][] = [
      ['no token', { headers: { 'content-type': 'application/json' }, body: good }],
      ['wrong token', { headers: json({ authorization: 'Bearer vst_not-a-real-token-at-all' }), body: good }],
      ['wrong token, gzip', { headers: json({ authorization: 'Bearer nope', 'accept-encoding': 'gzip, deflate' }), body: good }],
      ['text/plain', { headers: json({ 'content-type': 'text/plain' }), body: good }],
      ['bad JSON', { headers: json(), body: '{"subject": ' }],
      ['bad JSON, gzip', { headers: json({ 'accept-encoding': 'gzip' }), body: '{"subject": ' }],
      [
        'schema, Polish',
        { headers: json(), body: JSON.stringify(ticket({ subject: 'abc', reporter: { email: 'nie-email', name: 'A' } })) },
      ],
      [
        'schema, English',
        { headers: json({ 'accept-language': 'en' }), body: JSON.stringify(ticket({ subject: 'abc', category: 'NOPE' })) },
      ],
      ['schema, locale cookie', { headers: json({ cookie: 'NEXT_LOCALE=en' }), body: JSON.stringify({}) }],
      ['declared too large', { headers: json({ 'content-length': String(3 * 1024 * 1024) }), body: '' }],
      ['bad multipart', { headers: json({ 'content-type': 'multipart/form-data; boundary=x' }), body: 'not multipart' }],
    ];
    for (const [label, call] of cases) await expectSameAnswers(label, call);

    const refused = (name: string, value: Buffer, type: string) => () => {
      const form = multipart([
        { name: 'payload', value: JSON.stringify(ticket()) },
        { name: 'attachments', value, fileName: name, type },
      ]);
      return { headers: { authorization: `Bearer ${TOKEN}`, 'content-type': form.contentType }, body: form.body };
    };
    const exe = await expectSameAnswers(
      '415',
      refused('obraz.png', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]), 'image/png'),
    );
    expect(exe.status).toBe(415);
    // More than the ≈ 100 bytes one source may hold unclaimed: 429.
    const full = await expectSameAnswers(
      '429',
      refused('app.log', Buffer.from('2026-12-07 ERROR voucher expired\n'.repeat(10)), 'text/plain'),
    );
    expect(full.status).toBe(429);
  });

  it('cuts a chunked body off at the limit the same way', async () => {
    const tooLarge = await expectSameAnswers('chunked, too large', {
      headers: json(),
      body: Buffer.alloc(2 * 1024 * 1024 + 1024, 0x20),
      chunked: 64 * 1024,
    });
    expect(tooLarge.status).toBe(413);
  });

  it('served the requests above from the lane on one instance and from Next on the other (access log)', () => {
    const lines = (instance: WebInstance) => instance.logs.filter((line) => line.msg === 'request' && line.path === '/api/v1/tickets');
    // Each instance's first request (before the route module was loaded) went through Next.
    const [, ...afterFirst] = lines(lane);
    expect(afterFirst.length).toBeGreaterThan(15);
    expect(afterFirst.filter((line) => line.lane !== 'fast')).toEqual([]);
    expect(lines(next).filter((line) => line.lane === 'fast')).toEqual([]);
  });

  it('answers 503 with Retry-After, localised, when the database is unreachable', async () => {
    await cutRelay();
    const down = await expectSameAnswers('database down', () => ({
      headers: json({ 'accept-language': 'en' }),
      body: JSON.stringify(ticket()),
    }));
    expect(down.status).toBe(503);
    expect(down.headers).toContainEqual(['retry-after', '5']);
  });
});
