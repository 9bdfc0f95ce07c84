import { purgeUnclaimedUploads, unclaimedUploadTtlMs } from '@/server/attachments';
import { ORPHAN_GRACE_MS, sweepOrphanedFiles } from '@/server/attachments/orphans';
import { sweepUsedSsoTokens } from '@/server/auth/sso';
import { recordSlaBreaches } from '@/server/sla/breaches';
import { autoCloseResolvedTickets } from '@/server/tickets/maintenance';
import { sendStaffDigests } from '@/server/tickets/staff-digest';
import { purgeStalePresence } from '@/server/agent/presence';
import { resumeStalledErasures } from '@/server/privacy/erasure';
import { expireDataExports, processDataExports } from '@/server/privacy/export-jobs';
import { runRetention } from '@/server/privacy/retention';
import { sweepChats } from '@/server/chat/maintenance';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';
import { withRequestId } from '@/server/request-id';
import { OUTBOX_CHANNEL } from '@/server/mail/outbound/outbox';
import type { MailTransport } from '@/server/mail/outbound/sender';
import { sweepExpiredBuckets } from '@/server/rate-limit';
import { sendCallbackReminders } from '@/server/phone/booking';
import { processOutboxBatch } from './outbox-worker';
import { WakeSignal } from './wake-signal';
import { startInboundImap } from './inbound';

/**
 * The background process: drains the e-mail outbox, then sleeps until Postgres NOTIFYs a new row (or the poll
 * interval passes, which also covers notifications lost while disconnected), and runs periodic jobs.
 * Every worker does the same work, so running several is just starting several.
 */

export interface PeriodicJob {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
}

const builtInJobs: PeriodicJob[] = [
  { name: 'sweep-rate-limit-buckets', intervalMs: 10 * 60_000, run: () => sweepExpiredBuckets() },
  // Files uploaded for a form that was never sent (or an API call that failed) expire: every 10 minutes, with a
  // TTL of at most 50, no unclaimed upload outlives an hour.
  {
    name: 'purge-unclaimed-uploads',
    intervalMs: 10 * 60_000,
    run: () => purgeUnclaimedUploads(new Date(Date.now() - unclaimedUploadTtlMs())),
  },
  // A killed upload leaves a .tmp file, or a stored file whose row never committed: nothing refers to them.
  { name: 'sweep-orphaned-files', intervalMs: 60 * 60_000, run: () => sweepOrphanedFiles(new Date(Date.now() - ORPHAN_GRACE_MS)) },
  { name: 'sweep-used-sso-tokens', intervalMs: 60 * 60_000, run: () => sweepUsedSsoTokens() },
  { name: 'record-sla-breaches', intervalMs: 60_000, run: () => recordSlaBreaches() },
  { name: 'auto-close-resolved-tickets', intervalMs: 15 * 60_000, run: () => autoCloseResolvedTickets() },
  // Items wait DIGEST_INTERVAL_MINUTES; checking every 5 minutes sends each digest at most 5 minutes after that.
  { name: 'send-staff-digests', intervalMs: 5 * 60_000, run: () => sendStaffDigests() },
  // "Who else is viewing" rows outlive their tab by at most a few minutes; readers ignore them once stale anyway.
  { name: 'purge-stale-presence', intervalMs: 5 * 60_000, run: () => purgeStalePresence() },
  // RODO (docs/privacy.md): admins' retention rules, erasures a crash left unfinished, exports too large for one request.
  { name: 'privacy-retention', intervalMs: 6 * 60 * 60_000, run: () => runRetention() },
  { name: 'resume-stalled-erasures', intervalMs: 5 * 60_000, run: () => resumeStalledErasures() },
  { name: 'build-data-exports', intervalMs: 30_000, run: () => processDataExports() },
  { name: 'expire-data-exports', intervalMs: 60 * 60_000, run: () => expireDataExports() },
  // Live chat: lapsed offers go to the next agent; unanswered and abandoned chats close into open tickets.
  { name: 'sweep-chats', intervalMs: 5_000, run: () => sweepChats() },
  // Booked callbacks: one reminder e-mail an hour before the slot (docs/phone.md).
  { name: 'send-callback-reminders', intervalMs: 60_000, run: () => sendCallbackReminders() },
];

export interface WorkerOptions {
  workerId?: string;
  /** Defaults to the transport from SMTP_URL / MAIL_CAPTURE_DIR. */
  transport?: MailTransport;
  batchSize?: number;
  /** Sends in flight at once (default OUTBOX_SEND_CONCURRENCY). */
  concurrency?: number;
  /** Longest sleep between outbox checks when no notification comes; defaults to WORKER_POLL_MS. */
  pollMs?: number;
  /** Called each time the outbox is drained and the worker starts waiting (tests, health checks). */
  onIdle?: () => void;
}

export interface WorkerHandle {
  readonly workerId: string;
  /**
   * Resolves true once notifications are heard on the LISTEN connection, false if the database refused LISTEN or
   * a test notification never arrived, in which case the worker only polls (every `pollMs`).
   */
  readonly listening: Promise<boolean>;
  /** Lets the current batch and running jobs finish, then closes the listening connection. */
  stop(): Promise<void>;
}

const PROBE_PREFIX = 'probe:';
const PROBE_TIMEOUT_MS = 5_000;
const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

type Logger = ReturnType<typeof childLogger>;

/** A dedicated connection LISTENing on the outbox channel, reconnecting with back-off when it drops. */
class OutboxWakeups {
  private client: pg.Client | undefined;
  private readonly signal = new WakeSignal();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay = RECONNECT_MIN_MS;
  private closed = false;
  private settleListening: (listening: boolean) => void = () => undefined;
  readonly listening = new Promise<boolean>((resolve) => {
    this.settleListening = resolve;
  });

