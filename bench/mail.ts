/**
 * `npm run bench:mail`: e-mail figures on a throwaway database (never pass/fail on time).
 *   ingest  mails/s and latency through ingestEmail() and over a real SMTP connection to the receiver, on a
 *           mixed corpus: new requests, threaded replies, replies with an attachment, auto-replies. Each way in
 *           first takes WARMUP mails that are not counted (JIT, Prisma's query-plan cache, pools): the figures
 *           are the steady state of a running worker, not its first second.
 *   outbox  time from the commit of a status change's e-mail to SMTP acceptance, with the worker listening, on an
 *           idle outbox and behind a 5,000-mail backlog; and how fast two workers drain that backlog
 *           (bench/outbox-backlog.ts)
 * `--ingest-only` stops after the two ingest figures.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { appBenchDatabase } from './app-database';
import { LOAD_ALIGN, LOAD_HEADERS, loadAverage, loadRows, runLoad, table, type LoadResult } from './load';
import { outboxUnderBacklog } from './outbox-backlog';
import { corpusMail, seedThreads } from './mail-corpus';

const CORPUS = 600;
/** `npm run bench:mail -- --ingest-only`: the two inbound figures, without the outbox's (which take minutes). */
const INGEST_ONLY = process.argv.includes('--ingest-only');
/** Mails ingested before each measured run, not counted. */
const WARMUP = 40;
/** Concurrent SMTP sessions, each sending one mail after another (as a sending MTA's queue runner does). */
const SMTP_CONNECTIONS = 8;

/** Phases on stderr as they go, so a long or stuck run shows where it is. */
function progress(what: string) {
  console.error(`[bench:mail] ${what}`);
}

async function main() {
  const { database, dispose } = await appBenchDatabase('mail', {
    RATE_LIMIT_TICKETS_PER_EMAIL: '100000',
    // The outbox figure sends 100 status e-mails on one ticket to one address: the storm brakes must not
    // suppress them (the bench would wait forever for a mail that is never sent).
    MAIL_CAP_PER_RECIPIENT_PER_HOUR: '100000',
    MAIL_CAP_PER_TICKET_PER_HOUR: '100000',
  });
  try {
    const { db } = await import('../src/server/db/client');
    const { ingestEmail } = await import('../src/server/mail/inbound/ingest');
    const { startSmtpReceiver } = await import('../src/server/mail/inbound/smtp-receiver');
    const { enqueueEmail } = await import('../src/server/mail/outbound/outbox');
    const { startWorker } = await import('../src/server/jobs/worker');
    const { createTransport } = await import('../src/server/mail/outbound/sender');

    const threads = await seedThreads();
    const corpus = (i: number) => corpusMail(threads, i);

    const results: LoadResult[] = [];
    const direct = await Promise.all(Array.from({ length: CORPUS + WARMUP }, (_, i) => corpus(i)));
    progress('ingest corpus built');
    await runLoad(
      'warm-up',
      { total: WARMUP, concurrency: 4 },
      async (i) => void (await ingestEmail(direct[CORPUS + i]!, { source: 'smtp' })),
    );
    results.push(
      await runLoad(
        'ingestEmail(), 4 concurrent',
        { total: CORPUS, concurrency: 4 },
        async (i) => void (await ingestEmail(direct[i]!, { source: 'smtp' })),
      ),
    );

    const receiver = await startSmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      domains: ['vouchie.localhost'],
      maxBytes: 40 * 1024 * 1024,
      onMessage: async (raw) => void (await ingestEmail(raw, { source: 'smtp' })),
    });
    const overSmtp = await Promise.all(Array.from({ length: CORPUS + WARMUP }, (_, i) => corpus(i + CORPUS + WARMUP)));
    await sendFromAnotherThread('warm-up', receiver.port, overSmtp.slice(CORPUS), SMTP_CONNECTIONS);
    // The sending side is another MTA, not this process: it runs in its own thread (another core), so the figure
    // is what the receiver and the ingest sustain, not the client's CPU time taken from them.
    results.push(
      await sendFromAnotherThread(
        `SMTP → receiver → ingest, ${SMTP_CONNECTIONS} connections`,
        receiver.port,
        overSmtp.slice(0, CORPUS),
        SMTP_CONNECTIONS,
      ),
    );
    await receiver.close();
    if (INGEST_ONLY) {
      console.log(`\nInbound mail (${CORPUS} mixed mails per way in after ${WARMUP} not counted)`);
      console.log(`Postgres: ${describeConnection(database.url)}\n`);
      console.log(table(LOAD_HEADERS, loadRows(results), LOAD_ALIGN));
      console.log(`\nLoad average at the end: ${loadAverage()}`);
      await db().$disconnect();
      return;
    }

    // Outbox: a sink SMTP server; time from commit to its acceptance, the worker woken by NOTIFY.
    const accepted = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    const sink = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const id = /^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
          accepted.set(id, performance.now());
          waiting.get(id)?.();
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const sinkPort = (sink.server.address() as AddressInfo).port;
    const worker = startWorker({
      workerId: 'bench',
      transport: createTransport({ smtpUrl: `smtp://127.0.0.1:${sinkPort}` }),
      pollMs: 60_000,
    });
    await worker.listening;
    // The ingest above queued confirmations and notifications: let the worker drain that backlog first, so the
    // figure is the latency of one change on an idle outbox.
    progress('draining the outbox backlog');
    while ((await db().outboundEmail.count({ where: { status: 'PENDING' } })) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const ticketId = (await db().ticket.findFirstOrThrow({ select: { id: true } })).id;
    results.push(
      await runLoad('status change → SMTP accepted (outbox)', { total: 100, concurrency: 1 }, async () => {
        let markDelivered: () => void = () => undefined;
        const delivered = new Promise<void>((resolve) => {
          markDelivered = resolve;
        });
        const { messageId } = await db().$transaction((tx) =>
          enqueueEmail(tx, {
            template: 'ticket.statusChanged',
            ticketId,
            to: { email: 'klient@firma.pl' },
            subject: '[VCH-1] Status',
            text: 'Rozwiązane',
            html: '<p>Rozwiązane</p>',
          }),
        );
        // No await between the check and the registration: the sink cannot slip in between.
        if (accepted.has(messageId)) return;
        waiting.set(messageId, markDelivered);
        await delivered;
      }),
    );
    await worker.stop();
    await new Promise<void>((resolve) => sink.close(() => resolve()));

    progress('outbox under a backlog');
    const backlog = await outboxUnderBacklog(ticketId);
    results.push(backlog.statusMail);

    console.log(
      `\nE-mail (${CORPUS} mixed mails per way in after ${WARMUP} not counted: new requests, replies, replies with a PNG, auto-replies)`,
    );
    console.log(`Postgres: ${describeConnection(database.url)}\n`);
    console.log(table(LOAD_HEADERS, loadRows(results), LOAD_ALIGN));
    console.log(
      `\nOutbox drain: ${backlog.drain.mails.toLocaleString('en')} mails in ${backlog.drain.seconds.toFixed(1)} s = ${Math.round(
        backlog.drain.mails / backlog.drain.seconds,
      ).toLocaleString(
        'en',
      )} mails/s, two workers, ${backlog.drain.connections} SMTP connections opened (the sink delays each greeting 100 ms); ${backlog.drain.pendingWhenStatusMailsEnded.toLocaleString('en')} of the backlog still queued when the last status e-mail was accepted`,
    );
    // Mails/s are only comparable between runs on an equally quiet machine.
    console.log(`\nLoad average at the end: ${loadAverage()}`);
    await db().$disconnect();
  } finally {
    await dispose();
  }
}

