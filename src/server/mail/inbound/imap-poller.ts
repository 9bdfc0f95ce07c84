import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { childLogger } from '@/server/logger';
import { ingestEmail, type IngestOutcome } from './ingest';
import { WakeSignal } from '@/server/jobs/wake-signal';

/**
 * IMAP polling, for teams whose support address lives at a mail provider: every message in the watched
 * mailbox is fetched, handed to the one ingest, and only after the ingest returned (its rows committed) moved
 * to the processed folder. A crash between the commit and the move leaves the message where it was; the next
 * pass ingests it again, the ingest's Message-ID dedupe makes that a no-op, and the move happens then. Nothing
 * is ever deleted: a message the ingest cannot take (too large, or failing on every try) goes to the failed
 * folder for a person to look at.
 *
 * One pass drains the mailbox; then the poller waits for the server's EXISTS under IDLE when it offers IDLE,
 * and re-checks every `pollMs` in any case (which is the whole mechanism on servers without IDLE, and also
 * retries messages whose ingest failed). Errors reconnect with back-off.
 */

export interface ImapAccount {
  host: string;
  port: number;
  /** Implicit TLS (imaps://). With imap://, imapflow still upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
}

export interface ImapPollerOptions {
  account: ImapAccount;
  mailbox: string;
  processedMailbox: string;
  failedMailbox: string;
  /** Longest wait between passes (with IDLE, new mail wakes the poller sooner). */
  pollMs: number;
  /** Larger messages are not downloaded: they go to the failed folder (the SMTP receiver's cap). */
  maxBytes: number;
  /** Ingest failures of one message, counted per process, before it goes to the failed folder. */
  maxAttempts?: number;
  /** Defaults to `ingestEmail(raw, { source: 'imap' })`. */
  ingest?: (raw: Buffer) => Promise<IngestOutcome>;
  /** Called after every pass over the mailbox (tests, health checks). */
  onPass?: (summary: PassSummary) => void;
}

export interface PassSummary {
  /** Ingested and moved to the processed folder, duplicates included. */
  processed: number;
  /** Of those, messages the ingest had already stored (a re-delivery, e.g. after a crash before the move). */
  duplicates: number;
  /** Moved to the failed folder. */
  failed: number;
  /** Ingest failed; left in the mailbox for the next pass. */
  retrying: number;
}

export interface ImapPoller {
  /** Finishes the message in hand, logs out, and resolves; no further pass starts. */
  stop(): Promise<void>;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 60_000;
/** Downloads in 1 MB partial fetches: a 30 MB mail in 30 round trips, never more than a chunk in flight. */
const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;
/** Servers end IDLE after about 30 minutes (RFC 2177 asks clients to renew within 29): renew well before. */
const MAX_IDLE_MS = 5 * 60_000;

/** `imaps://user:password@host:993` or `imap://…`, with user and password URL-encoded. */
export function parseImapUrl(value: string): ImapAccount {
  const url = new URL(value);
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') throw new Error('IMAP_URL must start with imap:// or imaps://');
  const secure = url.protocol === 'imaps:';
  const user = decodeURIComponent(url.username);
  if (!url.hostname || !user) throw new Error('IMAP_URL must name a host and a user');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user,
    password: decodeURIComponent(url.password),
  };
}

/** Connects, drains the mailbox once, logs out. */
export async function pollMailboxOnce(options: ImapPollerOptions): Promise<PassSummary> {
  const log = childLogger({ module: 'imap-poller', mailbox: options.mailbox });
  const client = connectClient(options.account, log);
  await client.connect();
  try {
    await prepareFolders(client, options);
    return await drainMailbox(client, options, new Map(), log, () => false);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export function startImapPoller(options: ImapPollerOptions): ImapPoller {
  const log = childLogger({ module: 'imap-poller', host: options.account.host, mailbox: options.mailbox });
  // Per process: a restart gives every message its tries again, which is harmless (the ingest dedupes).
  const attempts = new Map<string, number>();
  // Wakes the poller on new mail (EXISTS), a dropped connection, or stop.
  const wakeup = new WakeSignal();
  let stopping = false;

  async function session(): Promise<void> {
    const current = connectClient(options.account, log);
    // Without an 'error' listener a dropped connection would crash the worker; 'close' ends the session.
    current.on('error', (error: Error) => log.warn({ err: error }, 'IMAP connection error'));
    current.on('close', () => wakeup.wake());
    current.on('exists', () => wakeup.wake());
    await current.connect();
    try {
      await prepareFolders(current, options);
      const idle = current.capabilities.has('IDLE');
      log.info({ idle }, 'IMAP poller connected');
      reconnectDelay = RECONNECT_MIN_MS;
      while (!stopping && current.usable) {
        const summary = await drainMailbox(current, options, attempts, log, () => stopping);
        options.onPass?.(summary);
        if (stopping || !current.usable) break;
        // The mailbox stays selected after the pass, so IDLE reports new mail in it; the next command ends IDLE.
        if (idle) current.idle().catch((error: unknown) => log.debug({ err: error }, 'IDLE ended with an error'));
        await wakeup.wait(options.pollMs);
      }
    } finally {
      await current.logout().catch(() => current.close());
    }
  }

  let reconnectDelay = RECONNECT_MIN_MS;
  const loop = (async () => {
    while (!stopping) {
      try {
        await session();
      } catch (error) {
        if (stopping) break;
        log.error({ err: error, retryInMs: reconnectDelay }, 'IMAP poller failed; reconnecting');
      }
      if (stopping) break;
      await wakeup.wait(reconnectDelay, { ignorePending: true });
      reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopping = true;
        // Ends the wait between passes at once; LOGOUT then ends any IDLE in progress.
        wakeup.close();
        await loop;
        log.info('IMAP poller stopped');
      })();
      return stopped;
    },
  };
}

function connectClient(account: ImapAccount, log: Logger): ImapFlow {
  return new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.secure,
    auth: { user: account.user, pass: account.password },
    // imapflow logs every command at info: only its warnings and errors belong in our log (or less, if LOG_LEVEL says so).
    logger: log.child({ module: 'imapflow' }, { level: log.levelVal < log.levels.values.warn! ? 'warn' : log.level }),
    // IDLE is started by us right after a pass, not after imapflow's 15 s of inactivity.
    disableAutoIdle: true,
    maxIdleTime: MAX_IDLE_MS,
  });
}