  constructor(
    private readonly connectionString: string,
    private readonly applicationName: string,
    private readonly log: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: this.applicationName });
    let dropped = false;
    const drop = (error?: Error) => {
      if (dropped) return;
      dropped = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      this.scheduleReconnect(error);
    };
    // Without an 'error' listener, a dropped connection would crash the process.
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL && !message.payload?.startsWith(PROBE_PREFIX)) this.wake();
    });

    try {
      await client.connect();
    } catch (error) {
      drop(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    try {
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      // A SQLSTATE means the server answered and refused (e.g. a Postgres-compatible server without LISTEN):
      // retrying would not help, so the worker polls. Anything else is a lost connection, retried.
      if (error instanceof pg.DatabaseError && !dropped) {
        dropped = true;
        client.end().catch(() => undefined);
        this.log.warn({ err: error }, 'LISTEN is not supported by this database; polling only');
        this.settleListening(false);
        return;
      }
      drop(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    let delivered: boolean;
    try {
      delivered = await this.probe(client);
    } catch (error) {
      drop(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (dropped) return;
    if (this.closed || !delivered) {
      dropped = true;
      await client.end().catch(() => undefined);
      if (!delivered && !this.closed) {
        this.log.warn(
          'outbox notifications do not reach this connection (e.g. embedded PGlite, or PgBouncer in transaction mode); polling only',
        );
        this.settleListening(false);
      }
      return;
    }
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.log.debug({ channel: OUTBOX_CHANNEL }, 'listening for outbox notifications');
    this.settleListening(true);
    // Rows committed while no connection was listening sent their NOTIFY into the void: look once now.
    this.wake();
  }

  /**
   * LISTEN can succeed and still never hear anything: PGlite shares one session among all its connections and
   * hands notifications to whichever socket it pleases, and a transaction-mode pooler drops them. So send one
   * from the ordinary pool and wait for it here before relying on notifications.
   */
  private async probe(client: pg.Client): Promise<boolean> {
    const payload = `${PROBE_PREFIX}${randomUUID()}`;
    let onNotification: ((message: pg.Notification) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      onNotification = (message) => {
        if (message.channel === OUTBOX_CHANNEL && message.payload === payload) resolve(true);
      };
      client.on('notification', onNotification);
    });
    try {
      await db().$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, ${payload})`;
      return await heard;
    } finally {
      clearTimeout(timer);
      if (onNotification) client.off('notification', onNotification);
    }
  }

  private scheduleReconnect(error?: Error): void {
    if (this.closed) return;
    this.log.warn({ err: error, retryInMs: this.reconnectDelay }, 'outbox listener disconnected; reconnecting');
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  /** Resolves on the next notification, or after `timeoutMs`; at once if one arrived since the last wait. */
  wait(timeoutMs: number): Promise<void> {
    return this.signal.wait(timeoutMs);
  }

  wake(): void {
    this.signal.wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.settleListening(false);
    this.signal.close();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

export function startWorker(options: WorkerOptions = {}): WorkerHandle {
  const workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? env().WORKER_POLL_MS;
  const log = childLogger({ module: 'worker', workerId });
  const wakeups = new OutboxWakeups(env().DATABASE_URL, `vouchie-worker:${workerId}`, log);
  let stopping = false;

  async function drainOutbox(): Promise<void> {
    while (!stopping) {
      let claimed = 0;
      try {
        const runId = randomUUID();
        const startedAt = performance.now();
        const result = await withRequestId(runId, () =>
          processOutboxBatch({
            workerId,
            batchSize: options.batchSize,
            concurrency: options.concurrency,
            transport: options.transport,
            shouldStop: () => stopping,
          }),
        );
        claimed = result.sent + result.captured + result.failed + result.retried;
        if (claimed > 0) log.info({ job: 'outbox', ms: Math.round(performance.now() - startedAt), ...result }, 'job');
      } catch (error) {
        log.error({ err: error }, 'outbox batch failed');
      }
      if (claimed > 0) continue;
      if (stopping) break;
      options.onIdle?.();
      await wakeups.wait(pollMs);
    }
  }

  const jobTimers = new Map<string, NodeJS.Timeout>();
  const runningJobs = new Set<Promise<void>>();

  function scheduleJob(job: PeriodicJob, delayMs: number): void {
    jobTimers.set(
      job.name,
      setTimeout(() => {
        const runId = randomUUID();
        // One line per run, with an id that every line the job writes carries too (the logger's mixin).
        const run = withRequestId(runId, async () => {
          const startedAt = performance.now();
          try {
            const outcome = await job.run();
            log.info({ job: job.name, ms: Math.round(performance.now() - startedAt), outcome }, 'job');
          } catch (error) {
            log.error({ err: error, job: job.name, ms: Math.round(performance.now() - startedAt) }, 'job failed');
          }
        });
        runningJobs.add(run);
        void run.finally(() => {
          runningJobs.delete(run);
          if (!stopping) scheduleJob(job, job.intervalMs);
        });
      }, delayMs),
    );
  }

  log.info({ pollMs }, 'worker started');
  wakeups.start();
  // IMAP polling (only with IMAP_URL) starts and stops with the worker.
  const imap = startInboundImap();
  for (const job of builtInJobs) scheduleJob(job, 0);
  const loop = drainOutbox();

  let stopped: Promise<void> | undefined;
  return {
    workerId,
    listening: wakeups.listening,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        for (const timer of jobTimers.values()) clearTimeout(timer);
        wakeups.wake();
        await imap?.stop();
        await loop;
        await Promise.all(runningJobs);
        await wakeups.close();
        log.info('worker stopped');
      })();
      return stopped;
    },
  };
}
