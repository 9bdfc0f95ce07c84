import { mkdir, rename, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { OutboundEmail } from '@/generated/prisma/client';
import { EMAIL_TEMPLATES } from './templates';
import { env } from '@/server/env';

/**
 * How an outbox row leaves the building: over SMTP when SMTP_URL is set, otherwise captured as an RFC 822 `.eml`
 * file under MAIL_CAPTURE_DIR (the same bytes an SMTP server would have received), for admins to read.
 */

export type DeliveryStatus = 'SENT' | 'CAPTURED';

export interface Delivery {
  status: DeliveryStatus;
  /** The SMTP server's final reply (e.g. `250 2.0.0 Ok: queued as …`), or where the capture was written. */
  response: string;
}

export interface MailTransport {
  readonly mode: 'smtp' | 'capture';
  send(message: Mail.Options, row: Pick<OutboundEmail, 'id'>): Promise<Delivery>;
  close(): void;
}

/**
 * Upper bounds for one SMTP conversation. A claimed row is leased for two minutes (see the outbox worker) and a
 * send that outlives its lease could be repeated by another worker, so no single step may hang for long.
 */
export const SMTP_TIMEOUTS_MS = { connection: 15_000, greeting: 15_000, socket: 30_000 } as const;

export type SmtpTimeouts = { [K in keyof typeof SMTP_TIMEOUTS_MS]: number };

/** Replies an agent writes by hand are not auto-generated (RFC 3834); list their template names here. */
const HUMAN_AUTHORED_TEMPLATES: ReadonlySet<string> = new Set<string>([EMAIL_TEMPLATES.agentReply]);

export function isNotificationTemplate(template: string): boolean {
  return !HUMAN_AUTHORED_TEMPLATES.has(template);
}

/** Where capture mode writes a row's message: one file per row, so a repeated capture overwrites, never duplicates. */
export function capturedEmailPath(outboundEmailId: string, captureDir = env().MAIL_CAPTURE_DIR): string {
  return path.resolve(captureDir, `${outboundEmailId}.eml`);
}

/**
 * Opens the TCP connection for nodemailer with Nagle's algorithm off. nodemailer leaves it on, and it sends the
 * end of a message (`\r\n.\r\n`) as a small write of its own right after the body: the kernel then holds it until
 * the server acknowledges the body, which the server delays (~40 ms) because it is waiting for that very end.
 * Every message paid that wait. Implicit TLS (smtps) and STARTTLS still happen on top of this socket.
 */
export function connectWithoutDelay(
  options: SMTPTransport.Options,
  callback: (error: Error | null, socketOptions: { connection: net.Socket } | false) => void,
): void {
  const port = Number(options.port) || (options.secure ? 465 : 587);
  const socket = net.connect({ host: options.host ?? 'localhost', port, noDelay: true });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error, false);
  };
  socket.setTimeout(options.connectionTimeout ?? SMTP_TIMEOUTS_MS.connection, () =>
    fail(new Error(`SMTP connection to ${options.host}:${port} timed out`)),
  );
  socket.once('error', fail);
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.off('error', fail);
    callback(null, { connection: socket });
  });
}

/**
 * Pooled SMTP: up to `connections` connections kept open and reused for up to 100 messages each, so a backlog
 * does not pay a new TCP connection, greeting (often delayed on purpose by MTAs) and EHLO (and TLS) per mail. An
 * idle connection closes after the socket timeout; the next mail opens a new one.
 */
function smtpTransport(smtpUrl: string, timeouts: SmtpTimeouts, connections: number): MailTransport {
  // Built as an SMTPPool, not from an options object with `url`: nodemailer.createTransport({ url, … }) keeps
  // only what the URL says and silently drops every other option (the timeouts, the socket above, the pool size).
  const transporter = nodemailer.createTransport(
    new SMTPPool({
      url: smtpUrl,
      pool: true,
      maxConnections: connections,
      maxMessages: 100,
      connectionTimeout: timeouts.connection,
      greetingTimeout: timeouts.greeting,
      socketTimeout: timeouts.socket,
      getSocket: connectWithoutDelay,
    }),
  );
  return {
    mode: 'smtp',
    async send(message) {
      const info = await transporter.sendMail(message);
      return { status: 'SENT', response: info.response };
    },
    close: () => transporter.close(),
  };
}

