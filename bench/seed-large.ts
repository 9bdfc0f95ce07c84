/**
 * `npm run bench:seed`: fills a separate database (`vouchie_bench_large` on TEST_PG_URL, or BENCH_LARGE_DB)
 * with 1,000,000 tickets and 5,000,000 messages of realistic Polish text, for the agent-queue benchmark.
 * Generated inside Postgres with generate_series (no round trips), in batches so progress shows and memory
 * stays flat. Re-running drops and rebuilds the database. Sizes: BENCH_TICKETS, BENCH_MESSAGES_PER_TICKET.
 */
import pg from 'pg';
import { applyMigrations } from '../src/server/db/schema-engine';
import { testPgUrl } from '../tests/e2e/stack';
import { ensureLargeTicket, LARGE_TICKET_MESSAGES } from './large-ticket';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const MESSAGES_PER_TICKET = Number(process.env.BENCH_MESSAGES_PER_TICKET ?? 5);
const COMPANIES = Math.max(10, Math.round(TICKETS / 200));
const CUSTOMERS = Math.max(20, Math.round(TICKETS / 20));
const AGENTS = 40;
const BATCH = 100_000;
const DB_NAME = process.env.BENCH_LARGE_DB ?? 'vouchie_bench_large';

const SUBJECTS = [
  'Voucher nie działa przy realizacji w kasie',
  'Płatność BLIK zawiesza się na ekranie potwierdzenia',
  'Klienci nie dostają maili z voucherem',
  'PDF vouchera ma ucięte polskie znaki',
  'Eksport CSV realizacji zwraca pusty plik',
  'Błąd 500 przy edycji szablonu vouchera',
  'Jak ustawić własną domenę dla sklepu z voucherami?',
  'Podwójne obciążenie karty za plan Biznes',
  'Integracja z kasą fiskalną — brak paragonu',
  'Nie mogę dodać drugiego użytkownika do panelu',
  'Zmiana planu ze Start na Premium w trakcie okresu',
  'Prośba o fakturę zbiorczą za październik',
  'Vouchery w Apple Wallet i Google Wallet',
  'Saldo vouchera nie zmniejsza się po częściowej realizacji',
  'Kod rabatowy nie nalicza się w koszyku',
  'Termin ważności vouchera przesunął się o jeden dzień',
];
const SENTENCES = [
  'Przy realizacji vouchera pojawia się komunikat, że voucher wygasł.',
  'Klientka twierdzi, że zapłaciła, ale nie dostała wiadomości z kodem.',
  'Sprawdziliśmy ustawienia strefy czasowej i wszystko wygląda poprawnie.',
  'Problem występuje tylko w przeglądarce Safari na iPhonie.',
  'Po odświeżeniu strony błąd znika, ale wraca po kilku minutach.',
  'Dziękujemy za szybką odpowiedź, teraz wszystko działa.',
  'Czy możecie sprawdzić logi z wczorajszego popołudnia?',
  'W załączniku przesyłam zrzut ekranu z komunikatem błędu.',
  'Zamówienie zostało opłacone przez Przelewy24, status w panelu to „oczekuje”.',
  'Poprawka została wdrożona, proszę spróbować ponownie.',
  'Faktura powinna zawierać NIP firmy i adres siedziby.',
  'Eksport do pliku CSV kończy się po około trzydziestu sekundach.',
  'Zauważyliśmy to po aktualizacji szablonu świątecznego.',
  'Recepcja nie może zrealizować bonu podarunkowego na zabieg w spa.',
  'Prosimy o pilny kontakt, klienci czekają przy kasie.',
  'Zmieniliśmy rekord CNAME zgodnie z dokumentacją, ale domena nadal nie działa.',
];

