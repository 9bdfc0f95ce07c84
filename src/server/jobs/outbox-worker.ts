import type { OutboundEmail } from '@/generated/prisma/client';
import { db } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { BOUNCE_EXEMPT_TEMPLATES } from '@/server/mail/outbound/caps';
import { deliver, defaultTransport, type Delivery, type MailTransport } from '@/server/mail/outbound/sender';

/**
 * Sends what the outbox holds. Claiming is one short statement that leases rows (`lockedUntil`) under
 * `FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint rows without waiting on each other; sending
 * happens outside any transaction, so a slow SMTP server never holds row locks or a pooled connection.
 */

/** How long a claimed row belongs to the worker that claimed it. */
export const CLAIM_LEASE_MS = 2 * 60_000;
/**
 * Longest one delivery may take (SMTP connect + greeting + a socket step, see SMTP_TIMEOUTS_MS, plus slack).
 * A row is only sent while at least this much of its lease is left: a send that finished after the lease ran
 * out could race a second worker that re-claimed the row.
 */
export const DELIVERY_BUDGET_MS = 65_000;
export const MAX_ATTEMPTS = 8;
const BASE_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 2_000;

export interface OutboxBatchResult {
  sent: number;
  captured: number;
  /** Gave up for good (MAX_ATTEMPTS reached). */
  failed: number;
  /** Failed this time, scheduled again. */
  retried: number;
}

export interface OutboxBatchOptions {
  /** Appears in the logs, to tell concurrent workers apart. */
  workerId: string;
  batchSize?: number;
  /** The clock used for due-ness, leases and back-off; tests move it forward instead of sleeping. */
  now?: Date;
  transport?: MailTransport;
}

/** 2^attempts × 30 s, capped at an hour, ±20 % so rows that failed together do not retry in lockstep. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(2 ** attempts * BASE_RETRY_MS, MAX_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

async function claimDueRows(now: Date, lockedUntil: Date, batchSize: number): Promise<OutboundEmail[]> {
  // One statement is its own transaction: the row locks taken by the inner SELECT last only until the lease
  // (lockedUntil) is written, and that lease is what keeps other workers away while we send.
  const claimed = await db().$queryRaw<{ id: string }[]>`
    UPDATE "OutboundEmail" AS o
    SET "lockedUntil" = ${lockedUntil}, "attempts" = o."attempts" + 1
    FROM (
      SELECT "id" FROM "OutboundEmail"
      WHERE "status" = 'PENDING'
        AND "nextAttemptAt" <= ${now}
        AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
      ORDER BY "nextAttemptAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) AS due
    WHERE o."id" = due."id"
    RETURNING o."id"`;
  if (claimed.length === 0) return [];
  const rows = await db().outboundEmail.findMany({
    where: { id: { in: claimed.map((row) => row.id) } },
    orderBy: { nextAttemptAt: 'asc' },
  });
  return rows;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

export async function processOutboxBatch(options: OutboxBatchOptions): Promise<OutboxBatchResult> {
  const { workerId, batchSize = 10, now = new Date(), transport = defaultTransport() } = options;
  const log = childLogger({ module: 'outbox-worker', workerId });
  const result: OutboxBatchResult = { sent: 0, captured: 0, failed: 0, retried: 0 };

  const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
  const rows = await claimDueRows(now, lease, batchSize);
  if (rows.length === 0) return result;
  // Measured on the real clock: `now` may be a test's simulated time, but the lease runs out in real time.
  const leaseDeadline = performance.now() + CLAIM_LEASE_MS - DELIVERY_BUDGET_MS;

  // Addresses that hard-bounced get nothing more until an agent clears the mark: mailing them again only
  // hurts the sender's reputation. Sign-in links are exempt: asking for one proves the address works again.
  const bounced = new Set(
    (
      await db().user.findMany({
        where: { email: { in: [...new Set(rows.map((r) => r.toEmail.toLowerCase()))] }, emailBouncedAt: { not: null } },
        select: { email: true },
      })
    ).map((u) => u.email),
  );

  for (const row of rows) {
    // The marks below only apply while the row is still PENDING under our lease: if it was re-claimed by
    // another worker after our lease ran out, ours is not the state to record.
    const ours = { id: row.id, status: 'PENDING' as const, lockedUntil: lease };

    if (bounced.has(row.toEmail.toLowerCase()) && !BOUNCE_EXEMPT_TEMPLATES.has(row.template)) {
      // SUPPRESSED, not FAILED: nothing went wrong with the delivery, we chose not to send (the bounce may have
      // arrived after the row was written; enqueueEmail suppresses at once when it was already known). The
      // attempt did not happen, so it is not counted.
      await db().outboundEmail.updateMany({
        where: ours,
        data: { status: 'SUPPRESSED', lastError: 'recipient address hard-bounced earlier; not sent', lockedUntil: null, attempts: { decrement: 1 } },
      });
      log.warn({ outboundEmailId: row.id }, 'not sent: recipient hard-bounced');
      continue;
    }

    if (performance.now() > leaseDeadline) {
      // Not enough lease left to send safely: hand the row back untouched (the attempt did not happen).
      await db().outboundEmail.updateMany({ where: ours, data: { lockedUntil: null, attempts: { decrement: 1 } } });
      log.warn({ outboundEmailId: row.id }, 'claim lease nearly over, row released unsent');
      continue;
    }

    let delivery: Delivery;
    try {
      delivery = await deliver(row, transport);
    } catch (error) {
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      const lastError = errorText(error);
      await db().outboundEmail.updateMany({
        where: ours,
        data: giveUp
          ? { status: 'FAILED', lastError, lockedUntil: null }
          : { lastError, lockedUntil: null, nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)) },
      });
      if (giveUp) result.failed += 1;
      else result.retried += 1;
      const context = { outboundEmailId: row.id, attempts: row.attempts, err: error };
      if (giveUp) log.error(context, 'e-mail failed for good');
      else log.warn(context, 'e-mail delivery failed, will retry');
      continue;
    }

    // Outside the try above on purpose: if recording fails, the message did go out, and treating that as a
    // failed delivery would schedule a deliberate second send.
    const marked = await db().outboundEmail.updateMany({
      where: ours,
      data: { status: delivery.status, sentAt: new Date(), smtpResponse: delivery.response, lockedUntil: null, lastError: null },
    });
    if (marked.count === 0) {
      log.error({ outboundEmailId: row.id, messageId: row.messageId }, 'delivered after losing the claim; the message may go out twice');
    }
    if (delivery.status === 'SENT') result.sent += 1;
    else result.captured += 1;
    log.info(
      { outboundEmailId: row.id, messageId: row.messageId, template: row.template, status: delivery.status, attempts: row.attempts },
      'e-mail delivered',
    );
  }
  return result;
}
