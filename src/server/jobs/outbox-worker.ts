import { Prisma, type OutboundEmail } from '@/generated/prisma/client';
import { db } from '@/server/db/client';
import { childLogger } from '@/server/logger';
import { BOUNCE_EXEMPT_TEMPLATES } from '@/server/mail/outbound/caps';
import { deliver, defaultTransport, type Delivery, type MailTransport } from '@/server/mail/outbound/sender';
import { env } from '@/server/env';

/**
 * Sends what the outbox holds. Claiming is one short statement that leases rows (`lockedUntil`) under
 * `FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint rows without waiting on each other; sending
 * happens outside any transaction, so a slow SMTP server never holds row locks or a pooled connection.
 */

/**
 * How long a claimed row belongs to the worker that claimed it without hearing from it. Short, so the rows of
 * a worker that was killed (or lost its database) are due again within seconds; a live worker renews it every
 * `LEASE_HEARTBEAT_MS` while it sends, so a slow SMTP server (up to a minute per message, see
 * SMTP_TIMEOUTS_MS) never loses it its rows.
 */
export const CLAIM_LEASE_MS = 20_000;
export const LEASE_HEARTBEAT_MS = 5_000;
/**
 * A row is only handed to the transport while at least this much of its lease is left: if the heartbeat has
 * been failing (database unreachable), a send that outlived the lease could race a worker that re-claimed it.
 */
export const MIN_LEASE_LEFT_TO_SEND_MS = CLAIM_LEASE_MS / 2;
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
  /** Sends in flight at once (default OUTBOX_SEND_CONCURRENCY). */
  concurrency?: number;
  /** The clock used for due-ness, leases and back-off; tests move it forward instead of sleeping. */
  now?: Date;
  transport?: MailTransport;
  /** How often the lease is renewed while the batch runs (tests shorten it). */
  heartbeatMs?: number;
  /** Called after each lease renewal, with the number of rows still held (tests wait on it instead of sleeping). */
  onLeaseRenewed?: (held: number) => void;
  /**
   * Asked before each send: once true (the worker is stopping), the rows not sent yet are handed back at once,
   * unsent and uncounted, for another worker to take, instead of being sent or left leased until the lease ends.
   */
  shouldStop?: () => boolean;
}

/** 2^attempts × 30 s, capped at an hour, ±20 % so rows that failed together do not retry in lockstep. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(2 ** attempts * BASE_RETRY_MS, MAX_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Claims up to `batchSize` due rows for `lockedUntil`. One statement is its own transaction: the row locks
 * taken by the inner SELECT last only until the lease (lockedUntil) is written, and that lease is what keeps
 * other workers away while we send. Exported so tests can play a worker that claims and then dies.
 */
export async function claimDueRows(now: Date, lockedUntil: Date, batchSize: number): Promise<OutboundEmail[]> {
  const claimed = await db().$queryRaw<{ id: string }[]>`
    UPDATE "OutboundEmail" AS o
    SET "lockedUntil" = ${lockedUntil}, "attempts" = o."attempts" + 1
    FROM (
      SELECT "id" FROM "OutboundEmail"
      WHERE "status" = 'PENDING'
        AND "nextAttemptAt" <= ${now}
        AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
      ORDER BY "priority", "nextAttemptAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) AS due
    WHERE o."id" = due."id"
    RETURNING o."id"`;
  if (claimed.length === 0) return [];
  const rows = await db().outboundEmail.findMany({
    where: { id: { in: claimed.map((row) => row.id) } },
    orderBy: [{ priority: 'asc' }, { nextAttemptAt: 'asc' }],
  });
  return rows;
}

/**
 * The rows one batch holds, and the lease value that proves it: every write that depends on still holding a
 * row matches on `lockedUntil = until`. Renewals move `until`, so they and those writes run one at a time.
 */
class Lease {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly held: Set<string>;
  /** performance.now() at which `until` runs out, on the real clock (the batch's `now` may be simulated). */
  private expiresAt: number;

  constructor(
    ids: string[],
    private until: Date,
    /** The batch's clock: its `now` moved on by the real time elapsed since. */
    private readonly clock: () => Date,
    claimedAt: number,
  ) {
    this.held = new Set(ids);
    this.expiresAt = claimedAt + CLAIM_LEASE_MS;
  }

  get size(): number {
    return this.held.size;
  }

  /** Ours, with enough lease left that a send started now ends before anyone else may take the row. */
  maySend(id: string): boolean {
    return this.held.has(id) && this.expiresAt - performance.now() >= MIN_LEASE_LEFT_TO_SEND_MS;
  }