function captureTransport(captureDir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    mode: 'capture',
    async send(message, row) {
      const info = await transporter.sendMail(message);
      if (!Buffer.isBuffer(info.message)) throw new Error('Capture transport returned a stream instead of a buffer');
      const file = capturedEmailPath(row.id, captureDir);
      await mkdir(path.dirname(file), { recursive: true });
      // Written aside and renamed, so an admin viewing captures never reads half a message.
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, info.message);
      await rename(partial, file);
      return { status: 'CAPTURED', response: `captured to ${file}` };
    },
    close: () => transporter.close(),
  };
}

/** SMTP when a URL is given (by default SMTP_URL), capture otherwise. */
export function createTransport(
  settings: { smtpUrl?: string; captureDir?: string; timeouts?: SmtpTimeouts; connections?: number } = { smtpUrl: env().SMTP_URL },
): MailTransport {
  return settings.smtpUrl
    ? smtpTransport(settings.smtpUrl, settings.timeouts ?? SMTP_TIMEOUTS_MS, settings.connections ?? env().OUTBOX_SEND_CONCURRENCY)
    : captureTransport(settings.captureDir ?? env().MAIL_CAPTURE_DIR);
}

let processTransport: MailTransport | undefined;

/** The process's transport, built from the environment on first use. */
export function defaultTransport(): MailTransport {
  processTransport ??= createTransport();
  return processTransport;
}

/** Header names are RFC 5322 field names; values lose line breaks, which would otherwise start new headers. */
function extraHeaders(stored: OutboundEmail['headers']): Record<string, string> {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored)) {
    if (typeof value === 'string' && /^[!-9;-~]+$/.test(name)) headers[name] = value.replace(/[\r\n]+/g, ' ');
  }
  return headers;
}

export type DeliverableEmail = Pick<
  OutboundEmail,
  'id' | 'template' | 'toEmail' | 'toName' | 'subject' | 'text' | 'html' | 'messageId' | 'inReplyTo' | 'references' | 'headers'
> &
  Partial<Pick<OutboundEmail, 'attachments'>>;

/** Stored attachments (outbox.ts EmailAttachment); anything malformed is left out rather than failing the send. */
function storedAttachments(stored: OutboundEmail['attachments'] | undefined): Mail.Attachment[] {
  if (!Array.isArray(stored)) return [];
  const out: Mail.Attachment[] = [];
  for (const item of stored) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    const { filename, contentType, content } = item as Record<string, unknown>;
    if (typeof filename === 'string' && typeof contentType === 'string' && typeof content === 'string')
      out.push({ filename, contentType, content });
  }
  return out;
}

/** The nodemailer message for a row: always the row's own Message-ID, so a retry is the same message. */
export function buildMessage(row: DeliverableEmail, from = env().MAIL_FROM): Mail.Options {
  const headers: Record<string, string> = { ...extraHeaders(row.headers) };
  const attachments = storedAttachments(row.attachments);
  if (isNotificationTemplate(row.template)) {
    headers['Auto-Submitted'] = 'auto-generated';
    // Keeps Exchange/Outlook out-of-office replies from coming back into the help desk as new tickets.
    headers['X-Auto-Response-Suppress'] = 'OOF, AutoReply';
  }
  return {
    messageId: row.messageId,
    from,
    to: row.toName ? { name: row.toName, address: row.toEmail } : row.toEmail,
    subject: row.subject,
    text: row.text,
    html: row.html,
    inReplyTo: row.inReplyTo ?? undefined,
    references: row.references.length > 0 ? row.references : undefined,
    headers,
    ...(attachments.length ? { attachments } : {}),
  };
}

export function deliver(row: DeliverableEmail, transport: MailTransport = defaultTransport()): Promise<Delivery> {
  return transport.send(buildMessage(row), row);
}