/** Where the database is, without credentials: loopback TCP and a Unix socket give different figures. */
function describeConnection(url: string): string {
  const parsed = new URL(url);
  const socket = parsed.searchParams.get('host');
  return socket ? `Unix socket in ${socket}` : `TCP ${parsed.hostname}:${parsed.port || 5432}`;
}

/** The sending MTA: a pooled nodemailer transport in a worker thread; latency from handing over a mail to its 250. */
// Its sockets have Nagle's algorithm off, as the outbox's own transport does (connectWithoutDelay in sender.ts):
// with it on, nodemailer's separate write of the final "." waits ~40 ms for the receiver's delayed ACK on every
// message, and the figure would measure that wait instead of the receiver.
const SENDER_SOURCE = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const nodemailer = require(workerData.nodemailer);
const { port, mails, connections } = workerData;
const getSocket = (options, callback) => {
  const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
  socket.once('error', (error) => callback(error));
  socket.once('connect', () => callback(null, { connection: socket }));
};
const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: connections, maxMessages: Infinity, getSocket });
const latencies = [];
let errors = 0;
let firstError;
let next = 0;
const started = performance.now();
const lane = async () => {
  while (next < mails.length) {
    const raw = Buffer.from(mails[next++]);
    const t0 = performance.now();
    try {
      await transport.sendMail({ envelope: { from: 'bench@firma.pl', to: ['wsparcie@vouchie.localhost'] }, raw });
    } catch (error) {
      errors++;
      firstError ??= String(error && error.message || error);
    }
    latencies.push(performance.now() - t0);
  }
};
Promise.all(Array.from({ length: connections }, lane)).then(() => {
  transport.close();
  parentPort.postMessage({ latencies, errors, firstError, seconds: (performance.now() - started) / 1000 });
});
`;

async function sendFromAnotherThread(label: string, port: number, mails: Buffer[], connections: number): Promise<LoadResult> {
  const worker = new Worker(SENDER_SOURCE, {
    eval: true,
    workerData: {
      port,
      connections,
      mails: mails.map((mail) => new Uint8Array(mail)),
      nodemailer: createRequire(import.meta.url).resolve('nodemailer'),
    },
  });
  const result = await new Promise<Omit<LoadResult, 'label' | 'total' | 'concurrency'>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  return { label, total: mails.length, concurrency: connections, ...result };
}

await main();
process.exit(0);