async function prepareFolders(client: ImapFlow, options: ImapPollerOptions): Promise<void> {
  // mailboxCreate answers "already there" without an error, and adds the server's namespace prefix if any.
  for (const path of [options.processedMailbox, options.failedMailbox]) await client.mailboxCreate(path);
}

async function drainMailbox(
  client: ImapFlow,
  options: ImapPollerOptions,
  attempts: Map<string, number>,
  log: Logger,
  stopping: () => boolean,
): Promise<PassSummary> {
  const summary: PassSummary = { processed: 0, duplicates: 0, failed: 0, retrying: 0 };
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const ingest = options.ingest ?? ((raw: Buffer) => ingestEmail(raw, { source: 'imap' }));
  const lock = await client.getMailboxLock(options.mailbox);
  try {
    const mailbox = client.mailbox;
    if (!mailbox || mailbox.exists === 0) return summary;
    // Listed first and handled one by one afterwards: imapflow cannot run commands while a FETCH streams.
    const messages = await client.fetchAll('1:*', { uid: true, size: true });
    for (const { uid, size } of messages.sort((a, b) => a.uid - b.uid)) {
      if (stopping()) break;
      const key = `${mailbox.uidValidity}:${uid}`;
      if (size !== undefined && size > options.maxBytes) {
        log.warn({ uid, size, maxBytes: options.maxBytes }, 'message over the size cap; moved to the failed folder');
        await client.messageMove(String(uid), options.failedMailbox, { uid: true });
        summary.failed++;
        continue;
      }
      let outcome: IngestOutcome;
      try {
        const raw = await download(client, uid, options.maxBytes);
        if (raw === null) {
          log.warn({ uid, maxBytes: options.maxBytes }, 'message over the size cap; moved to the failed folder');
          await client.messageMove(String(uid), options.failedMailbox, { uid: true });
          summary.failed++;
          continue;
        }
        outcome = await ingest(raw);
      } catch (error) {
        if (!client.usable) throw error;
        const tries = (attempts.get(key) ?? 0) + 1;
        if (tries < maxAttempts) {
          attempts.set(key, tries);
          log.error({ err: error, uid, tries }, 'ingest failed; the message stays in the mailbox for the next pass');
          summary.retrying++;
        } else {
          attempts.delete(key);
          log.error({ err: error, uid, tries }, 'ingest failed on every try; moved to the failed folder');
          await client.messageMove(String(uid), options.failedMailbox, { uid: true });
          summary.failed++;
        }
        continue;
      }
      attempts.delete(key);
      if (outcome.kind === 'too_large') {
        log.warn({ uid, size: outcome.size }, 'the ingest refused the message as too large; moved to the failed folder');
        await client.messageMove(String(uid), options.failedMailbox, { uid: true });
        summary.failed++;
        continue;
      }
      // Only now, with the ingest committed: a crash before this line means a re-delivery that dedupes.
      await client.messageMove(String(uid), options.processedMailbox, { uid: true });
      summary.processed++;
      if (outcome.kind === 'duplicate') summary.duplicates++;
      log.info({ uid, outcome: outcome.kind, ticket: 'ticketNumber' in outcome ? outcome.ticketNumber : undefined }, 'mail received');
    }
    return summary;
  } finally {
    lock.release();
  }
}

/** The raw message, streamed in chunks and refused past `maxBytes` (null) even if the server's size was wrong. */
async function download(client: ImapFlow, uid: number, maxBytes: number): Promise<Buffer | null> {
  const { content } = await client.download(String(uid), undefined, { uid: true, chunkSize: DOWNLOAD_CHUNK_BYTES, maxBytes: maxBytes + 1 });
  // No body: the message was expunged meanwhile (another client); an error keeps it out of the failed folder.
  if (!content) throw new Error(`IMAP message UID ${uid} has no content (expunged meanwhile?)`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of content as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      content.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
