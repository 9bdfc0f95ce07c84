import { Prisma } from '@/generated/prisma/client';
import type { Role, TicketStatus } from '@/generated/prisma/enums';
import { storage } from '@/server/attachments/storage';
import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { db, type Tx } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { err, ok, type Result } from '@/server/result';
import { EMAIL_EVENTS } from '@/server/tickets/events';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { recordAudit } from './audit';
import { erasureRequestSchema } from './schemas';

/**
 * Art. 17 erasure of one person. What identifies them or what they wrote goes; what the company must keep stays:
 *
 * - goes: name, e-mail, external id (SSO), sign-in sessions, magic-link tokens, sign-in history; the free text of
 *   the tickets they reported (subject, description fields, environment, rating comment) and of the messages they
 *   wrote (e-mail quotes included); identifiers that are personal data (customer e-mails and user ids on their
 *   tickets, and their own address wherever it was given as an identifier); their attachments (from storage,
 *   through the storage backend) and the raw e-mails they sent; the content of e-mails sent to them. Their name
 *   becomes "Usunięty użytkownik #N" and their address `usuniety-N@usuniety.invalid`, marked as undeliverable, so
 *   nothing is mailed to them again.
 * - stays: ticket numbers, timestamps, status, priority, category, tags, assignee, SLA marks and the rating's
 *   stars (the dashboard's figures), and everything agents wrote (replies and internal notes) and uploaded.
 *
 * An erasure is a row (Erasure) walked through steps, each one idempotent and committed on its own, the row
 * locked meanwhile: a crash (or a kill) anywhere leaves the row at the step that did not finish, and running it
 * again, by the admin or by the worker's resume job, carries on from there. The person's address is needed until
 * the last step, so the profile goes last.
 */

const log = childLogger({ module: 'privacy-erasure' });

export const TOMBSTONE_DOMAIN = 'usuniety.invalid';
export const ERASED_TEXT = '[Treść usunięta na żądanie (RODO, art. 17)]';
export const ERASED_VALUE = '[usunięte]';

export function tombstoneName(number: number): string {
  return `Usunięty użytkownik #${number}`;
}

export function tombstoneEmail(number: number): string {
  return `usuniety-${number}@${TOMBSTONE_DOMAIN}`;
}

export function tombstoneSubject(number: number): string {
  return `Zgłoszenie usuniętego użytkownika #${number}`;
}

export const ERASURE_STEPS = ['revoke', 'files', 'raw_emails', 'content', 'profile', 'done'] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

/** Identifiers of these kinds on the person's own tickets are personal data (theirs or their customers'). */
const PERSONAL_IDENTIFIER_KINDS = ['CUSTOMER_EMAIL', 'USER_ID'] as const;
/** Events that name an e-mail sender and the message (note) that holds what they wrote. */
const SENDER_EVENTS: string[] = [EMAIL_EVENTS.flaggedForReview, EMAIL_EVENTS.unverifiedReply];

export type ErasureBlocker =
  | { kind: 'self' }
  | { kind: 'legal_hold'; scope: 'ticket'; ticketNumber: string; reason: string }
  | { kind: 'legal_hold'; scope: 'company'; companyName: string; reason: string }
  | { kind: 'assigned_tickets'; tickets: { number: string; subject: string; status: TicketStatus }[] };

export interface ErasureCounts {
  tickets: number;
  messages: number;
  identifiers: number;
  attachments: number;
  attachmentBytes: number;
  rawEmails: number;
  outboundEmails: number;
  sessions: number;
  signIns: number;
}

export interface ErasurePlan {
  subject: { id: string; name: string | null; email: string; role: Role; companyName: string | null };
  /** Set once the person has been (or is being) erased. */
  erasure: { number: number; step: ErasureStep; completedAt: Date | null } | null;
  blockers: ErasureBlocker[];
  counts: ErasureCounts;
}

export type ErasureError =
  | { kind: 'forbidden' }
  | { kind: 'not_found' }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'blocked'; blockers: ErasureBlocker[] };

