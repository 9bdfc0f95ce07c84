import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEmailFixture } from '../fixtures/email/fixtures';
import { startDovecot, type DovecotServer } from './dovecot';

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-imap-'));

const { db } = await import('@/server/db/client');
const { env } = await import('@/server/env');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');
const { parseImapUrl, pollMailboxOnce, startImapPoller } = await import('@/server/mail/inbound/imap-poller');
const { startInboundImap } = await import('@/server/jobs/inbound');
type PollerOptions = Parameters<typeof startImapPoller>[0];
type PassSummary = Parameters<NonNullable<PollerOptions['onPass']>>[0];

/** The IMAP poller against a real Dovecot: mail appended to INBOX, ingested, moved; crashes and failures. */

let dovecot: DovecotServer;
let mailbox: ImapFlow;

beforeAll(async () => {
  dovecot = await startDovecot();
  // Read by env() on its first call, which comes later (the worker's wiring is tested with it below).
  process.env.IMAP_URL = `imap://${encodeURIComponent(dovecot.user)}:${encodeURIComponent(dovecot.password)}@${dovecot.host}:${dovecot.port}`;
  mailbox = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await mailbox.connect();
});

afterAll(async () => {
  // The socket is closed, not logged out: a LOGOUT waits for an answer, and a hook must not wait on a server.
  mailbox?.close();
  await dovecot?.stop();
});

function options(overrides: Partial<PollerOptions> = {}): PollerOptions {
  const config = env();
  return {
    // Through the same URL parsing the worker uses (user with an @, URL-encoded).
    account: parseImapUrl(
      `imap://${encodeURIComponent(dovecot.user)}:${encodeURIComponent(dovecot.password)}@${dovecot.host}:${dovecot.port}`,
    ),
    mailbox: config.IMAP_MAILBOX,
    processedMailbox: config.IMAP_PROCESSED_MAILBOX,
    failedMailbox: config.IMAP_FAILED_MAILBOX,
    pollMs: 10 * 60_000,
    maxBytes: config.SMTP_INBOUND_MAX_MB,
    ...overrides,
  };
}

/** Messages in `folder`; 0 before the poller created it. */
async function count(folder: string): Promise<number> {
  if (!(await mailbox.list()).some((entry) => entry.path === folder)) return 0;
  const status = await mailbox.status(folder, { messages: true });
  return status ? (status.messages ?? 0) : 0;
}

/** Message-IDs the test owns, so that a rerun (or another file in the same database) never turns these into duplicates. */
function withMessageId(raw: Buffer, messageId: string): Buffer {
  const text = raw.toString('latin1');
  const replaced = text.replace(/^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `Message-ID: ${messageId}`);
  if (replaced === text) throw new Error('fixture without a Message-ID header');
  return Buffer.from(replaced, 'latin1');
}

const freshId = () => `<${randomUUID()}@imap-test.example.pl>`;

async function ticketWithConfirmation(email: string) {
  const created = await createTicket({
    fields: ticketFieldsSchema.parse({
      category: 'TECHNICAL_ERROR',
      subject: 'Voucher nie działa w kasie',
      actual: 'Pojawia się komunikat, że wygasł.',
    }),
    reporter: { email, name: 'Anna Nowak' },
    channel: 'WEB',
  });
  if (!created.ok) throw new Error('ticket not created');
  const confirmation = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: created.value.id } });
  return { ticket: created.value, confirmation, replyTo: (confirmation.headers as Record<string, string>)['Reply-To']! };
}

/** Runs a poller until `done` holds for the passes so far, then stops it. */
async function runUntil(
  overrides: Partial<PollerOptions>,
  done: (passes: PassSummary[]) => boolean | Promise<boolean>,
): Promise<PassSummary[]> {
  const passes: PassSummary[] = [];
  let finish: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const poller = startImapPoller(
    options({
      ...overrides,
      onPass: (summary) => {
        passes.push(summary);
        void Promise.resolve(done(passes)).then((ok) => ok && finish(), fail);
      },
    }),
  );
  try {
    await finished;
  } finally {
    await poller.stop();
  }
  return passes;
}

const total = (passes: PassSummary[], key: keyof PassSummary) => passes.reduce((sum, pass) => sum + pass[key], 0);

