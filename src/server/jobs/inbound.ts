import { env } from '@/server/env';
import { childLogger } from '@/server/logger';
import { ingestEmail } from '@/server/mail/inbound/ingest';
import { parseImapUrl, startImapPoller, type ImapPoller } from '@/server/mail/inbound/imap-poller';
import { startSmtpReceiver, type SmtpReceiver } from '@/server/mail/inbound/smtp-receiver';

const log = childLogger({ module: 'smtp-receiver' });

/**
 * Starts the SMTP receiver the worker runs (SMTP_INBOUND_PORT; 0 = off). A port already taken is logged,
 * not fatal: the outbox must keep sending even when another process holds the inbound port.
 */
export async function startInboundSmtp(): Promise<SmtpReceiver | null> {
  const config = env();
  if (config.SMTP_INBOUND_PORT === 0) return null;
  const domain = config.SUPPORT_EMAIL.slice(config.SUPPORT_EMAIL.lastIndexOf('@') + 1).toLowerCase();
  try {
    const receiver = await startSmtpReceiver({
      host: config.SMTP_INBOUND_HOST,
      port: config.SMTP_INBOUND_PORT,
      domains: [domain],
      maxBytes: config.SMTP_INBOUND_MAX_MB,
      // Each ingest holds one pool connection for its transaction: leave two for the worker's other jobs.
      concurrency: Math.max(1, config.DATABASE_POOL_MAX - 2),
      auth:
        config.SMTP_INBOUND_USER && config.SMTP_INBOUND_PASSWORD
          ? { user: config.SMTP_INBOUND_USER, password: config.SMTP_INBOUND_PASSWORD }
          : undefined,
      tls:
        config.SMTP_INBOUND_TLS_KEY && config.SMTP_INBOUND_TLS_CERT
          ? { keyPath: config.SMTP_INBOUND_TLS_KEY, certPath: config.SMTP_INBOUND_TLS_CERT }
          : undefined,
      onMessage: async (raw, envelope) => {
        const outcome = await ingestEmail(raw, { source: 'smtp' });
        log.info(
          { from: envelope.from, outcome: outcome.kind, ticket: 'ticketNumber' in outcome ? outcome.ticketNumber : undefined },
          'mail received',
        );
      },
      onError: (error) => log.error({ err: error }, 'inbound mail failed'),
    });
    log.info({ host: config.SMTP_INBOUND_HOST, port: receiver.port, domain }, 'SMTP receiver listening');
    return receiver;
  } catch (error) {
    log.error({ err: error, port: config.SMTP_INBOUND_PORT }, 'SMTP receiver could not start; inbound mail over SMTP is off');
    return null;
  }
}

/**
 * Starts polling the IMAP mailbox when IMAP_URL is set. Connection problems are retried with back-off inside
 * the poller, never fatal: the worker's other jobs go on.
 */
export function startInboundImap(): ImapPoller | null {
  const config = env();
  if (!config.IMAP_URL) return null;
  const account = parseImapUrl(config.IMAP_URL);
  childLogger({ module: 'imap-poller' }).info(
    { host: account.host, port: account.port, user: account.user, mailbox: config.IMAP_MAILBOX },
    'IMAP poller starting',
  );
  return startImapPoller({
    account,
    mailbox: config.IMAP_MAILBOX,
    processedMailbox: config.IMAP_PROCESSED_MAILBOX,
    failedMailbox: config.IMAP_FAILED_MAILBOX,
    pollMs: config.IMAP_POLL_SECONDS * 1000,
    maxBytes: config.SMTP_INBOUND_MAX_MB,
  });
}
