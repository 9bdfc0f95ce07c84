import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { describe, expect, it } from 'vitest';

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-ingest-fast-'));

const { PrismaClient } = await import('@/generated/prisma/client');
const { db, pgPool } = await import('@/server/db/client');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');

/**
 * Inbound mail has two implementations of its transactions (docs/performance.md): SQL on a connection of Prisma's
 * pool (a new request on createTicket's fast path, an e-mailed reply on reply-fast.ts, an auto-reply's one row) and
 * Prisma, taken whenever that pool is not the current one (a test or bench swaps the client) and for the mails the
 * fast paths do not cover. The same mails through both must write the same rows: filed twice here, once with the
 * app's client and once with a client of its own swapped in (as bench/faults.ts does), by senders whose addresses
 * differ only in a tag of the same length, then compared with ids, numbers, tags and HMAC'd values masked.
 */

const tag = () => randomUUID().slice(0, 8);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function mail(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer({ messageId: `<${randomUUID()}@mail.example.pl>`, date: new Date('2026-12-07T08:00:00Z'), ...options })
    .compile()
    .build();
}

/** Runs `work` with a Prisma client of its own in place of the app's: pgPool() is then null, so every mail takes Prisma. */
async function throughPrisma<T>(work: () => Promise<T>): Promise<T> {
  const holder = globalThis as unknown as { vouchieDb?: InstanceType<typeof PrismaClient> };
  const saved = holder.vouchieDb;
  const own = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });
  holder.vouchieDb = own;
  try {
    expect(pgPool()).toBeNull();
    return await work();
  } finally {
    holder.vouchieDb = saved;
    await own.$disconnect();
  }
}

/** The queries `work` sends (a Prisma transaction starts with a plain BEGIN, a fast path's with BEGIN; SET LOCAL …). */
async function queriesOf<T>(work: () => Promise<T>): Promise<{ value: T; queries: string[] }> {
  const queries: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    queries.push((typeof first === 'string' ? first : (first?.text ?? '?')).trim());
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { value: await work(), queries };
  } finally {
    pg.Client.prototype.query = original;
  }
}

/** Masks what differs by construction: ids, ticket numbers, the senders' tags, Message-IDs, reply tokens, times. */
function masked(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
      .replace(/VCH-\d+/g, 'VCH-n')
      .replace(/(fast|slow)\.[0-9a-f]{8}/g, 'SENDER')
      .replace(/<[^<>@\s]+@[^<>\s]+>/g, '<MSGID>')
      .replace(/\+[A-Za-z0-9_-]{20,}@/g, '+TOKEN@')
      .replace(/[?&]t=[A-Za-z0-9._%-]+/g, '?t=LINK')
      .replace(/\/(pomoc\/)?zgloszenia\/\d+/g, '/zgloszenia/N')
      .replace(/\/agent\/zgloszenia\/\d+/g, '/agent/zgloszenia/N')
      .replace(/"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"/g, '"TIME"'),
  ) as unknown;
}

