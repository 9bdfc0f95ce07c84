import { Prisma } from '@/generated/prisma/client';
import { storage } from '@/server/attachments/storage';
import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { err, ok, type Result } from '@/server/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { recordAudit } from './audit';
import { startErasure } from './erasure';
import { retentionPolicySchema } from './schemas';

/**
 * Retention rules, set by admins and run by the worker (privacy-retention job):
 * - attachments and raw e-mails of tickets closed more than N days ago are deleted (files through the storage
 *   backend); the tickets, their messages and numbers stay;
 * - reporters (customers) with no ticket activity and no sign-in for M months are anonymised with the erasure of
 *   art. 17 (their tickets stay, with the tombstone);
 * - outbox e-mails older than K days lose their bodies; who, when and the status stay for the delivery record.
 * Tickets and companies under a legal hold are left alone. Every run is logged in the audit log with its counts,
 * and the preview counts what the next run would touch with the very same conditions.
 */

const log = childLogger({ module: 'privacy-retention' });
const BATCH = 200;
/** Anonymisations per run: each is a full erasure; the next run takes the rest. */
const PEOPLE_PER_RUN = 100;

export interface RetentionPolicyValues {
  closedTicketFilesDays: number | null;
  inactiveReporterMonths: number | null;
  outboxBodyDays: number | null;
  updatedAt: Date | null;
}

export interface RetentionCounts {
  attachments: number;
  attachmentBytes: number;
  rawEmails: number;
  reporters: number;
  outboxBodies: number;
}

