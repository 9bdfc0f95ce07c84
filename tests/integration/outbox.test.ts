import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { freePort } from '../support/ports';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/server/db/client';
import { MAX_ATTEMPTS, processOutboxBatch, retryDelayMs } from '@/server/jobs/outbox-worker';
import { startWorker } from '@/server/jobs/worker';
import { enqueueEmail, type EmailToEnqueue } from '@/server/mail/outbound/outbox';
import { capturedEmailPath, createTransport, type MailTransport } from '@/server/mail/outbound/sender';
import { renderTicketReceived } from '@/server/mail/outbound/templates';

/** A real SMTP server on a loopback port that parses and keeps every message it accepts. */
async function startSmtpServer() {
  const received: ParsedMail[] = [];
  const listeners = new Set<() => void>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    // The outbox's pooled transport keeps idle connections open: on close, end them after a second, not 30.
    closeTimeout: 1_000,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          for (const listener of listeners) listener();
          callback(null, `Queued as test-${received.length}`);
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Resolves once `count` messages have arrived in total. */
    waitForMessages(count: number): Promise<void> {
      return new Promise((resolve) => {
        const check = () => {
          if (received.length >= count) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function email(overrides: Partial<EmailToEnqueue> = {}): EmailToEnqueue {
  return {
    template: 'ticket.received',
    ticketId: null,
    to: { email: 'anna@firma.pl', name: 'Anna Nowak' },
    subject: '[VCH-99999] Test',
    text: 'Treść',
    html: '<p>Treść</p>',
    ...overrides,
  };
}

function enqueue(overrides: Partial<EmailToEnqueue> = {}) {
  return db().$transaction((tx) => enqueueEmail(tx, email(overrides)));
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
});

afterAll(async () => {
  await smtp.close();
});

beforeEach(async () => {
  // Workers take every due row, so each test starts from an empty outbox and sees only what it enqueued.
  await db().outboundEmail.deleteMany();
  smtp.received.length = 0;
});

describe('outbox over SMTP', () => {
  it('delivers an enqueued e-mail once, with its stable Message-ID and [VCH-…] subject, and records SENT with the server reply', async () => {
    const user = await db().user.create({ data: { email: `reporter-${Date.now()}@firma.pl`, name: 'Anna Nowak' } });
    const { ticket, queued } = await db().$transaction(async (tx) => {
      const ticket = await tx.ticket.create({ data: { subject: 'Voucher nie działa', category: 'TECHNICAL_ERROR', reporterId: user.id } });
      const mail = renderTicketReceived({
        locale: 'pl',
        recipientName: user.name,
        ticketNumber: `VCH-${ticket.number}`,
        subject: ticket.subject,
        categoryLabel: 'Błąd techniczny',
        priorityLabel: 'Normalny',
        summary: 'Kod odrzucony przy kasie.',
        ticketUrl: `http://localhost:3000/pomoc/zgloszenia/${ticket.id}`,
        createdAt: ticket.createdAt,
        quoteSubmission: true,
      });
      const queued = await enqueueEmail(tx, {
        template: 'ticket.received',
        ticketId: ticket.id,
        to: { email: user.email, name: user.name },
        ...mail,
      });
      return { ticket, queued };
    });
    // A ticket's e-mail carries its signed reply token in the Message-ID (threading for replies).
    expect(queued.messageId).toMatch(/^<t\.[a-z2-7]{40}\.[a-z0-9]+@vouchie\.localhost>$/);

    const transport = createTransport({ smtpUrl: smtp.url });
    expect(await processOutboxBatch({ workerId: 'w1', transport })).toEqual({ sent: 1, captured: 0, failed: 0, retried: 0 });
    expect(await processOutboxBatch({ workerId: 'w1', transport })).toEqual({ sent: 0, captured: 0, failed: 0, retried: 0 });

    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message?.messageId).toBe(queued.messageId);
    expect(message?.subject).toBe(`[VCH-${ticket.number}] Voucher nie działa`);
    expect(message?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message?.text).toContain('Zobacz zgłoszenie');
    const { parseReplyAddress, tokenFromMessageId, verifyReplyToken } = await import('@/server/mail/threading');
    const replyTo = message?.replyTo?.value[0]?.address ?? '';
    const token = parseReplyAddress(replyTo);
    expect(token).toBe(tokenFromMessageId(queued.messageId));
    expect(verifyReplyToken(token!, user.email)).toEqual({ valid: true, ticketId: ticket.id, recipientChecked: true });

    const row = await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, lockedUntil: null, lastError: null, ticketId: ticket.id });
    expect(row.smtpResponse).toMatch(/^250 .*Queued as test-1/);
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('two workers running at once deliver each of 20 e-mails exactly once', async () => {
    const queued = await db().$transaction(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i += 1) ids.push((await enqueueEmail(tx, email({ subject: `[VCH-99999] Nr ${i}` }))).messageId);
      return ids;
    });
    const transport = createTransport({ smtpUrl: smtp.url });
    // Forced overlap, not hoped for: worker A sends nothing of its first batch until worker B has claimed a batch of
    // its own beside it (six rows claimed while A's three are still unsent), so the two really work the outbox at once.
    let overlapped = false;
    let gate: Promise<void> | undefined;
    const holdingA: MailTransport = {
      mode: transport.mode,
      async send(message, row) {
        gate ??= vi
          .waitFor(async () => expect(await db().outboundEmail.count({ where: { attempts: { gt: 0 } } })).toBeGreaterThanOrEqual(6), {
            timeout: 10_000,
            interval: 20,
          })
          .then(() => {
            overlapped = true;
          });
        await gate;
        return transport.send(message, row);
      },
      close: () => undefined,
    };
    const drain = async (workerId: string, through: MailTransport) => {
      let total = 0;
      for (;;) {
        const result = await processOutboxBatch({ workerId, batchSize: 3, transport: through });
        if (result.sent === 0) return total;
        total += result.sent;
      }
    };

    const [a, b] = await Promise.all([drain('worker-a', holdingA), drain('worker-b', transport)]);
    expect(overlapped).toBe(true);

    expect(a + b).toBe(20);
    const delivered = smtp.received.map((mail) => mail.messageId);
    expect(delivered).toHaveLength(20);
    expect(new Set(delivered).size).toBe(20);
    expect([...delivered].sort()).toEqual([...queued].sort());
    expect(await db().outboundEmail.count({ where: { status: 'SENT', attempts: 1 } })).toBe(20);
  });

  it('sends a sign-in link before mail to customers, and both before staff notifications, whatever their age', async () => {
    const staff = await enqueue({ template: 'agent.new_ticket', subject: '[VCH-99999] dla zespołu' });
    const customer = await enqueue({ template: 'ticket.status_changed', subject: '[VCH-99999] status' });
    const signIn = await enqueue({ template: 'auth.magicLink', subject: 'Link do logowania' });
    const before = smtp.received.length;
    const transport = createTransport({ smtpUrl: smtp.url });
    try {
      // One row a batch and one send at a time: the order of the batches is the order of the mails.
      for (let i = 0; i < 3; i += 1) {
        expect(await processOutboxBatch({ workerId: 'order', batchSize: 1, concurrency: 1, transport })).toMatchObject({ sent: 1 });
      }
    } finally {
      transport.close();
    }
    expect(smtp.received.slice(before).map((mail) => mail.messageId)).toEqual([signIn.messageId, customer.messageId, staff.messageId]);
  });

  it('sends a batch several at a time over a few reused SMTP connections, each mail once', async () => {
    const connections: string[] = [];
    const pooled = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      closeTimeout: 1_000,
      onConnect(session, callback) {
        connections.push(session.id);
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => pooled.listen(0, '127.0.0.1', resolve));
    const { port } = pooled.server.address() as AddressInfo;
    const queued = await db().$transaction(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < 24; i += 1) ids.push((await enqueueEmail(tx, email({ subject: `[VCH-99999] Pula ${i}` }))).id);
      return ids;
    });
    const transport = createTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, connections: 3 });
    try {
      expect(await processOutboxBatch({ workerId: 'pool', batchSize: 24, concurrency: 3, transport })).toMatchObject({
        sent: 24,
        retried: 0,
      });
    } finally {
      transport.close();
      await new Promise<void>((resolve) => pooled.close(() => resolve()));
    }
    expect(connections.length).toBeGreaterThanOrEqual(1);
    expect(connections.length).toBeLessThanOrEqual(3);
    expect(await db().outboundEmail.count({ where: { id: { in: queued }, status: 'SENT' } })).toBe(24);
  });

  it('skips rows another worker holds locked instead of waiting for them', async () => {
    const held = await enqueue({ subject: '[VCH-99999] held' });
    const free = await enqueue({ subject: '[VCH-99999] free' });
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM "OutboundEmail" WHERE "id" = $1 FOR UPDATE', [held.id]);

      const transport = createTransport({ smtpUrl: smtp.url });
      expect(await processOutboxBatch({ workerId: 'w1', transport })).toMatchObject({ sent: 1 });
      expect(smtp.received.map((mail) => mail.messageId)).toEqual([free.messageId]);

      await other.query('ROLLBACK');
      expect(await processOutboxBatch({ workerId: 'w1', transport })).toMatchObject({ sent: 1 });
      expect(smtp.received.map((mail) => mail.messageId)).toEqual([free.messageId, held.messageId]);
    } finally {
      await other.end();
    }
  });

  it('leaves a row leased by another worker alone until the lease runs out, then takes it over', async () => {
    const queued = await enqueue();
    const leaseEnd = new Date(Date.now() + 60_000);
    await db().outboundEmail.update({ where: { id: queued.id }, data: { lockedUntil: leaseEnd, attempts: 1 } });
    const transport = createTransport({ smtpUrl: smtp.url });

    expect(await processOutboxBatch({ workerId: 'w2', transport })).toMatchObject({ sent: 0 });
    expect(await processOutboxBatch({ workerId: 'w2', transport, now: new Date(leaseEnd.getTime() + 1) })).toMatchObject({ sent: 1 });
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('keeps the row PENDING with back-off while the SMTP server is down, and sends it once the server is back', async () => {
    const queued = await enqueue();
    const down = createTransport({ smtpUrl: `smtp://127.0.0.1:${await freePort()}` });
    const now = new Date();

    expect(await processOutboxBatch({ workerId: 'w1', transport: down, now })).toEqual({ sent: 0, captured: 0, failed: 0, retried: 1 });
    const failed = await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } });
    expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, lockedUntil: null, sentAt: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    // 2^1 × 30 s ± 20 %
    const delay = failed.nextAttemptAt.getTime() - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(48_000);
    expect(delay).toBeLessThanOrEqual(72_000);

    const up = createTransport({ smtpUrl: smtp.url });
    expect(await processOutboxBatch({ workerId: 'w1', transport: up, now })).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(0);

    const later = new Date(failed.nextAttemptAt.getTime() + 1_000);
    expect(await processOutboxBatch({ workerId: 'w1', transport: up, now: later })).toMatchObject({ sent: 1 });
    expect(smtp.received.map((mail) => mail.messageId)).toEqual([queued.messageId]);
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: 'SENT',
      attempts: 2,
      lastError: null,
    });
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts and marks the row FAILED`, async () => {
    const queued = await enqueue();
    const down = createTransport({ smtpUrl: `smtp://127.0.0.1:${await freePort()}` });
    let now = new Date();
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect(await processOutboxBatch({ workerId: 'w1', transport: down, now })).toMatchObject({ retried: 1, failed: 0 });
      now = new Date((await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } })).nextAttemptAt.getTime() + 1);
    }
    expect(await processOutboxBatch({ workerId: 'w1', transport: down, now })).toMatchObject({ retried: 0, failed: 1 });
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: 'FAILED',
      attempts: MAX_ATTEMPTS,
    });
    const muchLater = new Date(now.getTime() + 24 * 3_600_000);
    expect(await processOutboxBatch({ workerId: 'w1', transport: createTransport({ smtpUrl: smtp.url }), now: muchLater })).toMatchObject({
      sent: 0,
    });
  });

  it('gives up on a server that accepts the connection but never greets, after the greeting timeout', async () => {
    // A tarpit: the TCP connection opens, the SMTP greeting never comes. The transport's own timeouts must apply
    // (nodemailer's default would hold the lease-bound worker for 30 s).
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const transport = createTransport({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      timeouts: { connection: 2_000, greeting: 300, socket: 2_000 },
    });
    try {
      await expect(
        transport.send({ from: 'wsparcie@vouchie.localhost', to: 'klient@firma.pl', subject: 'x', text: 'x' }, { id: 'tarpit' }),
      ).rejects.toThrow(/greeting/i);
    } finally {
      transport.close();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 10_000);

  it('backs off exponentially up to an hour', () => {
    const middle = () => 0.5;
    expect(retryDelayMs(1, middle)).toBe(60_000);
    expect(retryDelayMs(3, middle)).toBe(240_000);
    expect(retryDelayMs(7, middle)).toBe(3_600_000);
    expect(retryDelayMs(7, () => 0)).toBe(2_880_000);
  });
});

