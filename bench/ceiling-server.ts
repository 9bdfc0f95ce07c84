/**
 * The ceiling for `npm run bench`: a bare node:http + pg server doing what POST /api/v1/tickets commits, in one
 * transaction on the same database: the company and the reporter upserted, the ticket with its identifier, the
 * first message, the `ticket.created` event and the confirmation e-mail's outbox row. No framework, no ORM, no
 * validation beyond the JSON parse, no rate limit: what the machine and Postgres allow, for the app's figure to be
 * read against. Run as its own process: `tsx bench/ceiling-server.ts <port>` with DATABASE_URL and BENCH_TOKEN.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

export interface Input {
  category: string;
  subject: string;
  attempted?: string;
  actual?: string;
  expected?: string;
  reproSteps?: string[];
  errorMessage?: string;
  priority?: string;
  identifiers?: { kind: string; value: string }[];
  reporter: { email: string; name?: string; company?: { externalId: string; name: string; plan: string } };
}

/** The ceiling's transaction on a connection of `pool` (also measured alone by bench/pg-cpu.ts). */
export async function createTicket(pool: pg.Pool, input: Input): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const company = input.reporter.company
      ? (
          await client.query<{ id: string }>(
            `INSERT INTO "Company" (id, "externalId", name, plan, "updatedAt") VALUES ($1, $2, $3, $4::"Plan", now())
             ON CONFLICT ("externalId") DO UPDATE SET name = EXCLUDED.name RETURNING id`,
            [randomUUID(), input.reporter.company.externalId, input.reporter.company.name, input.reporter.company.plan],
          )
        ).rows[0]?.id
      : null;
    const reporterId = (
      await client.query<{ id: string }>(
        `INSERT INTO "User" (id, email, name, "companyId", "updatedAt") VALUES ($1, lower($2), $3, $4, now())
         ON CONFLICT (email) DO UPDATE SET name = COALESCE(EXCLUDED.name, "User".name) RETURNING id`,
        [randomUUID(), input.reporter.email, input.reporter.name ?? null, company ?? null],
      )
    ).rows[0]?.id;
    const ticket = (
      await client.query<{ id: string; number: number }>(
        `INSERT INTO "Ticket" (id, subject, category, priority, channel, "reporterId", "companyId", attempted, actual, expected,
           "reproSteps", "errorMessage", "firstResponseDueAt", "resolutionDueAt", "updatedAt")
         VALUES ($1, $2, $3::"TicketCategory", $4::"TicketPriority", 'API', $5, $6, $7, $8, $9, $10, $11,
           now() + interval '8 hours', now() + interval '72 hours', now())
         RETURNING id, number`,
        [
          randomUUID(),
          input.subject,
          input.category,
          input.priority ?? 'NORMAL',
          reporterId,
          company ?? null,
          input.attempted ?? null,
          input.actual ?? null,
          input.expected ?? null,
          input.reproSteps ?? [],
          input.errorMessage ?? null,
        ],
      )
    ).rows[0];
    if (!ticket) throw new Error('no ticket');
    for (const identifier of input.identifiers ?? []) {
      await client.query(`INSERT INTO "TicketIdentifier" (id, "ticketId", kind, value) VALUES ($1, $2, $3::"IdentifierKind", $4)`, [
        randomUUID(),
        ticket.id,
        identifier.kind,
        identifier.value,
      ]);
    }
    await client.query(
      `INSERT INTO "Message" (id, "ticketId", type, "authorId", channel, body) VALUES ($1, $2, 'CUSTOMER', $3, 'API', $4)`,
      [randomUUID(), ticket.id, reporterId, input.actual ?? input.subject],
    );
    await client.query(`INSERT INTO "TicketEvent" (id, "ticketId", "actorId", type, data) VALUES ($1, $2, $3, 'ticket.created', $4)`, [
      randomUUID(),
      ticket.id,
      reporterId,
      JSON.stringify({ channel: 'API' }),
    ]);
    await client.query(
      `INSERT INTO "OutboundEmail" (id, "ticketId", template, "toEmail", subject, text, html, "messageId")
       VALUES ($1, $2, 'ticket.received', lower($3), $4, $5, $6, $7)`,
      [
        randomUUID(),
        ticket.id,
        input.reporter.email,
        `[VCH-${ticket.number}] ${input.subject}`,
        `Otrzymaliśmy zgłoszenie VCH-${ticket.number}.`,
        `<p>Otrzymaliśmy zgłoszenie VCH-${ticket.number}.</p>`,
        `<${randomUUID()}@bench.localhost>`,
      ],
    );
    await client.query('COMMIT');
    return ticket.number;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function serve(port: number) {
  const token = `Bearer ${process.env.BENCH_TOKEN ?? ''}`;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.BENCH_POOL ?? 10) });
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/api/v1/tickets' || request.headers.authorization !== token) {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let input: Input;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;
      } catch {
        response.writeHead(400).end();
        return;
      }
      createTicket(pool, input).then(
        (number) => {
          response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ number: `VCH-${number}` }));
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : String(error));
        },
      );
    });
  });
  server.listen(port, '127.0.0.1', () => console.log(`ceiling listening on ${port}`));
  process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
}

if (process.argv[1]?.endsWith('ceiling-server.ts')) serve(Number(process.argv[2]));