function sqlArray(values: string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

async function main() {
  const admin = new pg.Client({ connectionString: testPgUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();
  const url = new URL(testPgUrl());
  url.pathname = `/${DB_NAME}`;
  await applyMigrations(url.toString());

  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const started = Date.now();
  const step = async (label: string, sql: string) => {
    const t0 = Date.now();
    await client.query(sql);
    console.log(`  ${label.padEnd(44)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
  };
  await client.query(`SET synchronous_commit = off`);
  // Per-row search triggers would turn 5M message inserts into 5M ticket updates: off during the bulk load, then
  // one set-based backfill (the same document ticket_search_document builds) with the GIN index built after it.
  await client.query(`ALTER TABLE "Ticket" DISABLE TRIGGER ticket_search_on_ticket;
    ALTER TABLE "Message" DISABLE TRIGGER message_search;
    ALTER TABLE "TicketIdentifier" DISABLE TRIGGER identifier_search;
    DROP INDEX "Ticket_searchDocument_idx"`);
  console.log(`Filling ${DB_NAME}: ${TICKETS.toLocaleString('en')} tickets × ${MESSAGES_PER_TICKET} messages`);

  await step(
    'companies',
    `INSERT INTO "Company" (id, "externalId", name, plan, "updatedAt")
     SELECT gen_random_uuid(), 'cmp-' || g, 'Firma ' || g || ' Sp. z o.o.',
            (ARRAY['START','BIZNES','PREMIUM'])[1 + (g % 3)]::"Plan", now()
     FROM generate_series(1, ${COMPANIES}) g`,
  );
  await step(
    'customers and agents',
    `INSERT INTO "User" (id, email, name, role, "companyId", "isCompanyAdmin", "updatedAt")
     SELECT gen_random_uuid(), 'klient' || g || '@firma' || (g % ${COMPANIES}) || '.pl', 'Klient ' || g, 'CUSTOMER',
            (SELECT id FROM "Company" WHERE "externalId" = 'cmp-' || (1 + g % ${COMPANIES})), g % 10 = 0, now()
     FROM generate_series(1, ${CUSTOMERS}) g;
     INSERT INTO "User" (id, email, name, role, "updatedAt")
     SELECT gen_random_uuid(), 'agent' || g || '@vouchie.pl', 'Agent ' || g, CASE WHEN g <= 3 THEN 'ADMIN' ELSE 'AGENT' END::"Role", now()
     FROM generate_series(1, ${AGENTS}) g;
     CREATE TEMP TABLE bench_customers AS
       SELECT row_number() OVER () AS n, id, "companyId" FROM "User" WHERE role = 'CUSTOMER';
     CREATE TEMP TABLE bench_agents AS
       SELECT row_number() OVER () AS n, id FROM "User" WHERE role <> 'CUSTOMER';`,
  );

  for (let from = 1; from <= TICKETS; from += BATCH) {
    const to = Math.min(TICKETS, from + BATCH - 1);
    await step(
      `tickets ${from.toLocaleString('en')}–${to.toLocaleString('en')}`,
      `WITH src AS (
         SELECT g,
                now() - (random() * interval '730 days') AS created,
                (ARRAY['NEW','OPEN','OPEN','WAITING_ON_CUSTOMER','ON_HOLD','RESOLVED','CLOSED','CLOSED','CLOSED','CLOSED'])[1 + (g % 10)]::"TicketStatus" AS status
         FROM generate_series(${from}, ${to}) g
       )
       INSERT INTO "Ticket" (id, number, subject, category, status, priority, channel, "reporterId", "companyId", "assigneeId",
                             actual, "reproSteps", tags, "firstResponseDueAt", "resolutionDueAt", "lastActivityAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), 10000 + g,
              (${sqlArray(SUBJECTS)})[1 + (g * 7 % ${SUBJECTS.length})],
              (ARRAY['TECHNICAL_ERROR','CONFIGURATION','BILLING','SUGGESTION','OTHER'])[1 + (g % 5)]::"TicketCategory",
              status,
              (ARRAY['LOW','NORMAL','NORMAL','NORMAL','HIGH','URGENT'])[1 + (g % 6)]::"TicketPriority",
              (ARRAY['WEB','WEB','API','EMAIL'])[1 + (g % 4)]::"Channel",
              c.id, c."companyId",
              CASE WHEN status = 'NEW' OR g % 7 = 0 THEN NULL ELSE a.id END,
              (${sqlArray(SENTENCES)})[1 + (g % ${SENTENCES.length})],
              ARRAY[]::text[], CASE WHEN g % 9 = 0 THEN ARRAY['płatności'] ELSE ARRAY[]::text[] END,
              created + interval '8 hours', created + interval '72 hours',
              created + (random() * interval '10 days'), created, created
       FROM src
       JOIN bench_customers c ON c.n = 1 + (g * 31 % ${CUSTOMERS})
       JOIN bench_agents a ON a.n = 1 + (g % ${AGENTS})`,
    );
  }
  await step('ticket number sequence', `SELECT setval('"Ticket_number_seq"', 10000 + ${TICKETS})`);
  await step(
    'identifiers (voucher codes on a third of tickets)',
    `INSERT INTO "TicketIdentifier" (id, "ticketId", kind, value)
     SELECT gen_random_uuid(), id, 'VOUCHER_CODE',
            'GIFT-' || upper(substr(md5(number::text), 1, 4)) || '-' || upper(substr(md5(number::text), 5, 4))
     FROM "Ticket" WHERE number % 3 = 0`,
  );

  const messages = TICKETS * MESSAGES_PER_TICKET;
  for (let from = 1; from <= messages; from += BATCH * 2) {
    const to = Math.min(messages, from + BATCH * 2 - 1);
    await step(
      `messages ${from.toLocaleString('en')}–${to.toLocaleString('en')}`,
      `INSERT INTO "Message" (id, "ticketId", type, "authorId", channel, body, "createdAt")
       SELECT gen_random_uuid(), t.id,
              CASE WHEN m % ${MESSAGES_PER_TICKET} = 0 THEN 'CUSTOMER' WHEN m % 4 = 0 THEN 'NOTE' WHEN m % 2 = 0 THEN 'AGENT' ELSE 'CUSTOMER' END::"MessageType",
              CASE WHEN m % 2 = 0 THEN t."assigneeId" ELSE t."reporterId" END,
              t.channel,
              (${sqlArray(SENTENCES)})[1 + (m % ${SENTENCES.length})] || ' ' || (${sqlArray(SENTENCES)})[1 + (m * 3 % ${SENTENCES.length})],
              t."createdAt" + (m % ${MESSAGES_PER_TICKET}) * interval '3 hours'
       FROM generate_series(${from}, ${to}) m
       JOIN "Ticket" t ON t.number = 10000 + 1 + ((m - 1) / ${MESSAGES_PER_TICKET})`,
    );
  }
  await step(
    'search documents (backfill)',
    `UPDATE "Ticket" t SET "searchDocument" =
        setweight(to_tsvector('simple', t.subject), 'A')
        || setweight(to_tsvector('simple', u.email), 'B')
        || setweight(to_tsvector('simple', coalesce(i.values, '')), 'A')
        || setweight(to_tsvector('simple', left(coalesce(m.bodies, ''), 200000)), 'C')
     FROM "User" u, "Ticket" t2
     LEFT JOIN (SELECT "ticketId", string_agg(value, ' ') AS values FROM "TicketIdentifier" GROUP BY "ticketId") i ON i."ticketId" = t2.id
     LEFT JOIN (SELECT "ticketId", string_agg(body, ' ' ORDER BY "createdAt") AS bodies FROM "Message" GROUP BY "ticketId") m ON m."ticketId" = t2.id
     WHERE u.id = t."reporterId" AND t2.id = t.id`,
  );
  await step('search index', `CREATE INDEX "Ticket_searchDocument_idx" ON "Ticket" USING gin ("searchDocument")`);
  await client.query(`ALTER TABLE "Ticket" ENABLE TRIGGER ticket_search_on_ticket;
    ALTER TABLE "Message" ENABLE TRIGGER message_search;
    ALTER TABLE "TicketIdentifier" ENABLE TRIGGER identifier_search`);
  const t0 = Date.now();
  await ensureLargeTicket(client);
  console.log(`  ${`one ticket with ${LARGE_TICKET_MESSAGES} messages`.padEnd(44)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
  await step('vacuum analyze', 'VACUUM ANALYZE');
  await client.end();
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${url.toString()}`);
}

await main();
