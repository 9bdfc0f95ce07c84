import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every setting the app reads, validated once. Entry points (instrumentation for the web server, the worker,
 * the CLIs) call `env()` at start-up so a bad setting stops the process with a readable list of problems.
 * Lazy on purpose: `next build` imports route modules without a runtime environment.
 */

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

/** `10.0.0.0/8, ::1` → ['10.0.0.0/8', '::1'], each an IP address with an optional prefix length. */
const cidrList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(/[\s,]+/).filter(Boolean))
  .refine(
    (entries) =>
      entries.every((entry) => {
        const [address = '', prefix] = entry.split('/');
        const family = isIP(address);
        return family !== 0 && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)));
      }),
    'TRUSTED_PROXY_CIDRS must be a comma-separated list of IP addresses or CIDR ranges (10.0.0.0/8, fd00::/8)',
  );

/** `https://panel.vouchie.pl, https://vouchie.pl` → ['https://panel.vouchie.pl', 'https://vouchie.pl'], each a bare origin. */
const originList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(/[\s,]+/).filter(Boolean))
  .refine(
    (entries) =>
      entries.every((entry) => {
        try {
          const url = new URL(entry);
          return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === entry.replace(/\/$/, '');
        } catch {
          return false;
        }
      }),
    'CHAT_WIDGET_ORIGINS must be a comma-separated list of origins (https://panel.vouchie.pl), no paths',
  )
  .transform((entries) => entries.map((entry) => new URL(entry).origin));

const megabytes = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .max(1024)
    .default(fallback)
    .transform((mb) => Math.round(mb * 1024 * 1024));