describe('IMAP poller (real Dovecot)', () => {
  it('drains INBOX into tickets and threads, moves every message to the processed folder, and waits on IDLE', async () => {
    const reporter = `anna.${randomUUID().slice(0, 8)}@kwiaciarnia.pl`;
    const { ticket, confirmation, replyTo } = await ticketWithConfirmation(reporter);
    const replyId = freshId();
    const reply = await new MailComposer({
      messageId: replyId,
      from: `Anna Nowak <${reporter}>`,
      to: replyTo,
      subject: `Re: ${confirmation.subject}`,
      inReplyTo: confirmation.messageId,
      text: 'Po restarcie kasy działa.\n\nW dniu pt., 27 lis 2026 o 10:15 Wsparcie Vouchie <wsparcie@vouchie.localhost> napisał(a):\n> Otrzymaliśmy Twoje zgłoszenie',
    })
      .compile()
      .build();
    const newRequestId = freshId();
    const withFilesId = freshId();
    const autoReplyId = freshId();
    const processedBefore = await count(options().processedMailbox);
    await mailbox.append('INBOX', withMessageId(readEmailFixture('thunderbird-pl.eml'), newRequestId));
    await mailbox.append('INBOX', withMessageId(readEmailFixture('apple-mail-pl.eml'), withFilesId));
    await mailbox.append('INBOX', withMessageId(readEmailFixture('auto-reply-pl.eml'), autoReplyId));
    await mailbox.append('INBOX', reply);
    const lateId = freshId();

    const passes = await runUntil({}, async (seen) => {
      // After the first pass the poller is in IDLE (the poll interval is 10 minutes): only EXISTS can wake it.
      if (seen.length === 1) await mailbox.append('INBOX', withMessageId(readEmailFixture('html-only.eml'), lateId));
      return total(seen, 'processed') >= 5;
    });
    expect(passes[0]).toEqual({ processed: 4, duplicates: 0, failed: 0, retrying: 0 });
    expect(total(passes, 'processed')).toBe(5);

    expect(await count('INBOX')).toBe(0);
    expect(await count(options().processedMailbox)).toBe(processedBefore + 5);

    const rows = await db().inboundEmail.findMany({
      where: { messageId: { in: [newRequestId, withFilesId, autoReplyId, lateId, replyId] } },
      include: { ticket: { include: { reporter: true, messages: { include: { attachments: true } } } } },
    });
    expect(rows.map((row) => row.source)).toEqual(Array(5).fill('imap'));
    const byId = new Map(rows.map((row) => [row.messageId, row]));

    const newRequest = byId.get(newRequestId)!;
    expect(newRequest).toMatchObject({
      status: 'PROCESSED',
      ticket: { channel: 'EMAIL', reporter: { email: 'anna.nowak@stokrotka.com.pl' } },
    });
    expect(newRequest.ticket?.messages[0]?.body).toMatch(/^Dzień dobry,\n\nvoucher o kodzie STOK-2026-77 został zrealizowany dwa razy/);

    const withFiles = byId.get(withFilesId)!;
    expect(withFiles.ticket?.reporter.email).toBe('piotr@salon-piekna.pl');
    expect(withFiles.ticket?.messages[0]?.attachments.map((a) => a.contentType).sort()).toEqual(['application/pdf', 'image/png']);

    expect(byId.get(autoReplyId)).toMatchObject({ status: 'IGNORED', ticketId: null });
    expect(byId.get(replyId)).toMatchObject({ status: 'PROCESSED', ticketId: ticket.id });
    expect(byId.get(lateId)).toMatchObject({ status: 'PROCESSED', ticket: { reporter: { email: 'ewa.zielinska@wp.pl' } } });

    const thread = await db().message.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(thread).toHaveLength(2);
    expect(thread[1]).toMatchObject({ type: 'CUSTOMER', channel: 'EMAIL', body: 'Po restarcie kasy działa.' });

    // A second run finds nothing to do and changes nothing.
    const tickets = await db().ticket.count();
    expect(await pollMailboxOnce(options())).toEqual({ processed: 0, duplicates: 0, failed: 0, retrying: 0 });
    expect(await db().ticket.count()).toBe(tickets);
    expect(await count(options().processedMailbox)).toBe(processedBefore + 5);
  });

  it('re-delivers a message whose ingest committed but whose move never happened, and dedupes it: one ticket', async () => {
    const sender = `crash.${randomUUID().slice(0, 8)}@spa.pl`;
    const raw = await new MailComposer({
      messageId: freshId(),
      from: `Ola Kowal <${sender}>`,
      to: 'wsparcie@vouchie.localhost',
      subject: 'Voucher nie przechodzi w kasie',
      text: 'Kod VCH-TEST-1 pokazuje błąd przy realizacji.',
    })
      .compile()
      .build();
    await mailbox.append('INBOX', raw);
    const processedBefore = await count(options().processedMailbox);

    // The worker dies right after the ingest's commit, before the move.
    const crashed = await pollMailboxOnce(
      options({
        ingest: async (message) => {
          await ingestEmail(message, { source: 'imap' });
          throw new Error('worker killed after the commit');
        },
      }),
    );
    expect(crashed).toEqual({ processed: 0, duplicates: 0, failed: 0, retrying: 1 });
    expect(await count('INBOX')).toBe(1);
    expect(await db().ticket.count({ where: { reporter: { email: sender } } })).toBe(1);

    const recovered = await pollMailboxOnce(options());
    expect(recovered).toEqual({ processed: 1, duplicates: 1, failed: 0, retrying: 0 });
    expect(await count('INBOX')).toBe(0);
    expect(await count(options().processedMailbox)).toBe(processedBefore + 1);
    expect(await db().ticket.count({ where: { reporter: { email: sender } } })).toBe(1);
    expect(await db().inboundEmail.count({ where: { fromEmail: sender } })).toBe(1);
  });

  it('moves mail it cannot take to the failed folder, never deletes it: over the size cap, or failing on every try', async () => {
    const failedBefore = await count(options().failedMailbox);
    const sender = `big.${randomUUID().slice(0, 8)}@spa.pl`;
    const big = await new MailComposer({
      messageId: freshId(),
      from: sender,
      to: 'wsparcie@vouchie.localhost',
      subject: 'Duży plik',
      text: 'x'.repeat(64 * 1024),
    })
      .compile()
      .build();
    await mailbox.append('INBOX', big);
    expect(await pollMailboxOnce(options({ maxBytes: 32 * 1024 }))).toEqual({ processed: 0, duplicates: 0, failed: 1, retrying: 0 });
    expect(await db().inboundEmail.count({ where: { fromEmail: sender } })).toBe(0);

    const broken = await new MailComposer({
      messageId: freshId(),
      from: sender,
      to: 'wsparcie@vouchie.localhost',
      subject: 'Zepsuty',
      text: 'Nie da się przyjąć.',
    })
      .compile()
      .build();
    await mailbox.append('INBOX', broken);
    const attempts: number[] = [];
    const passes = await runUntil(
      {
        maxAttempts: 3,
        // Short: each failed try waits for the next poll, which is the retry being tested.
        pollMs: 20,
        ingest: async () => {
          attempts.push(attempts.length + 1);
          throw new Error('database unavailable');
        },
      },
      (seen) => total(seen, 'failed') >= 1,
    );
    expect(attempts).toEqual([1, 2, 3]);
    expect(passes.map((pass) => [pass.retrying, pass.failed])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(await count('INBOX')).toBe(0);
    expect(await count(options().failedMailbox)).toBe(failedBefore + 2);
  });

  it('is started by the worker from IMAP_URL and stopped with it', async () => {
    const sender = `worker.${randomUUID().slice(0, 8)}@spa.pl`;
    const raw = await new MailComposer({
      messageId: freshId(),
      from: sender,
      to: 'wsparcie@vouchie.localhost',
      subject: 'Pytanie o fakturę',
      text: 'Proszę o fakturę za listopad.',
    })
      .compile()
      .build();
    // Our own session on INBOX hears the poller's move as an EXPUNGE: the condition to wait for, no sleeping.
    const lock = await mailbox.getMailboxLock('INBOX');
    const moved = new Promise<void>((resolve) => mailbox.once('expunge', () => resolve()));
    try {
      await mailbox.append('INBOX', raw);
      const poller = startInboundImap();
      expect(poller).not.toBeNull();
      // Resolves only when IDLE ends (at our next command): not awaited.
      void mailbox.idle().catch(() => undefined);
      await moved;
      await poller?.stop();
    } finally {
      lock.release();
    }
    expect(await count('INBOX')).toBe(0);
    const row = await db().inboundEmail.findFirstOrThrow({ where: { fromEmail: sender }, include: { ticket: true } });
    expect(row).toMatchObject({ source: 'imap', status: 'PROCESSED', ticket: { channel: 'EMAIL', subject: 'Pytanie o fakturę' } });
  });
});