  /** Runs a write that needs the current lease value; the row is ours no more afterwards. */
  settle<T>(id: string, write: (until: Date) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      try {
        return await write(this.until);
      } finally {
        this.held.delete(id);
      }
    });
  }

  /** Extends the lease of every row still held; rows another worker took over (after a lapse) are let go. */
  renew(): Promise<void> {
    return this.serial(async () => {
      if (this.held.size === 0) return;
      const next = new Date(this.clock().getTime() + CLAIM_LEASE_MS);
      const startedAt = performance.now();
      const renewed = await db().$queryRaw<{ id: string }[]>`
        UPDATE "OutboundEmail" SET "lockedUntil" = ${next}
        WHERE "id" IN (${Prisma.join([...this.held])}) AND "status" = 'PENDING' AND "lockedUntil" = ${this.until}
        RETURNING "id"`;
      const still = new Set(renewed.map((row) => row.id));
      for (const id of this.held) if (!still.has(id)) this.held.delete(id);
      this.until = next;
      this.expiresAt = startedAt + CLAIM_LEASE_MS;
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

export async function processOutboxBatch(options: OutboxBatchOptions): Promise<OutboxBatchResult> {
  const {
    workerId,
    batchSize = env().OUTBOX_BATCH_SIZE,
    concurrency = env().OUTBOX_SEND_CONCURRENCY,
    now = new Date(),
    transport = defaultTransport(),
  } = options;
  const log = childLogger({ module: 'outbox-worker', workerId });
  const result: OutboxBatchResult = { sent: 0, captured: 0, failed: 0, retried: 0 };

  const startedAt = performance.now();
  const clock = () => new Date(now.getTime() + (performance.now() - startedAt));
  const until = new Date(now.getTime() + CLAIM_LEASE_MS);
  const rows = await claimDueRows(now, until, batchSize);
  if (rows.length === 0) return result;
  const lease = new Lease(
    rows.map((row) => row.id),
    until,
    clock,
    startedAt,
  );
  const heartbeat = setInterval(() => {
    lease.renew().then(
      () => options.onLeaseRenewed?.(lease.size),
      (error: unknown) => log.warn({ err: error }, 'outbox lease renewal failed; rows are released when it runs out'),
    );
  }, options.heartbeatMs ?? LEASE_HEARTBEAT_MS);
  heartbeat.unref();
  try {
    await sendClaimed(rows, lease, { now, log, transport, result, concurrency, shouldStop: options.shouldStop ?? (() => false) });
  } finally {
    clearInterval(heartbeat);
  }
  return result;
}

async function sendClaimed(
  rows: OutboundEmail[],
  lease: Lease,
  {
    now,
    log,
    transport,
    result,
    concurrency,
    shouldStop,
  }: {
    now: Date;
    log: ReturnType<typeof childLogger>;
    transport: MailTransport;
    result: OutboxBatchResult;
    concurrency: number;
    shouldStop: () => boolean;
  },
): Promise<void> {
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

  const sendRow = async (row: OutboundEmail): Promise<void> => {
    // The marks below only apply while the row is still PENDING under our lease: if it was re-claimed by
    // another worker after our lease ran out, ours is not the state to record.
    const ours = (lockedUntil: Date) => ({ id: row.id, status: 'PENDING' as const, lockedUntil });

    if (bounced.has(row.toEmail.toLowerCase()) && !BOUNCE_EXEMPT_TEMPLATES.has(row.template)) {
      // SUPPRESSED, not FAILED: nothing went wrong with the delivery, we chose not to send (the bounce may have
      // arrived after the row was written; enqueueEmail suppresses at once when it was already known). The
      // attempt did not happen, so it is not counted.
      await lease.settle(row.id, (until) =>
        db().outboundEmail.updateMany({
          where: ours(until),
          data: {
            status: 'SUPPRESSED',
            lastError: 'recipient address hard-bounced earlier; not sent',
            lockedUntil: null,
            attempts: { decrement: 1 },
          },
        }),
      );
      log.warn({ outboundEmailId: row.id }, 'not sent: recipient hard-bounced');
      return;
    }

    if (shouldStop()) {
      await lease.settle(row.id, (until) =>
        db().outboundEmail.updateMany({ where: ours(until), data: { lockedUntil: null, attempts: { decrement: 1 } } }),
      );
      log.info({ outboundEmailId: row.id }, 'stopping: row handed back unsent');
      return;
    }

    if (!lease.maySend(row.id)) {
      // Not enough lease left to send safely (renewals failing, or the row was lost): hand it back untouched
      // (the attempt did not happen). If the database is unreachable this fails too, and the lease runs out.
      await lease.settle(row.id, (until) =>
        db().outboundEmail.updateMany({ where: ours(until), data: { lockedUntil: null, attempts: { decrement: 1 } } }),
      );
      log.warn({ outboundEmailId: row.id }, 'claim lease lost or failing to renew, row released unsent');
      return;
    }

    let delivery: Delivery;
    try {
      delivery = await deliver(row, transport);
    } catch (error) {
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      const lastError = errorText(error);
      await lease.settle(row.id, (until) =>
        db().outboundEmail.updateMany({
          where: ours(until),
          data: giveUp
            ? { status: 'FAILED', lastError, lockedUntil: null }
            : { lastError, lockedUntil: null, nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)) },
        }),
      );
      if (giveUp) result.failed += 1;
      else result.retried += 1;
      const context = { outboundEmailId: row.id, attempts: row.attempts, err: error };
      if (giveUp) log.error(context, 'e-mail failed for good');
      else log.warn(context, 'e-mail delivery failed, will retry');
      return;
    }

    // Outside the try above on purpose: if recording fails, the message did go out, and treating that as a
    // failed delivery would schedule a deliberate second send.
    const marked = await lease.settle(row.id, (until) =>
      db().outboundEmail.updateMany({
        where: ours(until),
        data: { status: delivery.status, sentAt: new Date(), smtpResponse: delivery.response, lockedUntil: null, lastError: null },
      }),
    );
    if (marked.count === 0) {
      log.error({ outboundEmailId: row.id, messageId: row.messageId }, 'delivered after losing the claim; the message may go out twice');
    }
    if (delivery.status === 'SENT') result.sent += 1;
    else result.captured += 1;
    log.info(
      { outboundEmailId: row.id, messageId: row.messageId, template: row.template, status: delivery.status, attempts: row.attempts },
      'e-mail delivered',
    );
  };

  // Several sends in flight (each on its own pooled SMTP connection): one at a time, a batch waits out every
  // server round trip in turn. Rows were claimed in send order, so the most urgent leave first.
  let next = 0;
  const lane = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      if (row) await sendRow(row);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, rows.length)) }, lane));
}
