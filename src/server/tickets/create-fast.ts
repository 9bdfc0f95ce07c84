import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Plan, TicketPriority } from '@/generated/prisma/enums';
import {
  begin,
  BEGIN_RESULTS,
  commitWith,
  execute,
  inline,
  inlined,
  lastResult,
  preparedSql,
  prepareOn,
  resultAt,
  stamp,
  type SqlValue,
} from '@/server/db/pg-sql';
import { Rollback } from '@/server/db/transact';
import { fitsOneMessage } from '@/server/attachments';
import { appliedPriority } from '@/server/categories/settings';
import { historiesFromRows, recipientHistoriesQuery, type HistoryRow } from '@/server/mail/outbound/history';
import type { EmailToEnqueue } from '@/server/mail/outbound/outbox';
import { renderTicketReceived } from '@/server/mail/outbound/templates';
import { businessCalendarsFor } from '@/server/plan-settings/read';
import { defaultSlaTargets, dueDatesFrom, PLAN_FOR_NO_COMPANY } from '@/server/sla/targets';
import { type Locale, toLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import type { CreateTicketCommand, CreateTicketError, CreatedTicket, ReporterRef } from './create';
import { ticketUrl } from './create';
import { formatTicketNumber } from './numbering';
import type { TicketStatus } from './status';
import { agentMails, alongsideOverlaps, type Recipient } from './notify-agents';
import { attachmentRows, outboxBatch, readOutboxBatch, TICKET_WRITES, type TicketWrites } from './write-sql';

/**
 * createTicket's hot path (docs/performance.md): the same rows, rules and e-mails as `createInTransaction` in
 * create.ts, in one transaction, written as a few SQL statements on a connection of the pool Prisma uses, instead
 * of a dozen Prisma queries. Prisma's per-query work (query interpretation, its wasm compiler, result mapping) was
 * the largest share of a ticket's CPU in the web process. Taken only by a command it covers (see `coversCommand`):
 * a reporter known by address, no follow-up, and no uploads or writes of the caller's unless the caller gives them as
 * SQL too (`command.sql`, an inbound mail's: its sender's count sent with BEGIN, its files' rows written claimed by
 * the first message, its record sent with COMMIT); every other command goes through Prisma as before. The tests run
 * both ways (create-ticket*, ingest-fast, round-trips, mail-caps, notifications).
 *
 * Statements: BEGIN; [the panel's user id handed over from another address]; one statement upserting the company
 * and the reporter and reading the category's rules, the plan's SLA targets and the agents to notify; the ticket;
 * the recipients' outbox history (caps, bounces, thread; history.ts); identifiers, first message, its files, event,
 * outbox rows and digest items in one statement (TICKET_WRITES, write-sql.ts), the caller's last statements, COMMIT.
 * Errors come back as pg errors (a unique violation is SQLSTATE 23505, see db/errors.ts), a hidden category as a
 * Rollback, as from the Prisma path.
 */

type FastReporter = Exclude<ReporterRef, { userId: string }>;

export function coversCommand(command: CreateTicketCommand): command is CreateTicketCommand & { reporter: FastReporter } {
  // A caller's own writes and files come as SQL (`command.sql`; its Prisma hooks and tokens are for the other path).
  const callerWrites = command.sql
    ? fitsOneMessage(command.sql.attachments ?? [])
    : !command.attachmentTokens?.length && !command.inSameTransaction && !command.beforeWrite;
  return !('userId' in command.reporter) && callerWrites && !command.followUpOfId && !command.firstMessageAuthorId;
}

/** Channels where the reporter picks the category (create.ts): a hidden one is refused there. */
const CATEGORY_CHOSEN_BY_REPORTER = new Set(['WEB', 'API']);

interface SetupRow {
  id: string;
  email: string;
  name: string | null;
  locale: string;
  companyId: string | null;
  plan: Plan;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  categoryActive: boolean | null;
  defaultPriority: TicketPriority | null;
  assigneeId: string | null;
  assigneeName: string | null;
  agents: Recipient[];
}

/**
 * The company and the reporter upserted (as resolveReporter in create.ts; a company the panel describes as it is
 * stored is only read: an upsert would lock its row until the commit, and every concurrent ticket of that company
 * would queue behind it), with everything else the ticket needs
 * read in the same statement: the category's settings (newTicketRules), the plan's SLA policy
 * (slaTargetsForCompany) and the agents told of a new ticket (notify-agents.ts, audience "team": those with "new
 * tickets" on by address, then the category's default assignee if "replies on my tickets" is on).
 */
const SETUP = preparedSql(`
WITH same AS (
  SELECT id, plan::text AS plan FROM "Company" WHERE "externalId" = $2::text AND name = $3::text AND plan = $4::"Plan"
), written AS (
  INSERT INTO "Company" (id, "externalId", name, plan, "createdAt", "updatedAt")
  SELECT $1::uuid, $2::text, $3::text, $4::"Plan", now(), now() WHERE $2::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM same)
  ON CONFLICT ("externalId") DO UPDATE SET name = EXCLUDED.name, plan = EXCLUDED.plan, "updatedAt" = EXCLUDED."updatedAt"
  RETURNING id, plan::text AS plan
), c AS (
  SELECT id, plan FROM same UNION ALL SELECT id, plan FROM written
), u AS (
  INSERT INTO "User" (id, email, name, "externalId", locale, "companyId", "createdAt", "updatedAt")
  SELECT $5::uuid, $6::text, $7::text, $8::text, $9::text, (SELECT id FROM c), now(), now()
  ON CONFLICT (email) DO UPDATE SET
    name = CASE WHEN $10::boolean THEN EXCLUDED.name ELSE "User".name END,
    "externalId" = CASE WHEN $8::text IS NOT NULL THEN EXCLUDED."externalId" ELSE "User"."externalId" END,
    "companyId" = CASE WHEN $2::text IS NOT NULL THEN EXCLUDED."companyId" ELSE "User"."companyId" END,
    "updatedAt" = EXCLUDED."updatedAt"
  RETURNING id, email, name, locale, "companyId"
), p AS (
  SELECT coalesce((SELECT plan FROM c), (SELECT k.plan::text FROM "Company" k, u WHERE k.id = u."companyId"), $11::text) AS plan
), r AS (
  SELECT cs."active", cs."defaultPriority"::text AS "defaultPriority", a."id" AS "assigneeId", a."name" AS "assigneeName"
  FROM "CategorySetting" cs
  LEFT JOIN "User" a ON a."id" = cs."defaultAssigneeId" AND a."active" AND a."role" IN ('AGENT', 'ADMIN')
  WHERE cs."category" = $12::"TicketCategory"
)
SELECT u.id, u.email, u.name, u.locale, u."companyId", p.plan,
  s."firstResponseMinutes", s."resolutionMinutes",
  r."active" AS "categoryActive", r."defaultPriority", r."assigneeId", r."assigneeName",
  (SELECT coalesce(json_agg(json_build_object('id', g.id, 'email', g.email, 'name', g.name, 'locale', g.locale,
      'notifyDigest', g."notifyDigest") ORDER BY NOT g."notifyNewTickets", g.email), '[]'::json)
   FROM "User" g
   WHERE g."active" AND g."role" IN ('AGENT', 'ADMIN')
     AND (g."notifyNewTickets" OR (g."id" = r."assigneeId" AND g."notifyAssignedReplies"))) AS agents
FROM u CROSS JOIN p
LEFT JOIN "SlaPolicy" s ON s."plan"::text = p.plan
LEFT JOIN r ON true`);

/**
 * The ticket, with its search document whole: the subject, the reporter's address, the identifiers and the first
 * message ($20…$22, the document the triggers would have built by appending each child row: migration
 * 20261207094500_ticket_search_once), and `vouchie.search_written` set to its id for the rest of the transaction, so
 * that the identifiers' and the message's INSERTs (TICKET_WRITES) do not append their text again. One version of the
 * ticket's row instead of three.
 */
const INSERT_TICKET = `
INSERT INTO "Ticket" (id, subject, category, priority, channel, "assigneeId", "reporterId", "companyId", attempted, actual,
  expected, "reproSteps", "errorMessage", "occurredAt", environment, "idempotencyKey", "firstResponseDueAt", "resolutionDueAt",
  "createdAt", "lastActivityAt", "updatedAt", "searchDocument")
VALUES ($1::uuid, $2, $3::"TicketCategory", $4::"TicketPriority", $5::"Channel", $6::uuid, $7::uuid, $8::uuid, $9, $10,
  $11, $12::text[], $13, $14::timestamp, $15::jsonb, $16, $17::timestamp, $18::timestamp, $19::timestamp, $19::timestamp, $19::timestamp,
  ticket_search_text($2, $20::text, $21::text, $22::text))
RETURNING id, number, status::text AS status`;

/** The ticket inserted, and the outbox history of its e-mails' recipients read in the same statement ($23…$26). */
const INSERT_TICKET_READ_HISTORY = preparedSql(`
WITH t AS (${INSERT_TICKET})
SELECT t.number, t.status, set_config('vouchie.search_written', t.id::text, true) AS "searchWritten",
  (SELECT coalesce(json_agg(h ORDER BY h."ord"), '[]'::json) FROM (${recipientHistoriesQuery([], new Date(), 23).text}) h) AS histories
FROM t`);

/**
 * The whole transaction on `client`: BEGIN … COMMIT in three round trips (four when the panel's user id moves, five
 * or six when an agent files to their own address). The caller rolls back on an error.
 */
export async function createTicketFast(
  client: pg.PoolClient,
  command: CreateTicketCommand & { reporter: FastReporter },
  idempotencyKey: string | null,
  calendarOf: Awaited<ReturnType<typeof businessCalendarsFor>>,
  timeoutMs: number,
): Promise<CreatedTicket> {
  const { fields, reporter: ref } = command;
  const email = ref.email.toLowerCase();
  // Before BEGIN: PREPARE is not transactional (a round trip the first time a connection meets these, none after).
  await prepareOn(client, [SETUP, INSERT_TICKET_READ_HISTORY, TICKET_WRITES]);
  // A guest's claim to a name never overwrites what a verified source (the panel) said; the panel's does.
  const trusted = Boolean(ref.externalId || ref.company);
  // The panel's user id names one person: if it now comes with another address, the id moves to it (create.ts).
  const handOver = ref.externalId
    ? inline(client, `UPDATE "User" SET "externalId" = NULL, "updatedAt" = now() WHERE "externalId" = $1 AND email <> $2;`, [
        ref.externalId,
        email,
      ])
    : '';
  const setupSql = execute(client, SETUP, [
    randomUUID(),
    ref.company?.externalId ?? null,
    ref.company?.name ?? null,
    ref.company?.plan ?? null,
    randomUUID(),
    email,
    ref.name,
    ref.externalId ?? null,
    toLocale(ref.locale),
    trusted,
    PLAN_FOR_NO_COMPANY,
    fields.category,
  ]);
  // The caller's first statement (an inbound mail's count of its sender) comes right after BEGIN, with the setup.
  const first = command.sql?.first;
  // As Prisma's transaction timeout: nothing holds the connection for ever (57014 answers 503, db/unavailable.ts).
  const begun = (await client.query(
    `${begin(timeoutMs)}; ${first ? `${inlined(client, first.statement)};` : ''} ${handOver} ${setupSql}`,
  )) as pg.QueryResult | pg.QueryResult[];
  // BEGIN and its SETs come first, then the caller's statement; throwing rolls back what the setup wrote.
  if (first) first.check(resultAt(begun, BEGIN_RESULTS).rows);
  const setup = lastResult(begun).rows[0] as SetupRow | undefined;
  if (!setup) throw new Error('the reporter upsert returned no row');
  if (setup.categoryActive === false && CATEGORY_CHOSEN_BY_REPORTER.has(command.channel)) {
    throw new Rollback<CreateTicketError>({ kind: 'category_hidden' });
  }
  const targets =
    setup.firstResponseMinutes !== null && setup.resolutionMinutes !== null
      ? { firstResponseMinutes: setup.firstResponseMinutes, resolutionMinutes: setup.resolutionMinutes }
      : defaultSlaTargets(setup.plan);
  const priority = appliedPriority(fields.priority, setup.defaultPriority);
  const now = command.filedAt ?? new Date();
  const due = dueDatesFrom(targets, now, calendarOf(setup.plan));
  const assignee = setup.assigneeId ? { id: setup.assigneeId, name: setup.assigneeName } : null;
  const ticketId = randomUUID();
  const announce = command.announce !== false;

  // Whom the e-mails go to is known now (not what they say: that needs the ticket's number), so their outbox history
  // is read with the ticket's insert. An agent filing to their own address is the exception (see below).
  const mailedAgents = announce ? setup.agents.filter((agent) => !agent.notifyDigest) : [];
  const overlap = mailedAgents.some((agent) => agent.email.toLowerCase() === email);
  const recipients =
    announce && !overlap
      ? [{ toEmail: email, ticketId }, ...mailedAgents.map((agent) => ({ toEmail: agent.email.toLowerCase(), ticketId }))]
      : [];
  // The caps' window ends now, even for a ticket filed with an earlier date (as enqueueEmails).
  const history = recipientHistoriesQuery(recipients, new Date());
  const inserted = (
    await client.query<{ number: number; status: string; histories: (HistoryRow & { ord?: unknown })[] }>(
      execute(client, INSERT_TICKET_READ_HISTORY, [
        ticketId,
        fields.subject,
        fields.category,
        priority,
        command.channel,
        assignee?.id ?? null,
        setup.id,
        setup.companyId,
        fields.attempted ?? null,
        fields.actual,
        fields.expected ?? null,
        fields.reproSteps,
        fields.errorMessage ?? null,
        fields.occurredAt ? stamp(fields.occurredAt) : null,
        fields.environment === undefined || fields.environment === null ? null : JSON.stringify(fields.environment),
        idempotencyKey,
        stamp(due.firstResponseDueAt),
        stamp(due.resolutionDueAt),
        stamp(now),
        setup.email,
        fields.identifiers.map((identifier) => identifier.value).join(' '),
        fields.actual,
        ...history.values.map((v) => (v instanceof Date ? stamp(v) : (v as SqlValue))),
      ]),
    )
  ).rows[0];
  if (!inserted) throw new Error('the ticket insert returned no row');

  const url = ticketUrl(ticketId, inserted.number, setup.email);
  const created: CreatedTicket = {
    id: ticketId,
    number: inserted.number,
    displayNumber: formatTicketNumber(inserted.number),
    status: inserted.status,
    reporterEmail: setup.email,
    url,
    replayed: false,
  };

  const attachments = attachmentRows(command.sql?.attachments ?? []);
  const eventData = {
    channel: command.channel,
    attachments: attachments.length,
    identifiers: fields.identifiers.length,
    // What the category's settings did, so the activity log can say why the ticket starts this way.
    ...(priority !== fields.priority ? { priorityFromCategory: { reported: fields.priority, applied: priority } } : {}),
    ...(assignee ? { assignedByCategory: { id: assignee.id, name: assignee.name } } : {}),
  };
  const children: TicketWrites & { digest: NonNullable<TicketWrites['digest']> } = {
    ticketId,
    now: stamp(now),
    authorId: setup.id,
    channel: command.channel,
    identifiers: fields.identifiers.map((i) => ({ id: randomUUID(), kind: i.kind, value: i.value })),
    messageId: randomUUID(),
    body: fields.actual,
    emailMessageId: command.emailMessageId ?? null,
    trimmedText: command.trimmedText ?? null,
    attachments,
    eventId: randomUUID(),
    eventType: 'ticket.created',
    eventData,
    digest: [],
    outbox: [],
  };
  // The last query: the rows, the caller's last statements (an inbound mail's record) and COMMIT.
  const finish = (rows: TicketWrites) =>
    commitWith(client, execute(client, TICKET_WRITES, [JSON.stringify(rows)]), command.sql?.last(created) ?? []);

  if (announce) {
    const locale: Locale = toLocale(setup.locale);
    const t = translator(locale);
    const confirmation: EmailToEnqueue = {
      template: 'ticket.received',
      ticketId,
      to: { email: setup.email, name: setup.name },
      ...renderTicketReceived({
        locale,
        recipientName: setup.name,
        ticketNumber: created.displayNumber,
        subject: fields.subject,
        categoryLabel: t(`ticket.category.${fields.category}`),
        priorityLabel: t(`ticket.priority.${priority}`),
        summary: fields.actual,
        ticketUrl: url,
        createdAt: now,
        quoteSubmission: command.reporterVerified ?? command.channel === 'API',
      }),
    };
    const { mails, digest } = agentMails(
      {
        kind: 'newTicket',
        ticket: {
          id: ticketId,
          number: inserted.number,
          subject: fields.subject,
          status: inserted.status as TicketStatus,
          assigneeId: assignee?.id ?? null,
        },
        customer: { name: setup.name, email: setup.email },
        message: fields.actual,
        attachmentCount: attachments.length,
      },
      setup.agents,
    );
    children.digest = digest.map((item) => ({ id: randomUUID(), ...item }));
    if (overlap || alongsideOverlaps([confirmation], mails)) {
      // An agent filing to their own address: the confirmation first, so the notification threads after it.
      const first = { ...children, digest: [], outbox: await readOutboxBatch(client, [confirmation]) };
      await client.query(execute(client, TICKET_WRITES, [JSON.stringify(first)]));
      const rest = { ticketId, identifiers: [], digest: children.digest, outbox: await readOutboxBatch(client, mails) };
      await finish(rest);
      return created;
    }
    children.outbox = outboxBatch([confirmation, ...mails], historiesFromRows(inserted.histories));
  }
  await finish(children);
  return created;
}