/** Every row one mail wrote about its ticket (and the mail's own record), as far as it must match between the paths. */
async function rowsOf(ticketId: string, inboundEmailId: string, people: string[]) {
  const ticket = await db().ticket.findUniqueOrThrow({
    where: { id: ticketId },
    include: { messages: { orderBy: { createdAt: 'asc' } }, events: { orderBy: { createdAt: 'asc' } }, attachments: true, reporter: true },
  });
  const emails = await db().outboundEmail.findMany({
    where: { ticketId, toEmail: { in: people } },
    orderBy: [{ createdAt: 'asc' }, { template: 'asc' }],
  });
  const record = await db().inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
  const bucket = await db().rateLimitBucket.findMany({ where: { key: `inbound:from:${ticket.reporter.email}` } });
  const messageIds = ticket.messages.map((m) => m.id);
  return masked({
    ticket: {
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      category: ticket.category,
      channel: ticket.channel,
      actual: ticket.actual,
      version: ticket.version,
      assigneeId: ticket.assigneeId,
      lastActivityIsLastMessage: ticket.lastActivityAt.getTime() === ticket.messages.at(-1)?.createdAt.getTime(),
      // The due dates follow the support hours from the moment of filing, which differs between the two tickets
      // (create-ticket-fast.test.ts compares them for one filing time).
      dueInOrder: ticket.createdAt < ticket.firstResponseDueAt! && ticket.firstResponseDueAt! < ticket.resolutionDueAt!,
      reporter: { name: ticket.reporter.name, email: ticket.reporter.email, locale: ticket.reporter.locale },
    },
    messages: ticket.messages.map((m) => ({
      type: m.type,
      channel: m.channel,
      body: m.body,
      format: m.format,
      byReporter: m.authorId === ticket.reporterId,
      emailMessageId: m.emailMessageId,
      trimmedText: m.trimmedText,
      unverifiedSender: m.unverifiedSender,
    })),
    events: ticket.events.map((e) => ({
      type: e.type,
      byReporter: e.actorId === ticket.reporterId,
      data: e.data,
      atItsMessage: messageIds.includes((e.data as { messageId?: string }).messageId ?? '') || e.type === 'ticket.created',
    })),
    attachments: ticket.attachments.map((a) => ({
      fileName: a.fileName,
      contentType: a.contentType,
      kind: a.kind,
      size: a.size,
      sha256: a.sha256,
      onAMessage: messageIds.includes(a.messageId ?? ''),
      uploadToken: a.uploadToken,
      uploadSource: a.uploadSource,
      formSession: a.formSession,
    })),
    emails: emails.map((e) => ({
      template: e.template,
      priority: e.priority,
      toEmail: e.toEmail,
      toName: e.toName,
      subject: e.subject,
      text: e.text,
      html: e.html,
      status: e.status,
      lastError: e.lastError,
      threaded: e.inReplyTo !== null,
      references: e.references.length,
      headers: e.headers,
    })),
    record: {
      status: record.status,
      source: record.source,
      fromEmail: record.fromEmail,
      subject: record.subject,
      size: record.size,
      rawLength: record.raw.length,
      classification: record.classification,
      outcome: record.outcome,
      error: record.error,
      ticketId: record.ticketId === ticketId,
    },
    bucket: bucket.map((b) => b.count),
  });
}