/** `a@x.pl, B@y.pl` → ['a@x.pl', 'b@y.pl']. */
const emailList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((email) => email.toLowerCase()),
  )
  .refine(
    (emails) => emails.every((email) => z.email().safeParse(email).success),
    'ADMIN_EMAILS must be a comma-separated list of e-mail addresses',
  );

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string({
      error: 'DATABASE_URL is required (postgres://…). For a zero-set-up run use `npm run demo`, which starts an embedded Postgres.',
    })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Longest wait for a pooled connection (a transaction's `maxWait` too) before the request is answered 503 with
   * Retry-After. Sized by `npm run bench:faults` (docs/security.md), not Prisma's 2 s default.
   */
  DATABASE_WAIT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * How long an idle pooled connection is kept. Each new Postgres backend loads the knowledge base's Polish ispell
   * dictionary on its first search (0.3–0.4 s, docs/kb.md), so connections are kept warm longer than pg's 10 s.
   */
  DATABASE_IDLE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /** Longest an interactive transaction may run once started. */
  DATABASE_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
  APP_URL: z.url('APP_URL must be an absolute URL such as https://support.vouchie.pl').default('http://localhost:3000'),
  AUTH_SECRET: z
    .string({ error: 'AUTH_SECRET is required (32+ random characters: `openssl rand -base64 32`).' })
    .min(32, 'AUTH_SECRET must be at least 32 characters'),
  SUPPORT_API_TOKEN: z.string().min(24, 'SUPPORT_API_TOKEN must be at least 24 characters').optional(),
  /** Shared with the Vouchie panel to sign SSO hand-off tokens (HS256). Unset = SSO refuses every token. */
  VOUCHIE_SSO_SECRET: z.string().min(32, 'VOUCHIE_SSO_SECRET must be at least 32 characters').optional(),
  /** Where "Wróć do panelu Vouchie" leads (in DEMO_MODE the demo panel stands in for it). */
  VOUCHIE_PANEL_URL: z.url('VOUCHIE_PANEL_URL must be an absolute URL').default('https://panel.vouchie.pl'),
  /**
   * Sites that may embed the chat widget (/widget.js opens /czat/widget in an iframe): enforced with CSP
   * frame-ancestors on the widget page only. Unset = only this app's own pages may frame it.
   */
  CHAT_WIDGET_ORIGINS: originList,
  /** SSO hand-offs per IP and window: generous, since a whole office may share one address. */
  RATE_LIMIT_SSO_PER_IP: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_SIGN_IN_PER_IP: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_SIGN_IN_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Outbox rows one worker claims at a time, and how many of them are sent at once (over as many pooled SMTP connections). */
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(32),
  OUTBOX_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  MAIL_FROM: z.string().default('Wsparcie Vouchie <wsparcie@vouchie.localhost>'),
  SUPPORT_EMAIL: z.email('SUPPORT_EMAIL must be an e-mail address').default('wsparcie@vouchie.localhost'),
  SUPPORT_PHONE: z.string().default('+48 22 100 20 30'),
  /** Base URL of the Vouchie help centre (Dokumentacja, Tutoriale, Baza wiedzy); unset = names without links. */
  HELP_CENTER_URL: z.url('HELP_CENTER_URL must be an absolute URL').optional(),
  /** Where attachment bytes live: `local` (STORAGE_DIR, one host) or `s3` (an S3-compatible bucket, any number of hosts). */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  STORAGE_DIR: z.string().default('.data/uploads'),
  S3_BUCKET: z
    .string()
    .min(3)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** For S3-compatible services (MinIO, R2, Ceph); unset = AWS. */
  S3_ENDPOINT: z
    .url('S3_ENDPOINT must be an absolute URL such as http://minio.internal:9000')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Unset: the AWS SDK's default credential chain (AWS_* variables, instance or pod role). */
  S3_ACCESS_KEY_ID: z
    .string()
    .optional()
    .transform((value) => value || undefined),
  S3_SECRET_ACCESS_KEY: z
    .string()
    .optional()
    .transform((value) => value || undefined),
  S3_FORCE_PATH_STYLE: bool,
  MAIL_CAPTURE_DIR: z.string().default('.data/mail'),
  /** Storm brakes (src/server/mail/outbound/caps.ts): more ticket e-mails than this per hour are SUPPRESSED. */
  MAIL_CAP_PER_RECIPIENT_PER_HOUR: z.coerce.number().int().min(1).default(20),
  MAIL_CAP_PER_TICKET_PER_HOUR: z.coerce.number().int().min(1).default(30),
  UPLOAD_MAX_FILE_MB: megabytes(20),
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(50).default(10),
  UPLOAD_MAX_TOTAL_MB: megabytes(100),
  /** Uploads not claimed by a ticket or reply within this many minutes expire; the worker deletes them (≤ 60). */
  UPLOAD_UNCLAIMED_TTL_MINUTES: z.coerce.number().int().min(5).max(50).default(45),
  /** Unclaimed bytes one source (signed-in person, address, form session) may hold at once. */
  UPLOAD_UNCLAIMED_MAX_MB_PER_SOURCE: megabytes(100),
  /** Unclaimed bytes all sources together may hold at once; beyond it uploads are refused (503) until some expire. */
  UPLOAD_UNCLAIMED_MAX_TOTAL_MB: z.coerce
    .number()
    .positive()
    .max(1024 * 1024)
    .default(2048)
    .transform((mb) => Math.round(mb * 1024 * 1024)),
  /**
   * Serve POST /api/v1/tickets straight from node:http instead of through Next.js's router (src/server/http/fast-lane.ts):
   * the same handler, headers and body, about a third less CPU per request. `false` leaves every request to Next.
   */
  HTTP_FAST_LANE: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v !== 'false' && v !== '0'),
  RATE_LIMIT_TICKETS_PER_IP: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_TICKETS_PER_EMAIL: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_UPLOADS_PER_IP: z.coerce.number().int().min(1).default(120),
  /** Customer replies and actions on the portal ticket page (reply, solve, reopen, rate), per IP and per ticket. */
  RATE_LIMIT_TICKET_ACTIONS_PER_IP: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_TICKET_ACTIONS_PER_TICKET: z.coerce.number().int().min(1).default(30),
  /** Knowledge base: "Czy to pomogło?" answers, and searches (help centre, contact-form suggestions, API), per IP. */
  KB_FEEDBACK_PER_IP: z.coerce.number().int().min(1).default(30),
  KB_SEARCH_PER_IP: z.coerce.number().int().min(1).default(600),
  /**
   * Who may write X-Forwarded-For (src/server/client-address.ts). Default: nobody, the socket's peer is the client.
   * HOPS = the number of appending proxies in front of the app; CIDRS = their addresses (wins over HOPS).
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  TRUSTED_PROXY_CIDRS: cidrList,
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  /** The built-in SMTP receiver for replies and new requests (started by the worker). 0 = off. */
  SMTP_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SMTP_INBOUND_HOST: z.string().default('127.0.0.1'),
  /** Largest accepted message; bigger ones are refused during DATA (552), nothing stored. */
  SMTP_INBOUND_MAX_MB: megabytes(40),
  /** Optional AUTH for the receiver (both or neither). */
  SMTP_INBOUND_USER: z.string().min(1).optional(),
  SMTP_INBOUND_PASSWORD: z.string().min(8, 'SMTP_INBOUND_PASSWORD must be at least 8 characters').optional(),
  /** IMAP polling of a provider's mailbox by the worker: imaps://user:password@host:993 (URL-encoded). Unset = off. */
  IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\/[^@/\s]+@[^/\s]+/, 'IMAP_URL must be imaps://user:password@host:993 or imap://user:password@host:143')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  IMAP_MAILBOX: z.string().min(1).default('INBOX'),
  /** Where a message goes once its ingest committed (created if missing); failed = could not be ingested, never deleted. */
  IMAP_PROCESSED_MAILBOX: z.string().min(1).default('Przetworzone'),
  IMAP_FAILED_MAILBOX: z.string().min(1).default('Nieprzetworzone'),
  /** Re-check interval; with IDLE new mail arrives at once and this only catches what IDLE missed. */
  IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /**
   * authserv-ids of the MTAs whose Authentication-Results headers we believe (our MX, the mail provider). A reply
   * threaded only by its [VCH-n] subject tag counts as the reporter's only when one of them shows DMARC, DKIM or SPF
   * passing for the sender; otherwise it waits for an agent. Unset = no such reply is trusted.
   */
  INBOUND_TRUSTED_AUTHSERV_IDS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((id) => id.toLowerCase()),
    )
    .refine(
      (ids) => ids.every((id) => /^[a-z0-9.-]+$/.test(id)),
      'INBOUND_TRUSTED_AUTHSERV_IDS must be a comma-separated list of host names (mx.example.com)',
    ),
  /** Shared secret for POST /api/v1/inbound-email (provider webhooks). Unset = the endpoint refuses all. */
  INBOUND_WEBHOOK_SECRET: z.string().min(24, 'INBOUND_WEBHOOK_SECRET must be at least 24 characters').optional(),
  /** Optional STARTTLS: paths to a PEM key and certificate. */
  SMTP_INBOUND_TLS_KEY: z.string().optional(),
  SMTP_INBOUND_TLS_CERT: z.string().optional(),
  /** Live chat (docs/chat.md): per chat, messages per minute; per IP, chat calls (send, typing, read…) per minute. */
  RATE_LIMIT_CHAT_MESSAGES_PER_CHAT: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_CHAT_PER_IP: z.coerce.number().int().min(1).default(600),
  /** Chats started and offline messages left per IP and RATE_LIMIT_WINDOW_MINUTES. */
  RATE_LIMIT_CHAT_STARTS_PER_IP: z.coerce.number().int().min(1).default(20),
  /**
   * Chats started, and messages left while chat is closed, by visitors without an account (name + e-mail typed
   * into the widget) per IP and RATE_LIMIT_WINDOW_MINUTES, on top of the above: each files a ticket under an address
   * nobody vouched for.
   */
  RATE_LIMIT_CHAT_VISITOR_STARTS_PER_IP: z.coerce.number().int().min(1).default(5),
  /** How long a round-robin offer waits for the agent before it goes to the next one. */
  CHAT_OFFER_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  /** A chat no agent took within this many minutes closes into an open ticket (the customer is e-mailed). */
  CHAT_MAX_WAIT_MINUTES: z.coerce.number().int().min(1).max(240).default(10),
  /** A chat whose customer was not heard from (no open stream, no send) for this long closes into an open ticket. */
  CHAT_ABANDON_MINUTES: z.coerce
    .number()
    .int()
    .min(2)
    .max(24 * 60)
    .default(15),
  /** Resolved tickets close by themselves after this many days without a reply (worker job). */
  AUTO_CLOSE_RESOLVED_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** The privacy notice (polityka prywatności) the contact form and the data pages link to (docs/privacy.md). */
  PRIVACY_NOTICE_URL: z.url('PRIVACY_NOTICE_URL must be an absolute URL').default('https://vouchie.pl/polityka-prywatnosci'),
  /** A data export (RODO art. 15) with more attachment bytes than this is built by the worker and its link e-mailed. */
  PRIVACY_EXPORT_INLINE_MAX_MB: megabytes(200),
  /** How long the e-mailed link to a worker-built export works; the file is deleted after. */
  PRIVACY_EXPORT_LINK_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  /**
   * Stopping (SIGTERM): how long readiness answers 503 before the listening socket closes (the time a load balancer
   * needs to notice), then the longest wait for requests (web) or the batch and jobs (worker) in flight.
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(25_000),
  /** How often an agent who chose the digest gets it (minutes): their notifications wait at most this long. */
  DIGEST_INTERVAL_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  WORKER_POLL_MS: z.coerce.number().int().min(50).default(2000),
  DEMO_MODE: bool,
  /** These addresses become admins on their first sign-in (magic link), accounts created if needed. */
  ADMIN_EMAILS: emailList,
  /**
   * Tests only, and only with DEMO_MODE: a file holding an ISO instant that business-hours rules (chat hours) take
   * as "now" (src/server/clock.ts). Ignored without DEMO_MODE, so it cannot move production's hours.
   */
  TEST_CLOCK_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

/** Settings that only make sense together; checked after the fields themselves parsed. */
function crossFieldIssues(config: Env): string[] {
  const issues: string[] = [];
  if (config.STORAGE_DRIVER === 's3' && !config.S3_BUCKET) issues.push('S3_BUCKET: required with STORAGE_DRIVER=s3');
  if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY) {
    issues.push('S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both, or neither (the SDK then finds credentials itself)');
  }
  return issues;
}

export class EnvError extends Error {
  constructor(issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`));
  }
  const issues = crossFieldIssues(result.data);
  if (issues.length > 0) throw new EnvError(issues);
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
