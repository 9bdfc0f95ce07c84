import os from 'node:os';
import pino, { type Bindings, type Logger } from 'pino';
import { envSchema } from '@/server/env';
import { currentRequestId } from '@/server/request-id';

/**
 * The process's structured logger (JSON lines on stdout). Only LOG_LEVEL is read here, through the same schema
 * field `env()` uses, instead of `env()` itself: modules import the logger at load time, and `next build` loads
 * route modules without a runtime environment, so requiring the whole environment here would break the build.
 * An invalid LOG_LEVEL falls back to the default; the entry point's `env()` call still rejects it.
 */
function levelFromEnvironment(): string {
  const parsed = envSchema.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL);
  return parsed.success ? parsed.data : 'info';
}

export const logger: Logger = pino({
  level: levelFromEnvironment(),
  base: { service: 'vouchie-support', pid: process.pid, hostname: os.hostname() },
  // Every line written while serving a request (or running a job) names it, so one id finds all its lines.
  mixin() {
    const requestId = currentRequestId();
    return requestId ? { requestId } : {};
  },
});

/** A logger whose every line carries `bindings` (e.g. `{ module: 'outbox-worker', workerId }`). */
export function childLogger(bindings: Bindings): Logger {
  return logger.child(bindings);
}
