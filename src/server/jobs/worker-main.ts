import { db } from '@/server/db/client';
import { EnvError, env } from '@/server/env';
import { logger } from '@/server/logger';
import { startInboundSmtp } from './inbound';
import { startWorker } from './worker';

/**
 * `npm run worker`: the outbox sender and periodic jobs, until SIGINT/SIGTERM. Stopping: the SMTP receiver stops
 * accepting (a sender mid-message gets a temporary failure and retries), IMAP polling stops, the outbox hands back
 * the rows of its batch it has not started sending, and the mail being sent and the periodic jobs running are
 * awaited for at most SHUTDOWN_TIMEOUT_MS; then the database pool closes and the process exits 0. Past the limit
 * it exits 1 without touching its leases: a row it may be sending stays leased until the lease runs out (20 s),
 * so no other worker can send it a second time meanwhile.
 */

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    // A readable list of what to fix, not a stack trace.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const worker = startWorker();
const inbound = await startInboundSmtp();

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    // A second Ctrl+C means "now": do not wait for the batch in flight.
    logger.warn({ signal }, 'second signal, exiting without waiting');
    process.exit(1);
  }
  stopping = true;
  const { SHUTDOWN_TIMEOUT_MS: timeoutMs } = env();
  logger.info({ signal, timeoutMs }, 'stopping worker: finishing the mail in flight and running jobs');
  const timer = setTimeout(() => {
    logger.error({ timeoutMs }, 'worker did not stop within SHUTDOWN_TIMEOUT_MS; exiting, its leases run out by themselves');
    process.exit(1);
  }, timeoutMs);
  timer.unref();
  try {
    await Promise.all([inbound?.close(), worker.stop()]);
    await db().$disconnect();
    logger.info('worker stopped cleanly');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'worker did not stop cleanly');
    process.exit(1);
  }
}

process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));
