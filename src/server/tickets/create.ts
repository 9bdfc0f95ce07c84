import { Prisma } from '@/generated/prisma/client';
import type { Channel, Plan } from '@/generated/prisma/enums';
import { db, pgPool, type Tx } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { onPgConnection } from '@/server/db/pg-sql';
import { Rollback } from '@/server/db/transact';
import { env } from '@/server/env';
import { claimUploads, type AttachmentError } from '@/server/attachments';
import { signTicketLink } from '@/server/auth/ticket-link';
import { enqueueEmail, type EmailToEnqueue } from '@/server/mail/outbound/outbox';
import { renderTicketReceived } from '@/server/mail/outbound/templates';
import { appliedPriority, newTicketRules } from '@/server/categories/settings';
import { err, ok, type Result } from '@/server/result';
import { type Locale, toLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { formatTicketNumber } from './numbering';
import { dueDatesFrom, slaTargetsForCompany } from '@/server/sla/targets';
import { businessCalendarFor, businessCalendarsFor } from '@/server/plan-settings/read';
import { coversCommand, createTicketFast } from './create-fast';
import { notifyAgents } from './notify-agents';
import type { CallerSql } from './write-sql';
import type { ticketFieldsSchema } from './schemas';
import type { z } from 'zod';
import { absoluteUrl, customerTicketPath } from '@/server/links';

export type TicketFields = z.output<typeof ticketFieldsSchema>;

/** Who files the ticket: a signed-in user, or someone known only by name and e-mail (guest, API, e-mail). */
export type ReporterRef =
  | { userId: string }
  | {
      email: string;
      name: string;
      externalId?: string;
      locale?: Locale;
      company?: { externalId: string; name: string; plan: Plan };
    };

export interface CreateTicketCommand {
  fields: TicketFields;
  reporter: ReporterRef;
  channel: Channel;
  /** Tokens of uploads (POST /api/uploads or the API's own multipart parts) to attach to the first message. */
  attachmentTokens?: string[];
  /** The same key twice (double click, client retry) returns the first ticket instead of a second one. */
  idempotencyKey?: string;
  /** The closed ticket this one continues (a customer replied to it after it was closed). */
  followUpOfId?: string;
  /** Who wrote the first message when it is not the reporter (a company admin following up a colleague's ticket). */
  firstMessageAuthorId?: string;
  /**
   * Whether someone vouches that the submitter owns the reporter's address. Default: a known user (signed in, or a
   * follow-up of their own ticket) or the panel's API; a guest's form and e-mail are not, unless the caller says so
   * (e-mail whose sender the receiving MTA authenticated). Unverified, the confirmation repeats nothing they wrote.
   */
  reporterVerified?: boolean;
  /** The Message-ID of the e-mail the ticket was filed from (channel EMAIL), kept on its first message for threading. */
  emailMessageId?: string;
  /** What trimming took off that e-mail (signature, quoted history), kept on the first message for staff. */
  trimmedText?: string | null;
  /**
   * When the ticket counts as filed, for its SLA due dates and timestamps: now unless given (an import keeps the
   * original time; the e2e tests file a ticket "on Friday at 16:30").
   */
  filedAt?: Date;
  /** Further writes that must commit or roll back with the ticket, e.g. a follow-up's trace on the old ticket. */
  inSameTransaction?: (tx: Tx, ticket: CreatedTicket) => Promise<void>;
  /**
   * Work at the start of the ticket's transaction, before anything is written: an inbound mail's rate-limit count and
   * its attachments' rows (claimed below by their tokens), so the mail commits once. Throwing rolls everything back.
   */
  beforeWrite?: (tx: Tx) => Promise<void>;
  /**
   * The same caller writes (and the files its `beforeWrite` would record for `attachmentTokens`) as SQL, for the
   * SQL fast path (create-fast.ts): given, that path takes the command; without `pgPool()`, the hooks above run.
   */
  sql?: CallerSql<CreatedTicket>;
  /**
   * False: no confirmation e-mail and no new-ticket e-mail to agents. A live chat is a ticket from its first line,
   * but the customer is in the conversation and the agents see it in the chat inbox; if it falls through to e-mail,
   * the chat's own e-mails say so (src/server/chat).
   */
  announce?: boolean;
}

export interface CreatedTicket {
  id: string;
  number: number;
  displayNumber: string;
  status: string;
  reporterEmail: string;
  /** Link for the reporter: opens this ticket without signing in (signed, expiring). */
  url: string;
  /** True when an earlier request with the same idempotency key already created it. */
  replayed: boolean;
}

export type CreateTicketError =
  | { kind: 'attachments'; error: AttachmentError }
  /** An admin hid the category from the contact form (/agent/admin/kategorie); the form and the API refuse it. */
  | { kind: 'category_hidden' };

/**
 * Channels where the reporter picks the category: a hidden one is refused there. E-mail always files under
 * OTHER and a follow-up keeps its old ticket's category, so neither is ever refused for it.
 */
const TRANSACTION_TIMEOUT_MS = 20_000;

const CATEGORY_CHOSEN_BY_REPORTER: readonly Channel[] = ['WEB', 'API'];

export function ticketUrl(ticketId: string, number: number, email: string): string {
  return absoluteUrl(env().APP_URL, `${customerTicketPath(number)}?t=${encodeURIComponent(signTicketLink(ticketId, email))}`);
}

/**
 * Everything that happens when a ticket is filed, in one transaction: reporter (and company) upserted, the
 * ticket with its identifiers and SLA due dates (sla/targets.ts), the category's default priority and assignee
 * (categories/settings.ts), the first message, the uploads claimed as its attachments,
 * a CREATED activity event and the confirmation e-mail in the outbox. Used by the contact form, the REST API
 * and (later) inbound e-mail.
 */
export async function createTicket(command: CreateTicketCommand): Promise<Result<CreatedTicket, CreateTicketError>> {
  const idempotencyKey = scopedIdempotencyKey(command);
  // No look-up of the key first: the unique index on Ticket.idempotencyKey refuses a second ticket with it, and
  // only then (a retry, a double submit) is the first one looked up. Saves a round trip on every new ticket.
  for (let attempt = 1; ; attempt++) {
    try {
      const created = coversCommand(command)
        ? await createWithSql(command, idempotencyKey)
        : await db().$transaction((tx) => createInTransaction(tx, command, idempotencyKey), { timeout: TRANSACTION_TIMEOUT_MS });
      return ok(created);
    } catch (error) {
      if (error instanceof Rollback) {
        // A replay answers with the ticket it created, even if a setting changed since (a category hidden).
        const existing = idempotencyKey ? await findByIdempotencyKey(idempotencyKey) : null;
        return existing ? ok(existing) : err(error.reason as CreateTicketError);
      }
      if (!isUniqueViolation(error) || attempt > 2) throw error;
      // A concurrent request created the same reporter, company or (double submit) the same ticket first.
      // Its row is committed now: look again, and try once more if it was not our ticket.
      if (idempotencyKey) {
        const existing = await findByIdempotencyKey(idempotencyKey);
        if (existing) return ok(existing);
      }
    }
  }
}

/**
 * The SQL fast path (create-fast.ts) in a transaction of its own on a connection of Prisma's pool; through Prisma
 * when that pool is not the current one (a test swapped the client).
 */
async function createWithSql(command: CreateTicketCommand & Parameters<typeof createTicketFast>[1], idempotencyKey: string | null) {
  // Read before a connection is taken: the embedded database's pool has one connection.
  const calendars = await businessCalendarsFor('SUPPORT');
  const pool = pgPool();
  if (!pool) return db().$transaction((tx) => createInTransaction(tx, command, idempotencyKey), { timeout: TRANSACTION_TIMEOUT_MS });
  return onPgConnection(pool, (client) => createTicketFast(client, command, idempotencyKey, calendars, TRANSACTION_TIMEOUT_MS));
}

/**
 * Keys are scoped to the channel and the reporter, so a key someone else used can never hand back their
 * ticket (and its signed link); it simply starts a ticket of one's own.
 */
function scopedIdempotencyKey(command: CreateTicketCommand): string | null {
  if (!command.idempotencyKey) return null;
  const who = 'userId' in command.reporter ? `user:${command.reporter.userId}` : `email:${command.reporter.email.toLowerCase()}`;
  return `${command.channel}:${who}:${command.idempotencyKey}`;
}

async function createInTransaction(tx: Tx, command: CreateTicketCommand, idempotencyKey: string | null): Promise<CreatedTicket> {
  const { fields } = command;
  await command.beforeWrite?.(tx);
  const rules = await newTicketRules(tx, fields.category);
  if (!rules.active && !command.followUpOfId && CATEGORY_CHOSEN_BY_REPORTER.includes(command.channel)) {
    throw new Rollback<CreateTicketError>({ kind: 'category_hidden' });
  }
  const reporter = await resolveReporter(tx, command.reporter);
  const targets = await slaTargetsForCompany(reporter.companyId, tx);
  const calendar = await businessCalendarFor(targets.plan, 'SUPPORT', tx);
  const priority = appliedPriority(fields.priority, rules.defaultPriority);
  const now = command.filedAt ?? new Date();

  const ticket = await tx.ticket.create({
    data: {
      subject: fields.subject,
      category: fields.category,
      priority,
      channel: command.channel,
      assigneeId: rules.defaultAssignee?.id ?? null,
      reporterId: reporter.id,
      companyId: reporter.companyId,
      attempted: fields.attempted ?? null,
      actual: fields.actual,
      expected: fields.expected ?? null,
      reproSteps: fields.reproSteps,
      errorMessage: fields.errorMessage ?? null,
      occurredAt: fields.occurredAt ?? null,
      environment: fields.environment ?? Prisma.DbNull,
      idempotencyKey,
      ...dueDatesFrom(targets, now, calendar),
      createdAt: now,
      lastActivityAt: now,
      followUpOfId: command.followUpOfId ?? null,
    },
    select: { id: true, number: true, status: true },
  });
  // A createMany of its own rather than a nested create: that one re-reads the ticket afterwards (three round trips).
  if (fields.identifiers.length) {
    await tx.ticketIdentifier.createMany({
      data: fields.identifiers.map((i) => ({ ticketId: ticket.id, kind: i.kind, value: i.value })),
    });
  }

  const authorId = command.firstMessageAuthorId ?? reporter.id;
  const message = await tx.message.create({
    data: {
      ticketId: ticket.id,
      type: 'CUSTOMER',
      authorId,
      channel: command.channel,
      body: fields.actual,
      emailMessageId: command.emailMessageId ?? null,
      trimmedText: command.trimmedText ?? null,
      createdAt: now,
    },
    select: { id: true },
  });

  const tokens = command.attachmentTokens ?? [];
  let attachmentCount = 0;
  if (tokens.length) {
    const claimed = await claimUploads(tx, { tokens, ticketId: ticket.id, messageId: message.id });
    if (!claimed.ok) throw new Rollback<CreateTicketError>({ kind: 'attachments', error: claimed.error });
    attachmentCount = claimed.value.length;
  }

  await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      actorId: authorId,
      type: 'ticket.created',
      createdAt: now,
      data: {
        channel: command.channel,
        attachments: attachmentCount,
        identifiers: fields.identifiers.length,
        ...(command.followUpOfId ? { followUpOfId: command.followUpOfId } : {}),
        // What the category's settings did, so the activity log can say why the ticket starts this way.
        ...(priority !== fields.priority ? { priorityFromCategory: { reported: fields.priority, applied: priority } } : {}),
        ...(rules.defaultAssignee ? { assignedByCategory: { id: rules.defaultAssignee.id, name: rules.defaultAssignee.name } } : {}),
      },
    },
  });

  const url = ticketUrl(ticket.id, ticket.number, reporter.email);
  const created: CreatedTicket = {
    id: ticket.id,
    number: ticket.number,
    displayNumber: formatTicketNumber(ticket.number),
    status: ticket.status,
    reporterEmail: reporter.email,
    url,
    replayed: false,
  };
  if (command.announce === false) {
    await command.inSameTransaction?.(tx, created);
    return created;
  }
  const locale: Locale = toLocale(reporter.locale);
  const t = translator(locale);
  const mail = renderTicketReceived({
    locale,
    recipientName: reporter.name,
    ticketNumber: formatTicketNumber(ticket.number),
    subject: fields.subject,
    categoryLabel: t(`ticket.category.${fields.category}`),
    priorityLabel: t(`ticket.priority.${priority}`),
    summary: fields.actual,
    ticketUrl: url,
    createdAt: now,
    quoteSubmission: command.reporterVerified ?? ('userId' in command.reporter || command.channel === 'API'),
  });
  const confirmation: EmailToEnqueue = {
    template: 'ticket.received',
    ticketId: ticket.id,
    to: { email: reporter.email, name: reporter.name },
    ...mail,
  };
  // A follow-up is announced by its caller, as the continuation of the old ticket (to that ticket's assignee).
  if (command.followUpOfId) {
    await enqueueEmail(tx, confirmation);
  } else {
    // The confirmation goes in the same outbox batch as the agents' notifications: two round trips for all.
    await notifyAgents(
      tx,
      {
        kind: 'newTicket',
        ticket: {
          id: ticket.id,
          number: ticket.number,
          subject: fields.subject,
          status: ticket.status,
          assigneeId: rules.defaultAssignee?.id ?? null,
        },
        customer: { name: reporter.name, email: reporter.email },
        message: fields.actual,
        attachmentCount,
      },
      [confirmation],
    );
  }

  await command.inSameTransaction?.(tx, created);
  return created;
}