interface Subject {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  externalId: string | null;
  companyId: string | null;
  company: { name: string } | null;
}

async function loadSubject(id: string, tx: Tx = db()): Promise<Subject | null> {
  return tx.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, externalId: true, companyId: true, company: { select: { name: true } } },
  });
}

/** Customers' messages are theirs to erase; staff members' replies and notes are the company's record and stay. */
function writesOwnText(subject: Subject): boolean {
  return subject.role === 'CUSTOMER';
}

/** The messages holding what the person wrote: their own (customers), and notes made of e-mails they sent. */
function theirMessagesSql(subject: Subject): Prisma.Sql {
  return Prisma.sql`
    SELECT m."id" FROM "Message" m WHERE m."authorId" = ${subject.id}::uuid AND ${writesOwnText(subject)}
    UNION
    SELECT (e."data"->>'messageId')::uuid FROM "TicketEvent" e
    WHERE e."type" = ANY(${SENDER_EVENTS}::text[]) AND lower(e."data"->>'from') = ${subject.email}`;
}

/** Their attachments: on their messages, or uploaded by them (customers only; staff uploads are the company's). */
function theirAttachmentsWhere(subject: Subject): Prisma.Sql {
  return Prisma.sql`("messageId" IN (${theirMessagesSql(subject)}) OR ("uploaderId" = ${subject.id}::uuid AND ${writesOwnText(subject)}))`;
}

/** Raw e-mails they sent, and every raw e-mail on a ticket they reported (its quoted history is theirs too). */
function theirRawEmailsWhere(subject: Subject): Prisma.Sql {
  return Prisma.sql`(lower("fromEmail") = ${subject.email} OR "ticketId" IN (SELECT "id" FROM "Ticket" WHERE "reporterId" = ${subject.id}::uuid))`;
}

function personalIdentifiersWhere(subject: Subject): Prisma.Sql {
  return Prisma.sql`(
    ("ticketId" IN (SELECT "id" FROM "Ticket" WHERE "reporterId" = ${subject.id}::uuid) AND "kind"::text = ANY(${[...PERSONAL_IDENTIFIER_KINDS]}::text[]))
    OR lower("value") = ${subject.email}
    OR ("kind" = 'USER_ID' AND "value" = ${subject.externalId ?? subject.id}))
    AND "value" <> ${ERASED_VALUE}`;
}

async function countWhat(subject: Subject): Promise<ErasureCounts> {
  const client = db();
  const [row] = await client.$queryRaw<
    { tickets: number; messages: number; identifiers: number; attachments: number; bytes: bigint; raw: number; outbound: number }[]
  >(Prisma.sql`
    SELECT
      (SELECT count(*) FROM "Ticket" WHERE "reporterId" = ${subject.id}::uuid)::int AS "tickets",
      (SELECT count(*) FROM "Message" WHERE "id" IN (${theirMessagesSql(subject)}) AND "body" <> ${ERASED_TEXT})::int AS "messages",
      (SELECT count(*) FROM "TicketIdentifier" WHERE ${personalIdentifiersWhere(subject)})::int AS "identifiers",
      (SELECT count(*) FROM "Attachment" WHERE ${theirAttachmentsWhere(subject)})::int AS "attachments",
      (SELECT coalesce(sum("size"), 0) FROM "Attachment" WHERE ${theirAttachmentsWhere(subject)})::bigint AS "bytes",
      (SELECT count(*) FROM "InboundEmail" WHERE ${theirRawEmailsWhere(subject)})::int AS "raw",
      (SELECT count(*) FROM "OutboundEmail" WHERE "toEmail" = ${subject.email})::int AS "outbound"`);
  const [sessions, signIns] = await Promise.all([
    client.session.count({ where: { userId: subject.id } }),
    client.signInEvent.count({ where: { userId: subject.id } }),
  ]);
  return {
    tickets: row?.tickets ?? 0,
    messages: row?.messages ?? 0,
    identifiers: row?.identifiers ?? 0,
    attachments: row?.attachments ?? 0,
    attachmentBytes: Number(row?.bytes ?? 0n),
    rawEmails: row?.raw ?? 0,
    outboundEmails: row?.outbound ?? 0,
    sessions,
    signIns,
  };
}