export type RetentionError = { kind: 'forbidden' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export async function getRetentionPolicy(): Promise<RetentionPolicyValues> {
  const row = await db().retentionPolicy.findUnique({ where: { id: 1 } });
  return {
    closedTicketFilesDays: row?.closedTicketFilesDays ?? null,
    inactiveReporterMonths: row?.inactiveReporterMonths ?? null,
    outboxBodyDays: row?.outboxBodyDays ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function saveRetentionPolicy(principal: Principal, input: unknown): Promise<Result<RetentionPolicyValues, RetentionError>> {
  if (principal.kind !== 'user' || !canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const parsed = retentionPolicySchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  await db().$transaction(async (tx) => {
    await tx.retentionPolicy.upsert({
      where: { id: 1 },
      create: { id: 1, ...parsed.data, updatedById: principal.userId },
      update: { ...parsed.data, updatedById: principal.userId },
    });
    await recordAudit({ actorId: principal.userId, action: 'retention.policy_changed', details: parsed.data }, tx);
  });
  return ok(await getRetentionPolicy());
}

const DAY_MS = 86_400_000;

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

function monthsBefore(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

const NOT_HELD = (ticket: Prisma.Sql) => Prisma.sql`NOT EXISTS (
  SELECT 1 FROM "LegalHold" h WHERE h."releasedAt" IS NULL AND (h."ticketId" = ${ticket}."id" OR h."companyId" = ${ticket}."companyId"))`;

function closedTicketsSql(cutoff: Date): Prisma.Sql {
  return Prisma.sql`SELECT t."id" FROM "Ticket" t WHERE t."status" = 'CLOSED' AND t."closedAt" < ${cutoff} AND ${NOT_HELD(Prisma.raw('t'))}`;
}

/**
 * Customers to anonymise: created before the cutoff, not signed in since, no ticket with activity since, none
 * still open, not erased already, and no legal hold on their tickets or company (erasure would refuse anyway).
 */
function inactiveReportersSql(cutoff: Date, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT u."id" FROM "User" u
    WHERE u."role" = 'CUSTOMER' AND u."createdAt" < ${cutoff} AND (u."lastSignInAt" IS NULL OR u."lastSignInAt" < ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "Erasure" e WHERE e."subjectId" = u."id")
      AND NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t."reporterId" = u."id" AND (t."lastActivityAt" >= ${cutoff} OR t."status" <> 'CLOSED'))
      AND NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t."reporterId" = u."id" AND NOT ${NOT_HELD(Prisma.raw('t'))})
      AND NOT EXISTS (SELECT 1 FROM "LegalHold" h WHERE h."releasedAt" IS NULL AND h."companyId" = u."companyId")
    ORDER BY u."createdAt" LIMIT ${limit}`;
}

function outboxBodiesWhere(cutoff: Date): Prisma.Sql {
  return Prisma.sql`"createdAt" < ${cutoff} AND "status" <> 'PENDING' AND ("text" <> '' OR "html" <> '')`;
}

/** What the next run would touch, counted with the run's own conditions. */
export async function previewRetention(now = new Date()): Promise<RetentionCounts> {
  const policy = await getRetentionPolicy();
  const counts: RetentionCounts = { attachments: 0, attachmentBytes: 0, rawEmails: 0, reporters: 0, outboxBodies: 0 };
  const client = db();
  if (policy.closedTicketFilesDays) {
    const cutoff = daysBefore(now, policy.closedTicketFilesDays);
    const [row] = await client.$queryRaw<{ attachments: number; bytes: bigint; raw: number }[]>(Prisma.sql`
      SELECT (SELECT count(*) FROM "Attachment" WHERE "ticketId" IN (${closedTicketsSql(cutoff)}))::int AS "attachments",
             (SELECT coalesce(sum("size"), 0) FROM "Attachment" WHERE "ticketId" IN (${closedTicketsSql(cutoff)}))::bigint AS "bytes",
             (SELECT count(*) FROM "InboundEmail" WHERE "ticketId" IN (${closedTicketsSql(cutoff)}))::int AS "raw"`);
    counts.attachments = row?.attachments ?? 0;
    counts.attachmentBytes = Number(row?.bytes ?? 0n);
    counts.rawEmails = row?.raw ?? 0;
  }
  if (policy.inactiveReporterMonths) {
    const cutoff = monthsBefore(now, policy.inactiveReporterMonths);
    const [row] = await client.$queryRaw<{ n: number }[]>(
      Prisma.sql`SELECT count(*)::int AS "n" FROM (${inactiveReportersSql(cutoff, 1_000_000)}) p`,
    );
    counts.reporters = row?.n ?? 0;
  }
  if (policy.outboxBodyDays) {
    const [row] = await client.$queryRaw<{ n: number }[]>(
      Prisma.sql`SELECT count(*)::int AS "n" FROM "OutboundEmail" WHERE ${outboxBodiesWhere(daysBefore(now, policy.outboxBodyDays))}`,
    );
    counts.outboxBodies = row?.n ?? 0;
  }
  return counts;
}

/** One run of every rule that is on; logged in the audit log with its counts (also when nothing was due). */
export async function runRetention(now = new Date()): Promise<RetentionCounts> {
  const policy = await getRetentionPolicy();
  const counts: RetentionCounts = { attachments: 0, attachmentBytes: 0, rawEmails: 0, reporters: 0, outboxBodies: 0 };
  if (!policy.closedTicketFilesDays && !policy.inactiveReporterMonths && !policy.outboxBodyDays) return counts;
  const client = db();

  if (policy.closedTicketFilesDays) {
    const cutoff = daysBefore(now, policy.closedTicketFilesDays);
    for (;;) {
      // Bytes first, then the rows, in one transaction per batch: a crash leaves rows whose bytes are gone, which the
      // next run deletes again (deleting a missing key is a no-op).
      const done = await client.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<{ id: string; storageKey: string; size: number }[]>(Prisma.sql`
          SELECT "id", "storageKey", "size" FROM "Attachment" WHERE "ticketId" IN (${closedTicketsSql(cutoff)})
          ORDER BY "id" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`);
        for (const row of rows) await storage().delete(row.storageKey);
        if (rows.length) await tx.attachment.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
        counts.attachments += rows.length;
        counts.attachmentBytes += rows.reduce((sum, row) => sum + row.size, 0);
        return rows.length < BATCH;
      });
      if (done) break;
    }
    for (;;) {
      const deleted = await client.$executeRaw(Prisma.sql`
        DELETE FROM "InboundEmail" WHERE "id" IN (SELECT "id" FROM "InboundEmail" WHERE "ticketId" IN (${closedTicketsSql(cutoff)}) LIMIT ${BATCH})`);
      counts.rawEmails += deleted;
      if (deleted < BATCH) break;
    }
  }

  // Before the anonymisation (which blanks its people's mail too), so the run's counts match the preview's.
  if (policy.outboxBodyDays) {
    counts.outboxBodies = await client.$executeRaw(
      Prisma.sql`UPDATE "OutboundEmail" SET "text" = '', "html" = '' WHERE ${outboxBodiesWhere(daysBefore(now, policy.outboxBodyDays))}`,
    );
  }

  if (policy.inactiveReporterMonths) {
    const cutoff = monthsBefore(now, policy.inactiveReporterMonths);
    const people = await client.$queryRaw<{ id: string }[]>(inactiveReportersSql(cutoff, PEOPLE_PER_RUN));
    for (const person of people) {
      const erased = await startErasure({ subjectId: person.id, actorId: null, caseRef: null, purpose: 'retention' });
      if (erased.ok) counts.reporters += 1;
    }
  }

  await recordAudit({
    actorId: null,
    action: 'retention.run',
    purpose: 'retention',
    details: {
      ...counts,
      rules: {
        closedTicketFilesDays: policy.closedTicketFilesDays,
        inactiveReporterMonths: policy.inactiveReporterMonths,
        outboxBodyDays: policy.outboxBodyDays,
      },
    },
  });
  log.info(counts, 'retention run');
  return counts;
}

/** The last runs, newest first, for the admin page. */
export async function recentRetentionRuns(take = 5) {
  return db().privacyAuditEntry.findMany({
    where: { action: 'retention.run' },
    orderBy: { at: 'desc' },
    take,
    select: { id: true, at: true, details: true },
  });
}
