import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { simpleParser, type AddressObject } from 'mailparser';
import { test } from '@playwright/test';
import pg from 'pg';
import { E2E_PORT, stackFileFor, type E2eStack } from './stack';

export type { E2eStack } from './stack';

/** The port of the stack the running test's project talks to (its baseURL); E2E_PORT outside a test. */
function currentStackPort(): number {
  let baseURL: string | undefined;
  try {
    baseURL = test.info().project.use.baseURL;
  } catch {
    // Not inside a test or hook: the default stack.
  }
  return baseURL ? Number(new URL(baseURL).port) : E2E_PORT;
}

/**
 * Where the e2e stack of the running test's project keeps its database, uploads and captured mail (written by
 * tests/e2e/server.ts; one stack per project).
 */
export function readStack(): E2eStack {
  const file = stackFileFor(currentStackPort());
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as E2eStack;
  } catch (error) {
    throw new Error(`Cannot read ${file}: is the e2e stack (tests/e2e/server.ts) running? ${String(error)}`);
  }
}

/** Polls `probe` until it returns a value other than undefined/null/false, or throws at the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 15_000, intervalMs = 200, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface CapturedEmail {
  subject: string;
  text: string;
  html: string | null;
  /** Lower-case header name → raw (unfolded, not MIME-decoded) value; repeated headers joined with "\n". */
  headers: Record<string, string>;
  messageId: string | undefined;
  to: string[];
  from: string | undefined;
  date: Date | undefined;
  /** When the file was written (its mtime): what `since` compares with, unlike the second-precision Date header. */
  capturedAt: Date;
  file: string;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((group) => group.value).flatMap((a) => (a.address ? [a.address.toLowerCase()] : []));
}

async function emlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.eml')).map((e) => path.join(e.parentPath, e.name));
}

const parsedCache = new Map<string, { mtimeMs: number; email: CapturedEmail }>();

async function parseEmail(file: string): Promise<CapturedEmail> {
  const { mtimeMs } = await stat(file);
  const cached = parsedCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.email;
  const mail = await simpleParser(await readFile(file));
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}\n${value}`;
  }
  const email: CapturedEmail = {
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
    headers,
    messageId: mail.messageId,
    to: [...addresses(mail.to), ...addresses(mail.cc)],
    from: addresses(mail.from)[0],
    date: mail.date,
    capturedAt: new Date(mtimeMs),
    file,
  };
  parsedCache.set(file, { mtimeMs, email });
  return email;
}

/** Every e-mail the worker has captured so far, oldest first. */
export async function capturedEmails(): Promise<CapturedEmail[]> {
  const files = await emlFiles(readStack().mailCaptureDir);
  const emails = await Promise.all(files.map((file) => parseEmail(file)));
  return emails.sort((a, b) => a.capturedAt.getTime() - b.capturedAt.getTime());
}

/**
 * Waits for a captured e-mail to `to` (To or Cc, case-insensitive) whose subject contains `subjectIncludes`,
 * optionally written at or after `since`; returns the oldest match. At the deadline, the error lists what was seen.
 */
export async function waitForCapturedEmail({
  to,
  subjectIncludes,
  since,
  timeoutMs = 20_000,
}: {
  to: string;
  subjectIncludes?: string;
  since?: Date;
  timeoutMs?: number;
}): Promise<CapturedEmail> {
  const wanted = to.toLowerCase();
  let seen: CapturedEmail[] = [];
  try {
    return await waitFor(
      async () => {
        seen = await capturedEmails();
        return seen.find(
          (m) =>
            m.to.includes(wanted) &&
            (subjectIncludes === undefined || m.subject.includes(subjectIncludes)) &&
            (since === undefined || m.capturedAt >= since),
        );
      },
      { timeoutMs, what: `an e-mail to ${to}${subjectIncludes ? ` with "${subjectIncludes}" in the subject` : ''}` },
    );
  } catch (error) {
    const list = seen.map((m) => `  ${m.to.join(', ')}: ${m.subject}`).join('\n') || '  (none)';
    throw new Error(`${error instanceof Error ? error.message : String(error)}. Captured so far:\n${list}`);
  }
}

/** One query on the stack's database, through its own short-lived connection. */
export async function dbQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: readStack().databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid, solid-colour RGB PNG (2×2 by default), built in code for upload tests. */
export function makePng({
  width = 2,
  height = 2,
  rgb = [37, 69, 234],
}: { width?: number; height?: number; rgb?: [number, number, number] } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  // compression, filter and interlace methods stay 0
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A merchant as the Vouchie panel names them in its SSO hand-off (docs/sso.md). */
export interface PanelCustomer {
  sub: string;
  email: string;
  name: string;
  company: { id: string; name: string; plan: 'START' | 'BIZNES' | 'PREMIUM' };
}

/** The hand-off token the Vouchie panel mints for `/sso/vouchie?token=…`, signed with the stack's shared secret. */
export async function panelSsoToken(customer: PanelCustomer, returnTo: string): Promise<string> {
  return new SignJWT({ email: customer.email, name: customer.name, company: customer.company, locale: 'pl', return_to: returnTo })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('vouchie-panel')
    .setAudience('vouchie-support')
    .setSubject(customer.sub)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(new TextEncoder().encode(readStack().ssoSecret));
}
