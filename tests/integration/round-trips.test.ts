import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-round-trips-'));

const { db } = await import('@/server/db/client');
const { fileTicketFromApi } = await import('@/server/tickets/file-from-api');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');
const { authenticateApiRequest, hashApiToken } = await import('@/server/auth/api-token');

// Two agents with "new tickets" on, as in any real team: their notifications are part of a ticket's cost.
for (const n of [1, 2]) {
  await db().user.create({
    data: { email: `agent${n}.${randomUUID().slice(0, 8)}@vouchie.localhost`, name: `Agent ${n}`, role: 'AGENT', notifyNewTickets: true },
  });
}

/**
 * Counts the statements the app sends to Postgres (every pg query is one round trip, BEGIN and COMMIT included)
 * for one ticket through the API and one inbound mail. Prints the statements; the bounds below keep later changes
 * from quietly adding round trips back (a count, never a time).
 */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    seen.push((typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').trim());
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}

/** The statements as printed: each query's start (a fast path's query holds several statements, BEGIN … COMMIT). */
const shown = (statements: string[]) => statements.map((s) => (s.length > 140 ? `${s.slice(0, 140)} … ${s.slice(-20)}` : s)).join('\n  ');
/** Transactions begun and committed: a query that starts with BEGIN, a query that ends with COMMIT. */
const begins = (statements: string[]) => statements.filter((s) => /^BEGIN\b/.test(s)).length;
const commits = (statements: string[]) => statements.filter((s) => /\bCOMMIT;?$/.test(s)).length;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function apiPayload() {
  return {
    reporter: { name: 'Anna Wiśniewska', email: `anna.${randomUUID().slice(0, 8)}@example.pl`, externalId: `u-${randomUUID()}` },
    category: 'TECHNICAL_ERROR',
    subject: 'Voucher nie działa w kasie',
    actual: 'Pojawia się komunikat, że voucher wygasł.',
    reproSteps: ['Vouchery → Realizacja', 'Wpisz kod'],
    identifiers: [{ kind: 'VOUCHER_CODE', value: 'GIFT-7Q2K-9M4P' }],
    priority: 'NORMAL',
  };
}

describe('round trips per write', () => {
  it('the API token check', async () => {
    const secret = `vst_${randomUUID()}`;
    await db().apiToken.create({ data: { name: 'Probe', tokenHash: hashApiToken(secret), prefix: secret.slice(0, 8) } });
    const headers = new Headers({ authorization: `Bearer ${secret}` });
    const first = await statementsOf(() => authenticateApiRequest(headers));
    const second = await statementsOf(() => authenticateApiRequest(headers));
    console.log(`API token: ${first.length} statements on the first request, ${second.length} on the next`);
    expect(second.length).toBe(0);
  });

  it('one ticket through the API', async () => {
    await db().$queryRaw`SELECT 1`; // the pool's first connection is not the ticket's cost
    await fileTicketFromApi(apiPayload(), [], { locale: 'pl' }); // caches warm
    const statements = await statementsOf(() => fileTicketFromApi(apiPayload(), [], { locale: 'pl' }));
    console.log(`API ticket: ${statements.length} statements\n  ${shown(statements)}`);
    // 16 before docs/performance.md's changes (identifiers nested, confirmation and agents' mail in two batches), 13
    // through Prisma after them, 3 on the SQL fast path (tickets/create-fast.ts: BEGIN with the reporter's upsert and
    // the look-ups; the ticket with its recipients' outbox history; everything else with COMMIT).
    expect(statements.length).toBeLessThanOrEqual(3);
  });

  it('one new-ticket mail: one commit, the rate-limit count inside it', async () => {
    const mail = () =>
      new MailComposer({
        messageId: `<${randomUUID()}@mail.example.pl>`,
        date: new Date(),
        from: `Jan Kowalski <jan.${randomUUID().slice(0, 8)}@example.pl>`,
        to: 'wsparcie@vouchie.localhost',
        subject: 'Voucher nie działa',
        text: 'Dzień dobry,\nvoucher GIFT-7Q2K-9M4P nie działa w kasie.\n\nJan',
      })
        .compile()
        .build();
    await ingestEmail(await mail(), { source: 'smtp' });
    const raw = await mail();
    const statements = await statementsOf(() => ingestEmail(raw, { source: 'smtp' }));
    console.log(`Inbound mail: ${statements.length} statements\n  ${shown(statements)}`);
    // 14 before docs/performance.md's inbound changes (the rate-limit count an autocommit of its own: two commits),
    // 13 through Prisma after them, 3 on createTicket's SQL fast path: BEGIN with the sender's count, the reporter's
    // upsert and the look-ups; the ticket with its recipients' outbox history; the rows, the InboundEmail row, COMMIT.
    expect(statements.length).toBeLessThanOrEqual(3);
    expect(begins(statements)).toBe(1);
    expect(commits(statements)).toBe(1);
    expect(commits(statements.slice(-1))).toBe(1);
  });

  it('one reply mail, and one with an attachment: one commit each', async () => {
    const reporter = `ewa.${randomUUID().slice(0, 8)}@example.pl`;
    await fileTicketFromApi({ ...apiPayload(), reporter: { name: 'Ewa', email: reporter } }, [], { locale: 'pl' });
    const confirmation = await db().outboundEmail.findFirstOrThrow({ where: { toEmail: reporter }, orderBy: { createdAt: 'asc' } });
    const replyTo = (confirmation.headers as Record<string, string>)['Reply-To']!;
    const reply = (attachments: { filename: string; content: Buffer }[]) =>
      new MailComposer({
        messageId: `<${randomUUID()}@mail.example.pl>`,
        date: new Date(),
        from: reporter,
        to: replyTo,
        subject: `Re: ${confirmation.subject}`,
        inReplyTo: confirmation.messageId,
        text: 'Dziękuję, sprawdzę jeszcze raz.',
        attachments,
      })
        .compile()
        .build();
    await ingestEmail(await reply([]), { source: 'smtp' }); // caches warm
    const plain = await reply([]);
    const statements = await statementsOf(() => ingestEmail(plain, { source: 'smtp' }));
    console.log(`Reply mail: ${statements.length} statements\n  ${shown(statements)}`);
    // 11 before: the message, its event and the ticket's activity were three Prisma queries (then one statement), 9
    // through Prisma after that; 4 on the reply's SQL fast path (tickets/reply-fast.ts): the merge look-up; BEGIN
    // with the ticket locked, the agents and the sender; the agents' outbox history; every row and COMMIT.
    expect(statements.length).toBeLessThanOrEqual(4);
    expect(begins(statements)).toBe(1);
    expect(commits(statements)).toBe(1);

    // A follow-up to the customer's own earlier mail (no token anywhere): every threading key looked up in one query.
    const earlier = /^Message-ID: (\S+)/im.exec(plain.toString('utf8'))![1]!;
    const byReference = await new MailComposer({
      messageId: `<${randomUUID()}@mail.example.pl>`,
      date: new Date(),
      from: reporter,
      to: 'wsparcie@vouchie.localhost',
      subject: `Re: ${confirmation.subject}`,
      inReplyTo: earlier,
      text: 'Jeszcze jedno pytanie.',
    })
      .compile()
      .build();
    const lookupStatements = await statementsOf(() => ingestEmail(byReference, { source: 'smtp' }));
    console.log(`Reply mail threaded by its own earlier Message-ID: ${lookupStatements.length} statements\n  ${shown(lookupStatements)}`);
    // 14 before: the Message-ID look-ups (outbox, messages) and the participant check were three queries, and the
    // message, its event and the ticket update three more.
    expect(lookupStatements.length).toBeLessThanOrEqual(5);

    const withFile = await reply([{ filename: 'kasa.png', content: PNG }]);
    const withFileStatements = await statementsOf(() => ingestEmail(withFile, { source: 'smtp' }));
    console.log(`Reply mail with a PNG: ${withFileStatements.length} statements\n  ${shown(withFileStatements)}`);
    // 18 before: the attachment was an upload transaction of its own (lock, cap sums, row, commit); 14 through
    // Prisma after that; 4 on the fast path, the file's row written claimed with the message.
    expect(withFileStatements.length).toBeLessThanOrEqual(4);
    expect(commits(withFileStatements)).toBe(1);
  });
});