/** What stops an erasure: an active legal hold on one of their tickets or their company, open tickets assigned to them. */
export async function erasureBlockers(subject: Subject, actorId: string | null): Promise<ErasureBlocker[]> {
  const blockers: ErasureBlocker[] = [];
  if (actorId === subject.id) blockers.push({ kind: 'self' });
  const client = db();
  const tickets = await client.ticket.findMany({ where: { reporterId: subject.id }, select: { id: true, number: true, companyId: true } });
  const companyIds = [...new Set([subject.companyId, ...tickets.map((t) => t.companyId)].filter((id): id is string => id !== null))];
  const holds = await client.legalHold.findMany({
    where: { releasedAt: null, OR: [{ ticketId: { in: tickets.map((t) => t.id) } }, { companyId: { in: companyIds } }] },
    orderBy: { createdAt: 'asc' },
  });
  if (holds.length) {
    const numbers = new Map(tickets.map((t) => [t.id, t.number]));
    const companies = new Map(
      (await client.company.findMany({ where: { id: { in: companyIds } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]),
    );
    for (const hold of holds) {
      if (hold.ticketId) {
        blockers.push({
          kind: 'legal_hold',
          scope: 'ticket',
          ticketNumber: formatTicketNumber(numbers.get(hold.ticketId) ?? 0),
          reason: hold.reason,
        });
      } else if (hold.companyId) {
        blockers.push({ kind: 'legal_hold', scope: 'company', companyName: companies.get(hold.companyId) ?? '', reason: hold.reason });
      }
    }
  }
  const assigned = await client.ticket.findMany({
    where: { assigneeId: subject.id, status: { not: 'CLOSED' } },
    select: { number: true, subject: true, status: true },
    orderBy: { number: 'asc' },
  });
  if (assigned.length) {
    blockers.push({
      kind: 'assigned_tickets',
      tickets: assigned.map((t) => ({ number: formatTicketNumber(t.number), subject: t.subject, status: t.status })),
    });
  }
  return blockers;
}

function adminId(principal: Principal): string | null {
  return principal.kind === 'user' && canAccessAdmin(principal) ? principal.userId : null;
}

/** The dry run: who, what would go, and what (if anything) stops it. Recorded in the audit log. */
export async function planErasure(principal: Principal, subjectId: string): Promise<Result<ErasurePlan, ErasureError>> {
  const actorId = adminId(principal);
  if (!actorId) return err({ kind: 'forbidden' });
  if (!erasureRequestSchema.shape.subjectId.safeParse(subjectId).success) return err({ kind: 'not_found' });
  const subject = await loadSubject(subjectId);
  if (!subject) return err({ kind: 'not_found' });
  const erasure = await db().erasure.findUnique({ where: { subjectId }, select: { number: true, step: true, completedAt: true } });
  const [blockers, counts] = await Promise.all([erasure?.completedAt ? [] : erasureBlockers(subject, actorId), countWhat(subject)]);
  await recordAudit({ actorId, action: 'erasure.dry_run', subjectId, details: { ...counts, blockers: blockers.map((b) => b.kind) } });
  return ok({
    subject: { id: subject.id, name: subject.name, email: subject.email, role: subject.role, companyName: subject.company?.name ?? null },
    erasure: erasure ? { number: erasure.number, step: erasure.step as ErasureStep, completedAt: erasure.completedAt } : null,
    blockers,
    counts,
  });
}

export interface ErasureOutcome {
  erasureId: string;
  number: number;
  tombstone: string;
  counts: Partial<ErasureCounts>;
}

/**
 * Step two, after the dry run: checks the confirmation and the blockers, records the erasure and runs it. Asking
 * again for a person being (or already) erased resumes (or reports) the same erasure.
 */
export async function requestErasure(
  principal: Principal,
  input: unknown,
  options: RunOptions = {},
): Promise<Result<ErasureOutcome, ErasureError>> {
  const actorId = adminId(principal);
  if (!actorId) return err({ kind: 'forbidden' });
  const parsed = erasureRequestSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = toFieldErrors(parsed.error);
    return fieldErrors.subjectId ? err({ kind: 'not_found' }) : err({ kind: 'invalid', fieldErrors });
  }
  return startErasure({ subjectId: parsed.data.subjectId, actorId, caseRef: parsed.data.caseRef, purpose: 'erasure_request' }, options);
}

/** Records (or finds) the erasure of `subjectId` and runs it to the end; shared by the admin's request and retention. */
export async function startErasure(
  request: { subjectId: string; actorId: string | null; caseRef: string | null; purpose: 'erasure_request' | 'retention' },
  options: RunOptions = {},
): Promise<Result<ErasureOutcome, ErasureError>> {
  const subject = await loadSubject(request.subjectId);
  if (!subject) return err({ kind: 'not_found' });
  const existing = await db().erasure.findUnique({ where: { subjectId: subject.id }, select: { id: true } });
  if (!existing) {
    const blockers = await erasureBlockers(subject, request.actorId);
    if (blockers.length) {
      await recordAudit({
        actorId: request.actorId,
        action: 'erasure.refused',
        subjectId: subject.id,
        purpose: request.purpose,
        caseRef: request.caseRef,
        details: { blockers: blockers.map((b) => b.kind) },
      });
      return err({ kind: 'blocked', blockers });
    }
  }
  const erasure = await db().$transaction(async (tx) => {
    // ON CONFLICT: two admins confirming at once get the one erasure.
    const [row] = await tx.$queryRaw<{ id: string; inserted: boolean }[]>`
      INSERT INTO "Erasure" ("id", "subjectId", "requestedById", "updatedAt")
      VALUES (gen_random_uuid(), ${subject.id}::uuid, ${request.actorId}::uuid, now())
      ON CONFLICT ("subjectId") DO UPDATE SET "updatedAt" = "Erasure"."updatedAt"
      RETURNING "id", (xmax = 0) AS "inserted"`;
    if (!row) throw new Error('erasure row not written');
    if (row.inserted) {
      await recordAudit(
        { actorId: request.actorId, action: 'erasure.started', subjectId: subject.id, purpose: request.purpose, caseRef: request.caseRef },
        tx,
      );
    }
    return row;
  });
  return ok(await runErasure(erasure.id, options));
}

export interface RunOptions {
  /** Rows (attachments, raw e-mails) handled per committed batch. */
  batchSize?: number;
  /** Called after each committed batch or step; tests use it to kill the process halfway. */
  onCheckpoint?: (checkpoint: { step: ErasureStep; batch: number }) => Promise<void> | void;
}

type Counts = Partial<ErasureCounts>;

/**
 * Runs an erasure from the step it is at to the end. Safe to call again at any time, from any process: each step
 * locks the Erasure row, re-reads where it is, and commits its work together with the next step's name.
 */
export async function runErasure(erasureId: string, options: RunOptions = {}): Promise<ErasureOutcome> {
  const batchSize = options.batchSize ?? 200;
  let batch = 0;
  for (;;) {
    const progress = await db().$transaction(
      async (tx) => {
        const [erasure] = await tx.$queryRaw<
          { id: string; number: number; subjectId: string; step: ErasureStep; counts: Counts; requestedById: string | null }[]
        >`
          SELECT "id", "number", "subjectId", "step", "counts", "requestedById" FROM "Erasure" WHERE "id" = ${erasureId}::uuid FOR UPDATE`;
        if (!erasure) throw new Error(`no erasure ${erasureId}`);
        if (erasure.step === 'done') return { done: true as const, erasure };
        const subject = await loadSubject(erasure.subjectId, tx);
        if (!subject) throw new Error(`erasure ${erasureId}: its user is gone`);
        const { next, added } = await STEPS[erasure.step](tx, { subject, number: erasure.number, batchSize, erasure });
        const counts: Counts = { ...erasure.counts };
        for (const [key, value] of Object.entries(added) as [keyof ErasureCounts, number][]) counts[key] = (counts[key] ?? 0) + value;
        await tx.erasure.update({
          where: { id: erasure.id },
          data: { step: next, counts, ...(next === 'done' ? { completedAt: new Date() } : {}) },
        });
        if (next === 'done') {
          await recordAudit({ actorId: erasure.requestedById, action: 'erasure.completed', subjectId: subject.id, details: counts }, tx);
        }
        return { done: false as const, step: erasure.step, erasure: { ...erasure, step: next, counts } };
      },
      { timeout: 60_000 },
    );
    if (progress.done) {
      const { erasure } = progress;
      return { erasureId: erasure.id, number: erasure.number, tombstone: tombstoneName(erasure.number), counts: erasure.counts };
    }
    batch += 1;
    if (progress.erasure.step === 'done') log.info({ erasureId, counts: progress.erasure.counts }, 'erasure completed');
    await options.onCheckpoint?.({ step: progress.step, batch });
  }
}

interface StepContext {
  subject: Subject;
  number: number;
  batchSize: number;
  erasure: { requestedById: string | null };
}

type Step = (tx: Tx, context: StepContext) => Promise<{ next: ErasureStep; added: Counts }>;

const STEPS: Record<Exclude<ErasureStep, 'done'>, Step> = {
  /** Sign-ins end and mail stops first, so nothing new reaches or comes from the person while the rest runs. */
  async revoke(tx, { subject }) {
    await tx.user.update({
      where: { id: subject.id },
      data: {
        active: false,
        emailBouncedAt: new Date(),
        emailBounceReason: 'RODO art. 17: dane usunięte',
        notifyNewTickets: false,
        notifyAssignedReplies: false,
      },
    });
    const sessions = await tx.session.deleteMany({ where: { userId: subject.id } });
    await tx.account.deleteMany({ where: { userId: subject.id } });
    await tx.verificationToken.deleteMany({ where: { identifier: subject.email } });
    await tx.ticketPresence.deleteMany({ where: { userId: subject.id } });
    await tx.categorySetting.updateMany({ where: { defaultAssigneeId: subject.id }, data: { defaultAssigneeId: null } });
    await tx.outboundEmail.updateMany({
      where: { toEmail: subject.email, status: 'PENDING' },
      data: { status: 'SUPPRESSED', lastError: 'RODO art. 17: recipient erased' },
    });
    return { next: 'files', added: { sessions: sessions.count } };
  },

  /**
   * A batch at a time: the bytes first, then the rows. A crash between the two leaves rows whose bytes are gone;
   * the next run deletes those keys again (a no-op) and then the rows.
   */
  async files(tx, { subject, batchSize }) {
    // Exports of their data built earlier by the worker go too (their links stop working).
    const exports = await tx.dataExport.findMany({
      where: { subjectId: subject.id, storageKey: { not: null } },
      select: { id: true, storageKey: true },
    });
    for (const row of exports) if (row.storageKey) await storage().delete(row.storageKey);
    if (exports.length) {
      await tx.dataExport.updateMany({
        where: { id: { in: exports.map((row) => row.id) } },
        data: { status: 'EXPIRED', storageKey: null, tokenHash: null },
      });
    }
    const rows = await tx.$queryRaw<{ id: string; storageKey: string; size: number }[]>(Prisma.sql`
      SELECT "id", "storageKey", "size" FROM "Attachment" WHERE ${theirAttachmentsWhere(subject)} ORDER BY "id" LIMIT ${batchSize}`);
    for (const row of rows) await storage().delete(row.storageKey);
    if (rows.length) await tx.attachment.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
    const added = { attachments: rows.length, attachmentBytes: rows.reduce((sum, row) => sum + row.size, 0) };
    return { next: rows.length < batchSize ? 'raw_emails' : 'files', added };
  },

  async raw_emails(tx, { subject, batchSize }) {
    const deleted = await tx.$executeRaw(Prisma.sql`
      DELETE FROM "InboundEmail" WHERE "id" IN (SELECT "id" FROM "InboundEmail" WHERE ${theirRawEmailsWhere(subject)} LIMIT ${batchSize})`);
    return { next: deleted < batchSize ? 'content' : 'raw_emails', added: { rawEmails: deleted } };
  },

  async content(tx, { subject, number }) {
    const messages = await tx.$executeRaw(Prisma.sql`
      UPDATE "Message" SET "body" = ${ERASED_TEXT}, "trimmedText" = NULL
      WHERE "id" IN (${theirMessagesSql(subject)}) AND ("body" <> ${ERASED_TEXT} OR "trimmedText" IS NOT NULL)`);
    const tickets = await tx.ticket.updateMany({
      where: { reporterId: subject.id },
      data: {
        subject: tombstoneSubject(number),
        attempted: null,
        actual: null,
        expected: null,
        reproSteps: [],
        errorMessage: null,
        environment: Prisma.DbNull,
        ratingComment: null,
      },
    });
    // The rating's comment is also kept in the "rated" event; the sender's address in e-mail events.
    await tx.$executeRaw`
      UPDATE "TicketEvent" SET "data" = "data" - 'comment'
      WHERE "ticketId" IN (SELECT "id" FROM "Ticket" WHERE "reporterId" = ${subject.id}::uuid) AND "data" ? 'comment'`;
    await tx.$executeRaw`
      UPDATE "TicketEvent" SET "data" = jsonb_set("data", '{from}', to_jsonb(${tombstoneEmail(number)}::text))
      WHERE "type" = ANY(${SENDER_EVENTS}::text[]) AND lower("data"->>'from') = ${subject.email}`;
    const identifiers = await tx.$executeRaw(
      Prisma.sql`UPDATE "TicketIdentifier" SET "value" = ${ERASED_VALUE} WHERE ${personalIdentifiersWhere(subject)}`,
    );
    const outbound = await tx.outboundEmail.updateMany({
      where: { toEmail: subject.email },
      data: { toEmail: tombstoneEmail(number), toName: null, subject: ERASED_VALUE, text: '', html: '', smtpResponse: null },
    });
    const signIns = await tx.signInEvent.deleteMany({ where: { userId: subject.id } });
    return {
      next: 'profile',
      added: { messages, tickets: tickets.count, identifiers, outboundEmails: outbound.count, signIns: signIns.count },
    };
  },

  async profile(tx, { subject, number }) {
    await tx.user.update({
      where: { id: subject.id },
      data: {
        email: tombstoneEmail(number),
        name: tombstoneName(number),
        externalId: null,
        image: null,
        emailVerified: null,
        companyId: null,
        isCompanyAdmin: false,
        invitedAt: null,
        lastSignInAt: null,
        active: false,
      },
    });
    return { next: 'done', added: {} };
  },
};

/** The worker's safety net: erasures left unfinished (a crash, a deploy) are run again once they have been still a while. */
export async function resumeStalledErasures(now = new Date(), stillForMs = 2 * 60_000): Promise<number> {
  const stalled = await db().erasure.findMany({
    where: { completedAt: null, updatedAt: { lt: new Date(now.getTime() - stillForMs) } },
    select: { id: true },
    take: 20,
  });
  for (const erasure of stalled) await runErasure(erasure.id);
  return stalled.length;
}

/** The user ids of people erased (the RODO page lists them by tombstone only). */
export async function erasureOf(subjectId: string) {
  return db().erasure.findUnique({ where: { subjectId }, select: { number: true, step: true, completedAt: true } });
}
