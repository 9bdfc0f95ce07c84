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
    seen.push((typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 140));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}

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
    console.log(`API ticket: ${statements.length} statements\n  ${statements.join('\n  ')}`);
    // 16 before docs/performance.md's changes (identifiers nested, confirmation and agents' mail in two batches).
    expect(statements.length).toBeLessThanOrEqual(13);
  });

  it('one new-ticket mail', async () => {
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
    console.log(`Inbound mail: ${statements.length} statements\n  ${statements.join('\n  ')}`);
    expect(statements.length).toBeLessThanOrEqual(13);
  });
});
