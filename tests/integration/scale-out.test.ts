import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEnv, logLine, prepareBuild, startWeb, startWorkerProcess, type RunningProcess, type WebInstance } from './processes';
import { startTestBucket, type TestBucket } from './s3-server';

/**
 * The README's claim, run for real: two web instances (`next start`) and two workers on one Postgres, attachments
 * in an S3-compatible bucket, as behind a load balancer that sends each request wherever it likes.
 */

const { db } = await import('@/server/db/client');

const TOKEN = process.env.SUPPORT_API_TOKEN!;
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d494844520000000100000001080600' +
    '00001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082',
  'hex',
);

/** The mail relay both workers send through: keeps every message it accepts. */
async function startSmtpSink() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    // The workers' pooled transports keep connections open: on close, end them after a second, not 30.
    closeTimeout: 1_000,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback(null, `Queued as ${received.length}`);
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let bucket: TestBucket;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let a: WebInstance;
let b: WebInstance;
let workers: RunningProcess[] = [];

beforeAll(async () => {
  bucket = await startTestBucket();
  sink = await startSmtpSink();
  const env = appEnv({
    ...bucket.env,
    STORAGE_DRIVER: 's3',
    SMTP_URL: sink.url,
    // Three uploads per address and window, counted in Postgres: the fourth is refused whichever instance gets it.
    RATE_LIMIT_UPLOADS_PER_IP: '3',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  await prepareBuild();
  [a, b] = await Promise.all([startWeb(env), startWeb(env)]);
  workers = [startWorkerProcess(env), startWorkerProcess(env)];
  await Promise.all(workers.map((worker) => logLine(worker, (line) => line.msg === 'worker started')));
}, 300_000);

afterAll(async () => {
  await Promise.all([a?.stop(10_000), b?.stop(10_000), ...workers.map((worker) => worker.stop(10_000))]);
  await sink?.close();
  await bucket?.close();
});

async function fileTicket(on: WebInstance, i: number, screenshot?: Buffer) {
  const payload = JSON.stringify({
    reporter: { email: `skala.${i}.${randomUUID().slice(0, 6)}@sklep.pl`, name: 'Anna Skalowalna' },
    category: 'TECHNICAL_ERROR',
    subject: `Zgłoszenie ${i} z dwóch instancji`,
    actual: 'Po kliknięciu „Zapisz” strona pokazuje błąd.',
  });
  const form = new FormData();
  form.set('payload', new Blob([payload], { type: 'application/json' }));
  if (screenshot) form.set('attachments', new Blob([new Uint8Array(screenshot)], { type: 'image/png' }), 'zrzut-ekranu.png');
  const response = await fetch(`${on.url}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
  expect(response.status).toBe(201);
  return (await response.json()) as { number: string; url: string };
}

describe('two web instances and two workers on one Postgres and one bucket', () => {
  it('serves on B the screenshot of a ticket filed on A', async () => {
    const filed = await fileTicket(a, 0, PNG);
    const ticketLink = new URL(filed.url).searchParams.get('t')!;

    const fromB = await fetch(`${b.url}/api/v1/tickets/${filed.number}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(fromB.status).toBe(200);
    const ticket = (await fromB.json()) as { messages: { attachments: { id: string; fileName: string }[] }[] };
    const attachment = ticket.messages.flatMap((m) => m.attachments).find((x) => x.fileName === 'zrzut-ekranu.png');
    expect(attachment).toBeDefined();

    // The reporter's page on B lists it, and B streams its bytes from the bucket.
    const page = await fetch(`${b.url}/pomoc/zgloszenia/${filed.number}?t=${encodeURIComponent(ticketLink)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/api/attachments/${attachment!.id}`);
    const image = await fetch(`${b.url}/api/attachments/${attachment!.id}?t=${encodeURIComponent(ticketLink)}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    // Not on the disk of either instance: the bucket is the only place the bytes are.
    const row = await db().attachment.findUniqueOrThrow({ where: { id: attachment!.id } });
    expect(row.storageKey).toMatch(/^\d{4}\/\d{2}\//);
    // The first request each instance serves on four routes (a page among them) loads their code: on a machine running
    // the e2e suite beside this file that alone took over 30 s once.
  }, 90_000);

  it('sends every outbox e-mail exactly once while both workers run', async () => {
    const filed = await Promise.all(Array.from({ length: 12 }, (_, i) => fileTicket(i % 2 ? b : a, i + 1)));
    const numbers = filed.map((f) => Number(f.number.replace('VCH-', '')));
    const tickets = await db().ticket.findMany({ where: { number: { in: numbers } }, select: { id: true } });
    const ids = tickets.map((t) => t.id);

    // Until the outbox holds nothing pending for these tickets (the workers are woken by NOTIFY).
    const deadline = Date.now() + 60_000;
    while ((await db().outboundEmail.count({ where: { ticketId: { in: ids }, status: 'PENDING' } })) > 0) {
      if (Date.now() > deadline) throw new Error('outbox not drained within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const rows = await db().outboundEmail.findMany({ where: { ticketId: { in: ids } }, select: { messageId: true, status: true } });
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    for (const row of rows) {
      expect(sink.received.filter((mail) => mail.messageId === row.messageId)).toHaveLength(1);
    }
    // Each worker logs the deliveries it made: together they are exactly what the relay received, none twice. A
    // worker writes that line after its row is marked SENT, so the last lines may still be on their way here.
    const logged = () => workers.reduce((sum, worker) => sum + worker.logs.filter((line) => line.msg === 'e-mail delivered').length, 0);
    const logDeadline = Date.now() + 10_000;
    while (logged() < sink.received.length && Date.now() < logDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logged()).toBe(sink.received.length);
  });

  it('shares rate limits: the fourth upload from one address is refused, whichever instance it reaches', async () => {
    const statuses: number[] = [];
    for (const instance of [a, b, a, b]) {
      // No form session: refused (403) after it counted against the address; past the limit, 429 first.
      const response = await fetch(`${instance.url}/api/uploads`, { method: 'POST', body: new FormData() });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
  });

  it('stops all four on SIGTERM with exit code 0', async () => {
    const exits = await Promise.all([a.stop(), b.stop(), ...workers.map((worker) => worker.stop())]);
    expect(exits).toEqual(Array.from({ length: 4 }, () => ({ code: 0, signal: null })));
  });
});