interface ResolvedReporter {
  id: string;
  email: string;
  name: string | null;
  locale: string;
  companyId: string | null;
}

/**
 * The reporter's user row, created or updated, in one INSERT … ON CONFLICT: plain columns only in the selection
 * (a relation in it would cost a query of its own) and a non-empty update (see below).
 */
async function resolveReporter(tx: Tx, ref: ReporterRef): Promise<ResolvedReporter> {
  const select = { id: true, email: true, name: true, locale: true, companyId: true } as const;
  if ('userId' in ref) {
    return tx.user.findUniqueOrThrow({ where: { id: ref.userId }, select });
  }
  const company = ref.company
    ? await tx.company.upsert({
        where: { externalId: ref.company.externalId },
        create: { externalId: ref.company.externalId, name: ref.company.name, plan: ref.company.plan },
        update: { name: ref.company.name, plan: ref.company.plan },
        select: { id: true },
      })
    : null;
  const email = ref.email.toLowerCase();
  // A guest's claim to a name never overwrites what a verified source (the panel) said; the panel's does.
  const trusted = Boolean(ref.externalId || ref.company);
  // The panel's user id names one person; if the panel now sends it with another address (the user changed it
  // there), the id moves to that address instead of failing the request on the unique index (a 500 before).
  if (ref.externalId)
    await tx.user.updateMany({ where: { externalId: ref.externalId, email: { not: email } }, data: { externalId: null } });
  return tx.user.upsert({
    where: { email },
    create: {
      email,
      name: ref.name,
      externalId: ref.externalId ?? null,
      locale: toLocale(ref.locale),
      companyId: company?.id ?? null,
    },
    // Never an empty update: Prisma writes an upsert as one INSERT … ON CONFLICT only when it has something to
    // set, and as a look-up, a write and a read otherwise. Setting the (same) address changes nothing else.
    update: trusted
      ? { name: ref.name, ...(ref.externalId ? { externalId: ref.externalId } : {}), ...(company ? { companyId: company.id } : {}) }
      : { email },
    select,
  });
}

async function findByIdempotencyKey(key: string): Promise<CreatedTicket | null> {
  const ticket = await db().ticket.findUnique({
    where: { idempotencyKey: key },
    select: { id: true, number: true, status: true, reporter: { select: { email: true } } },
  });
  if (!ticket) return null;
  return {
    id: ticket.id,
    number: ticket.number,
    displayNumber: formatTicketNumber(ticket.number),
    status: ticket.status,
    reporterEmail: ticket.reporter.email,
    url: ticketUrl(ticket.id, ticket.number, ticket.reporter.email),
    replayed: true,
  };
}
