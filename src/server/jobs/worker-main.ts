import { db } from '@/server/db/client';
import { EnvError, env } from '@/server/env';
import { logger } from '@/server/logger';
import { startInboundSmtp } from './inbound';
import { startWorker } from './worker';

/** `npm run worker`: the outbox sender and periodic jobs, until SIGINT/SIGTERM. */

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
  logger.info({ signal }, 'stopping worker after the current batch');
  try {
    await inbound?.close();
    await worker.stop();
    await db().$disconnect();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'worker did not stop cleanly');
    process.exit(1);
  }
}

process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));