describe('outbox in capture mode', () => {
  let captureDir: string;

  beforeAll(async () => {
    captureDir = await mkdtemp(path.join(os.tmpdir(), 'vouchie-mail-'));
  });

  afterAll(async () => {
    await rm(captureDir, { recursive: true, force: true });
  });

  it('writes a parseable .eml with the stored Message-ID and marks the row CAPTURED', async () => {
    const queued = await enqueue({
      subject: '[VCH-99999] Zażółć gęślą 🎟️',
      text: 'Treść zgłoszenia',
      html: '<p>Treść zgłoszenia</p>',
      inReplyTo: '<parent@vouchie.localhost>',
      references: ['<parent@vouchie.localhost>'],
    });

    const transport = createTransport({ captureDir });
    expect(await processOutboxBatch({ workerId: 'w1', transport })).toEqual({ sent: 0, captured: 1, failed: 0, retried: 0 });

    const file = capturedEmailPath(queued.id, captureDir);
    const raw = await readFile(file);
    expect(raw.includes('\r\n')).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe(queued.messageId);
    expect(parsed.subject).toBe('[VCH-99999] Zażółć gęślą 🎟️');
    expect(parsed.text?.trim()).toBe('Treść zgłoszenia');
    expect(parsed.html).toContain('<p>Treść zgłoszenia</p>');
    expect(parsed.inReplyTo).toBe('<parent@vouchie.localhost>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.from?.text).toContain('wsparcie@vouchie.localhost');

    const row = await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } });
    expect(row).toMatchObject({ status: 'CAPTURED', attempts: 1, lockedUntil: null });
    expect(row.smtpResponse).toContain(file);
    expect(smtp.received).toHaveLength(0);
  });
});

