import type pg from 'pg';

/** The subject that marks the benchmark's one long thread, so it is added once and found again. */
export const LARGE_TICKET_SUBJECT = 'Długi wątek: 200 wiadomości o realizacji voucherów (bench)';
export const LARGE_TICKET_MESSAGES = 200;

/**
 * A ticket with a 200-message thread (replies, customer messages, notes) and an activity log to match, for the
 * "opening a large ticket" case of `npm run bench:queue`. Idempotent and small (a few hundred rows), so an
 * existing 1M-ticket database gets it without re-seeding; returns the ticket's number.
 */
export async function ensureLargeTicket(client: pg.Client): Promise<number> {
  const existing = await client.query<{ number: number }>(`SELECT number FROM "Ticket" WHERE subject = $1 LIMIT 1`, [LARGE_TICKET_SUBJECT]);
  if (existing.rows[0]) return existing.rows[0].number;
  await client.query('BEGIN');
  try {
    const created = await client.query<{ id: string; number: number }>(
      `INSERT INTO "Ticket" (id, subject, category, status, priority, channel, "reporterId", "companyId", "assigneeId", actual, tags, "lastActivityAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, 'TECHNICAL_ERROR', 'OPEN', 'HIGH', 'EMAIL', c.id, c."companyId",
              (SELECT id FROM "User" WHERE role = 'AGENT' ORDER BY email LIMIT 1),
              'Vouchery nie dają się zrealizować w kasie od aktualizacji.', ARRAY['płatności'], now(), now() - interval '30 days', now()
       FROM "User" c WHERE c.role = 'CUSTOMER' ORDER BY c.email LIMIT 1
       RETURNING id, number`,
      [LARGE_TICKET_SUBJECT],
    );
    const ticket = created.rows[0]!;
    await client.query(
      `INSERT INTO "Message" (id, "ticketId", type, "authorId", channel, body, "createdAt")
       SELECT gen_random_uuid(), t.id,
              CASE WHEN m % 2 = 1 THEN 'CUSTOMER' WHEN m % 10 = 0 THEN 'NOTE' ELSE 'AGENT' END::"MessageType",
              CASE WHEN m % 2 = 1 THEN t."reporterId" ELSE t."assigneeId" END, 'EMAIL',
              'Wiadomość ' || m || ': przy realizacji vouchera w kasie pojawia się komunikat, że voucher wygasł. ' || repeat('Sprawdziliśmy logi i ustawienia strefy czasowej. ', 1 + m % 6),
              t."createdAt" + m * interval '3 hours'
       FROM "Ticket" t, generate_series(1, $2::int) m WHERE t.id = $1`,
      [ticket.id, LARGE_TICKET_MESSAGES],
    );
    await client.query(
      `INSERT INTO "TicketEvent" (id, "ticketId", "actorId", type, data, "createdAt")
       SELECT gen_random_uuid(), t.id, t."assigneeId", 'ticket.status_changed', jsonb_build_object('from', 'OPEN', 'to', 'WAITING_ON_CUSTOMER'), t."createdAt" + e * interval '6 hours'
       FROM "Ticket" t, generate_series(1, 60) e WHERE t.id = $1`,
      [ticket.id],
    );
    await client.query('COMMIT');
    return ticket.number;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
