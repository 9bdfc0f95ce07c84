/**
 * Files a ticket through the app's own createTicket as of a given moment, for tests that need a ticket "filed on
 * Friday at 16:30": the due dates are computed by the same code as for any ticket, only the filing time is given
 * (CreateTicketCommand.filedAt). Run with the e2e stack's DATABASE_URL, APP_URL and AUTH_SECRET:
 *
 *   tsx tests/e2e/file-ticket-at.ts 2027-11-26T15:30:00Z BIZNES "Subject"   → prints {"number": 10051}
 */
import { randomUUID } from 'node:crypto';
import { PLANS, ticketFieldsSchema } from '../../src/server/tickets/schemas';
import { createTicket } from '../../src/server/tickets/create';
import { db } from '../../src/server/db/client';

const [filedAtArg, planArg, subject] = process.argv.slice(2);
const filedAt = new Date(filedAtArg ?? '');
const plan = PLANS.find((p) => p === planArg);
if (Number.isNaN(filedAt.getTime()) || !plan || !subject) {
  console.error('usage: tsx tests/e2e/file-ticket-at.ts <ISO instant> <START|BIZNES|PREMIUM> <subject>');
  process.exit(2);
}

const id = randomUUID().slice(0, 8);
const created = await createTicket({
  fields: ticketFieldsSchema.parse({
    category: 'TECHNICAL_ERROR',
    subject,
    actual: 'Kasa odrzuca voucher GIFT-2027 z komunikatem VOUCHER_EXPIRED.',
  }),
  reporter: {
    email: `kasia.${id}@example.pl`,
    name: 'Kasia Testowa',
    company: { externalId: `cmp-e2e-${id}`, name: `Kawiarnia ${id}`, plan },
  },
  channel: 'API',
  filedAt,
});
if (!created.ok) {
  console.error('ticket not created', created.error);
  process.exit(1);
}
console.log(JSON.stringify({ number: created.value.number }));
await db().$disconnect();