describe('enqueueEmail', () => {
  it('leaves no outbox row when the transaction that wrote it rolls back', async () => {
    let messageId: string | undefined;
    await expect(
      db().$transaction(async (tx) => {
        ({ messageId } = await enqueueEmail(tx, email()));
        throw new Error('the ticket could not be saved');
      }),
    ).rejects.toThrow('the ticket could not be saved');

    expect(messageId).toBeDefined();
    expect(await db().outboundEmail.findUnique({ where: { messageId } })).toBeNull();
    expect(await db().outboundEmail.count()).toBe(0);
  });
});

describe('worker', () => {
  /** Counts how often the worker went idle, so a test can wait for it without sleeping. */
  function idleCounter() {
    let count = 0;
    const waiters: { target: number; resolve: () => void }[] = [];
    return {
      onIdle() {
        count += 1;
        for (const waiter of waiters.filter((w) => count >= w.target)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      },
      reached(target: number): Promise<void> {
        return count >= target ? Promise.resolve() : new Promise((resolve) => waiters.push({ target, resolve }));
      },
    };
  }

  it('wakes on the commit of a new e-mail through LISTEN/NOTIFY, without waiting for its poll interval', async () => {
    const idle = idleCounter();
    const worker = startWorker({
      workerId: 'listen-test',
      transport: createTransport({ smtpUrl: smtp.url }),
      pollMs: 3_600_000,
      onIdle: idle.onIdle,
    });
    try {
      expect(await worker.listening).toBe(true);
      // Idle once after the start-up batch and once after the batch the new listener triggers (it cannot know
      // what was committed before it listened); from then on only a notification can wake it within the hour.
      await idle.reached(2);
      const queued = await enqueue();
      await smtp.waitForMessages(1);
      expect(smtp.received.map((mail) => mail.messageId)).toEqual([queued.messageId]);
    } finally {
      await worker.stop();
    }
  });

  it('reconnects its listener when the connection drops and catches up on what was committed meanwhile', async () => {
    const idle = idleCounter();
    const worker = startWorker({
      workerId: 'reconnect-test',
      transport: createTransport({ smtpUrl: smtp.url }),
      pollMs: 3_600_000,
      onIdle: idle.onIdle,
    });
    try {
      expect(await worker.listening).toBe(true);
      await idle.reached(2);
      const killed = await db().$queryRaw<{ killed: boolean }[]>`
        SELECT pg_terminate_backend("pid") AS killed FROM pg_stat_activity WHERE "application_name" = 'vouchie-worker:reconnect-test'`;
      expect(killed).toEqual([{ killed: true }]);
      const queued = await enqueue();
      await smtp.waitForMessages(1);
      expect(smtp.received.map((mail) => mail.messageId)).toEqual([queued.messageId]);
    } finally {
      await worker.stop();
    }
  });
});

describe('a ticket filed while the SMTP server is down', () => {
  it('is created at once, and its confirmation e-mail goes out when the server is back', async () => {
    const { createTicket } = await import('@/server/tickets/create');
    const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
    const reporter = `smtp-down.${Date.now()}@firma.pl`;
    const created = await createTicket({
      fields: ticketFieldsSchema.parse({
        category: 'TECHNICAL_ERROR',
        subject: 'Błąd przy realizacji',
        actual: 'Voucher nie przechodzi w kasie.',
      }),
      reporter: { email: reporter, name: 'Jan Kowalski' },
      channel: 'WEB',
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    // Only the reporter's confirmation is under test: agents' new-ticket notifications (if any staff exist) aside.
    await db().outboundEmail.deleteMany({ where: { ticketId: created.value.id, template: 'agent.new_ticket' } });

    const down = createTransport({ smtpUrl: `smtp://127.0.0.1:${await freePort()}` });
    expect(await processOutboxBatch({ workerId: 'down', transport: down })).toMatchObject({ sent: 0, retried: 1 });
    const pending = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: created.value.id } });
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(await db().ticket.count({ where: { id: created.value.id } })).toBe(1);

    const smtp = await startSmtpServer();
    const up = createTransport({ smtpUrl: smtp.url });
    try {
      const later = new Date(pending.nextAttemptAt.getTime() + 1_000);
      expect(await processOutboxBatch({ workerId: 'up', transport: up, now: later })).toMatchObject({ sent: 1 });
      await smtp.waitForMessages(1);
      // A guest's confirmation names the ticket by its number only (docs/security.md).
      expect(smtp.received[0]?.subject).toBe(`[${created.value.displayNumber}] Otrzymaliśmy zgłoszenie`);
      expect(smtp.received[0]?.text).toContain(created.value.url);
    } finally {
      up.close();
      await smtp.close();
    }
  });
});