describe('inbound mail: the SQL fast paths and Prisma', () => {
  it('write the same rows for a new request (with a file), a reply, a reply with a file, one threaded by look-up and an auto-reply', async () => {
    const agent = await db().user.create({
      data: { email: `ingest.fast.${tag()}@vouchie.pl`, name: 'Ewa', role: 'AGENT', notifyNewTickets: true },
    });
    const people = (sender: string) => [sender, agent.email];
    const file = async (who: 'fast' | 'slow') => {
      const sender = `${who}.${tag()}@firma.pl`;
      const outcomes = [];
      const opened = await ingestEmail(
        await mail({
          from: `Jan Kowalski <${sender}>`,
          to: 'wsparcie@vouchie.localhost',
          subject: 'Bon nie działa w kasie',
          text: 'Dzień dobry,\nbon GIFT-7Q2K nie działa w kasie.\n\n--\nJan Kowalski\nFirma',
          attachments: [{ filename: 'kasa.png', content: PNG }],
        }),
        { source: 'smtp' },
      );
      if (opened.kind !== 'created') throw new Error(`not created: ${opened.kind}`);
      const ticket = await db().ticket.findFirstOrThrow({ where: { reporter: { email: sender } } });
      outcomes.push({ outcome: opened, rows: await rowsOf(ticket.id, opened.inboundEmailId, people(sender)) });
      const confirmation = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: ticket.id, toEmail: sender } });
      const reply = (text: string, attachments: { filename: string; content: Buffer }[] = []) =>
        mail({
          from: sender,
          to: (confirmation.headers as Record<string, string>)['Reply-To'],
          subject: `Re: ${confirmation.subject}`,
          inReplyTo: confirmation.messageId,
          text: `${text}\n\n> Zgłoszenie przyjęte.`,
          attachments,
        });
      for (const raw of [
        await reply('Dziękuję, sprawdzę jeszcze raz.'),
        await reply('Zrzut ekranu w załączniku.', [{ filename: 'b.png', content: PNG }]),
      ]) {
        const replied = await ingestEmail(raw, { source: 'imap' });
        if (replied.kind !== 'replied') throw new Error(`not replied: ${replied.kind}`);
        outcomes.push({ outcome: replied, rows: await rowsOf(ticket.id, replied.inboundEmailId, people(sender)) });
      }
      // A follow-up to the sender's own first mail, to the help desk's address (no token): threaded by look-up.
      const byReference = await ingestEmail(
        await mail({
          from: sender,
          to: 'wsparcie@vouchie.localhost',
          subject: 'Re: Bon nie działa w kasie',
          inReplyTo: (await db().message.findFirstOrThrow({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } }))
            .emailMessageId!,
          text: 'Jeszcze jedno: kasa nr 2 działa.',
        }),
        { source: 'smtp' },
      );
      if (byReference.kind !== 'replied') throw new Error(`not threaded: ${byReference.kind}`);
      outcomes.push({ outcome: byReference, rows: await rowsOf(ticket.id, byReference.inboundEmailId, people(sender)) });
      const away = await ingestEmail(
        await mail({
          from: sender,
          to: 'wsparcie@vouchie.localhost',
          subject: 'Poza biurem',
          text: 'Wracam w poniedziałek.',
          headers: { 'Auto-Submitted': 'auto-replied' },
        }),
        { source: 'smtp' },
      );
      const awayRecord = await db().inboundEmail.findUniqueOrThrow({ where: { id: away.kind === 'too_large' ? '' : away.inboundEmailId } });
      outcomes.push({
        outcome: away,
        rows: masked({
          status: awayRecord.status,
          classification: awayRecord.classification,
          outcome: awayRecord.outcome,
          ticketId: awayRecord.ticketId,
        }),
      });
      return masked(outcomes);
    };
    let fast, slow;
    try {
      const viaSql = await queriesOf(() => file('fast'));
      fast = viaSql.value;
      // Every transaction of the first run was a fast path's (no Prisma transaction: its BEGIN is a query of its own).
      expect(viaSql.queries.filter((q) => q === 'BEGIN')).toEqual([]);
      expect(viaSql.queries.filter((q) => q.startsWith('BEGIN; SET LOCAL'))).toHaveLength(4);
      const viaPrisma = await queriesOf(() => throughPrisma(() => file('slow')));
      slow = viaPrisma.value;
      expect(viaPrisma.queries.filter((q) => q === 'BEGIN')).toHaveLength(4);
    } finally {
      await db().user.update({ where: { id: agent.id }, data: { active: false } });
    }
    expect(fast).toEqual(slow);
    // And what they wrote is what such mails should write (not only the same on both paths).
    const [created, replied, withFile, byReference, away] = fast as { outcome: { kind: string }; rows: Record<string, unknown> }[];
    expect(created?.outcome.kind).toBe('created');
    expect(replied?.outcome.kind).toBe('replied');
    expect(byReference?.outcome.kind).toBe('replied');
    expect(away?.outcome).toMatchObject({ kind: 'ignored', reason: 'auto_reply' });
    const last = withFile?.rows as {
      messages: unknown[];
      attachments: { onAMessage: boolean }[];
      emails: { template: string }[];
      bucket: number[];
    };
    expect(last.messages).toHaveLength(3);
    expect(last.attachments).toHaveLength(2);
    expect(last.attachments.every((a) => a.onAMessage)).toBe(true);
    expect(last.emails.map((e) => e.template).sort()).toEqual([
      'agent.new_ticket',
      'agent.notification',
      'agent.notification',
      'ticket.received',
    ]);
    expect(last.bucket).toEqual([1]);
  });

  it('sends the record of a large mail as a query of its own, its bytes as a parameter, and keeps them whole', async () => {
    const sender = `fast.${tag()}@firma.pl`;
    const raw = await mail({
      from: sender,
      to: 'wsparcie@vouchie.localhost',
      subject: 'Długi log z kasy',
      text: `Log z kasy poniżej.\n\n${'2026-12-07 08:00:00 VR-17 odrzucono bon GIFT-7Q2K\n'.repeat(6000)}`,
    });
    expect(raw.length).toBeGreaterThan(256 * 1024);
    const { value: outcome, queries } = await queriesOf(() => ingestEmail(raw, { source: 'smtp' }));
    if (outcome.kind !== 'created') throw new Error(`not created: ${outcome.kind}`);
    // BEGIN with the look-ups; the ticket; the record alone (parameters); the rows and COMMIT.
    expect(queries.filter((q) => q.startsWith('BEGIN; SET LOCAL'))).toHaveLength(1);
    expect(queries.some((q) => q.includes('INSERT INTO "InboundEmail"') && q.includes('$7::bytea'))).toBe(true);
    expect(queries.filter((q) => /COMMIT$/.test(q))).toHaveLength(1);
    const record = await db().inboundEmail.findUniqueOrThrow({ where: { id: outcome.inboundEmailId } });
    expect(Buffer.from(record.raw).equals(raw)).toBe(true);
    expect(record).toMatchObject({ status: 'PROCESSED', size: raw.length });
  });
});
