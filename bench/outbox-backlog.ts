/**
 * Part of `npm run bench:mail`: the outbox under a backlog. BACKLOG staff notifications are queued at once and two
 * workers drain them into an SMTP sink that, like an MTA with a greeting delay (postscreen) or any provider behind
 * TLS, charges every new connection GREETING_DELAY_MS. Meanwhile, status e-mails to customers are committed one by
 * one: the figure is how long each waits behind the backlog (commit → accepted by the sink), and how much of the
 * backlog was still queued when the last of them went (so the figure was taken under the backlog). Figures only.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { LoadResult } from './load';

const BACKLOG = 5_000;
const GREETING_DELAY_MS = 100;
const STATUS_MAILS = 50;
const STATUS_SPACING_MS = 50;

export interface BacklogFigures {
  drain: { mails: number; seconds: number; connections: number; pendingWhenStatusMailsEnded: number };
  statusMail: LoadResult;
}

export async function outboxUnderBacklog(ticketId: string): Promise<BacklogFigures> {
  const { db } = await import('../src/server/db/client');
  const { enqueueEmails } = await import('../src/server/mail/outbound/outbox');
  const { startWorker } = await import('../src/server/jobs/worker');
  const { createTransport } = await import('../src/server/mail/outbound/sender');

  const accepted = new Set<string>();
  const waiting = new Map<string, () => void>();
  let connections = 0;
  let bulkAccepted = 0;
  let bulkDone: () => void = () => undefined;
  const allBulkAccepted = new Promise<void>((resolve) => {
    bulkDone = resolve;
  });
  const sink = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 1_000,
    onConnect(_session, callback) {
      connections += 1;
      setTimeout(() => callback(), GREETING_DELAY_MS);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '';
        if (/^Subject: \[bulk\]/im.test(raw)) {
          bulkAccepted += 1;
          if (bulkAccepted === BACKLOG) bulkDone();
        } else {
          accepted.add(id);
          waiting.get(id)?.();
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;

  // The backlog, as a burst of tickets leaves it: staff notifications, to many agents.
  for (let start = 0; start < BACKLOG; start += 500) {
    await db().$transaction((tx) =>
      enqueueEmails(
        tx,
        Array.from({ length: Math.min(500, BACKLOG - start) }, (_, i) => ({
          template: 'agent.notification',
          ticketId: null,
          to: { email: `agent${(start + i) % 40}@vouchie.localhost` },
          subject: `[bulk] New ticket ${start + i}`, // ASCII: the sink tells bulk mail by its raw Subject line
          text: 'Nowe zgłoszenie w kolejce.',
          html: '<p>Nowe zgłoszenie w kolejce.</p>',
        })),
      ),
    );
  }

  const transports = [createTransport({ smtpUrl }), createTransport({ smtpUrl })];
  const started = performance.now();
  const workers = transports.map((transport, i) => startWorker({ workerId: `backlog-${i}`, transport, pollMs: 60_000 }));
  await Promise.all(workers.map((worker) => worker.listening));

  // Spread over the drain, as customers' status changes would be; each measured from its commit to the sink.
  const latencies: number[] = [];
  const measuredFrom = performance.now();
  for (let i = 0; i < STATUS_MAILS; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, STATUS_SPACING_MS));
    let markDelivered: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => {
      markDelivered = resolve;
    });
    const committed = performance.now();
    const [queued] = await db().$transaction((tx) =>
      enqueueEmails(tx, [
        {
          template: 'ticket.status_changed',
          ticketId,
          to: { email: 'klient@firma.pl' },
          subject: '[VCH-1] Status',
          text: 'Rozwiązane',
          html: '<p>Rozwiązane</p>',
        },
      ]),
    );
    const messageId = queued?.messageId ?? '';
    if (!accepted.has(messageId)) {
      waiting.set(messageId, markDelivered);
      await delivered;
    }
    latencies.push(performance.now() - committed);
  }
  const statusMail: LoadResult = {
    label: `status e-mail → SMTP accepted, behind a ${BACKLOG.toLocaleString('en')}-mail backlog`,
    total: STATUS_MAILS,
    concurrency: 1,
    errors: 0,
    seconds: (performance.now() - measuredFrom) / 1000,
    latencies,
  };
  const pendingBulkAtEnd = BACKLOG - bulkAccepted;
  await allBulkAccepted;
  const seconds = (performance.now() - started) / 1000;

  await Promise.all(workers.map((worker) => worker.stop()));
  for (const transport of transports) transport.close();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  return { drain: { mails: BACKLOG, seconds, connections, pendingWhenStatusMailsEnded: pendingBulkAtEnd }, statusMail };
}