describe("threading of a ticket's e-mails", () => {
  it('points each later e-mail to the same recipient at the earlier ones', async () => {
    const user = await db().user.create({ data: { email: `thread-${Date.now()}@firma.pl`, name: 'Jan' } });
    const ticket = await db().ticket.create({ data: { subject: 'Wątek', category: 'OTHER', reporterId: user.id } });
    const send = (subject: string) =>
      db().$transaction((tx) => enqueueEmail(tx, email({ ticketId: ticket.id, to: { email: user.email, name: 'Jan' }, subject })));
    const first = await send('pierwsza');
    const second = await send('druga');
    const third = await send('trzecia');
    const rows = await db().outboundEmail.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => r.messageId)).toEqual([first.messageId, second.messageId, third.messageId]);
    expect(rows[0]).toMatchObject({ inReplyTo: null, references: [] });
    expect(rows[1]).toMatchObject({ inReplyTo: first.messageId, references: [first.messageId] });
    expect(rows[2]).toMatchObject({ inReplyTo: second.messageId, references: [first.messageId, second.messageId] });
    expect(new Set(rows.map((r) => (r.headers as Record<string, string>)['Reply-To'])).size).toBe(1);
  });
});

describe('hard-bounced recipients', () => {
  it('are not mailed again: an e-mail written after the bounce is SUPPRESSED at once, with the reason', async () => {
    const address = `bounced-${Date.now()}@firma.pl`;
    await db().user.create({ data: { email: address, name: 'Odbity', emailBouncedAt: new Date(), emailBounceReason: '5.1.1' } });
    const queued = await enqueue({ to: { email: address, name: null } });
    expect(queued.suppressed).toBe(true);
    const smtp = await startSmtpServer();
    try {
      const result = await processOutboxBatch({ workerId: 'bounce', transport: createTransport({ smtpUrl: smtp.url }) });
      expect(result).toEqual({ sent: 0, captured: 0, failed: 0, retried: 0 });
      expect(smtp.received).toHaveLength(0);
      const row = await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } });
      expect(row).toMatchObject({
        status: 'SUPPRESSED',
        attempts: 0,
        lastError: 'recipient address hard-bounced earlier (5.1.1); not sent',
      });
    } finally {
      await smtp.close();
    }
  });

  it('a bounce recorded after the e-mail was written stops it at sending time, as SUPPRESSED (not FAILED)', async () => {
    const address = `bounced-later-${Date.now()}@firma.pl`;
    const user = await db().user.create({ data: { email: address, name: 'Odbity później' } });
    const queued = await enqueue({ to: { email: address, name: null } });
    expect(queued.suppressed).toBe(false);
    await db().user.update({ where: { id: user.id }, data: { emailBouncedAt: new Date(), emailBounceReason: '5.1.1' } });
    const smtp = await startSmtpServer();
    try {
      const result = await processOutboxBatch({ workerId: 'bounce', transport: createTransport({ smtpUrl: smtp.url }) });
      expect(result).toEqual({ sent: 0, captured: 0, failed: 0, retried: 0 });
      expect(smtp.received).toHaveLength(0);
      const row = await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } });
      expect(row).toMatchObject({
        status: 'SUPPRESSED',
        attempts: 0,
        lockedUntil: null,
        lastError: 'recipient address hard-bounced earlier; not sent',
      });
    } finally {
      await smtp.close();
    }
  });
});
