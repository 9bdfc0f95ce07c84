import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/**
 * The built-in SMTP receiver: accepts mail for the support domain only, caps the size on the stream (the
 * SIZE extension alone does not stop a client that ignores it), and hands each complete message to
 * `onMessage` (the ingest). A message is acknowledged (250) only after `onMessage` resolved, so a crash or
 * an ingest error makes the sending server retry instead of losing the mail.
 *
 * Concurrency: smtp-server runs every connection at once, one mail after another on each (a sending MTA opens
 * several connections to deliver a queue in parallel). The ingests of complete mails run `concurrency` at a time;
 * the others wait in arrival order, their senders still waiting for the 250, so the database pool is never asked
 * for more connections than it has (a wait past DATABASE_WAIT_MS would turn into a 451 and a retry). At most
 * `maxClients` connections are served (smtp-server answers 421 to the next), which bounds the mails held in memory
 * while they wait to `maxClients` × `maxBytes`.
 */
export interface SmtpReceiverOptions {
  host: string;
  port: number;
  /** Accepted recipient domains, lower-case (e.g. the domain of SUPPORT_EMAIL). */
  domains: string[];
  maxBytes: number;
  /** Ingests in flight at once (default 8). */
  concurrency?: number;
  /** Connections served at once (default 64). */
  maxClients?: number;
  auth?: { user: string; password: string };
  tls?: { keyPath: string; certPath: string };
  onMessage(raw: Buffer, envelope: { from: string | null; to: string[]; remoteAddress: string }): Promise<void>;
  onError?(error: Error): void;
}

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

/** 552: RFC 5321 "exceeded storage allocation"; 550: no such user here; 451: try again later. */
class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Runs at most `limit` tasks at once; the rest start in arrival order as earlier ones settle. */
export function boundedQueue(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next task (running stays the same), or free it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const ingestSlot = boundedQueue(Math.max(1, options.concurrency ?? 8));
  const secureContext = options.tls ? { key: readFileSync(options.tls.keyPath), cert: readFileSync(options.tls.certPath) } : {};
  const serverOptions: SMTPServerOptions = {
    ...secureContext,
    name: options.domains[0] ?? 'localhost',
    banner: 'Vouchie Support',
    size: options.maxBytes,
    maxClients: options.maxClients ?? 64,
    logger: false,
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    // Without TLS, AUTH over plain text is only for loopback set-ups; smtp-server refuses it unless allowed.
    allowInsecureAuth: Boolean(options.auth && !options.tls),
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.password;
      if (ok) callback(null, { user: auth.username });
      else callback(new SmtpReply(535, 'Authentication failed'));
    },
    onRcptTo(address, _session, callback) {
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      if (options.domains.includes(domain)) callback();
      else callback(new SmtpReply(550, `Mailbox unavailable: we accept mail for ${options.domains.join(', ')} only`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Once over the cap, let go of what was buffered (up to the cap) and keep draining without buffering,
        // so the client gets our 552 after its DATA and an oversized mail never holds more than the cap in memory.
        if (size <= options.maxBytes) chunks.push(chunk);
        else chunks.length = 0;
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxBytes) {
          callback(new SmtpReply(552, `Message too large: the limit is ${options.maxBytes} bytes`));
          return;
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        const envelope = { from, to: session.envelope.rcptTo.map((r) => r.address), remoteAddress: session.remoteAddress };
        ingestSlot(() => options.onMessage(raw, envelope)).then(
          () => callback(null, 'Message accepted'),
          (error: Error) => {
            options.onError?.(error);
            callback(new SmtpReply(451, 'Temporary failure, please try again later'));
          },
        );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', (error) => options.onError?.(error));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
