import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeEmail } from '../fixtures/email/generate';
import { freePort } from '../support/ports';

/**
 * The 30 MB mail (a phone video of the till, generated at test time) over a real SMTP connection to the
 * receiver as the worker starts it (startInboundSmtp, default 40 MB cap), and one just over the cap.
 */

const storageDir = mkdtempSync(path.join(tmpdir(), 'vouchie-large-mail-'));
process.env.STORAGE_DIR = storageDir;
// The video in a 30 MB mail is about 22 MB: above the default per-file upload cap (20 MB), which would drop it
// from the ticket (the stored raw mail keeps it). A team that takes such videos raises the cap; so does this test.
process.env.UPLOAD_MAX_FILE_MB = '25';
process.env.SMTP_INBOUND_PORT = String(await freePort());

const { db } = await import('@/server/db/client');
const { env } = await import('@/server/env');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
const { startInboundSmtp } = await import('@/server/jobs/inbound');
type Receiver = NonNullable<Awaited<ReturnType<typeof startInboundSmtp>>>;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Files under the storage dir (attachments' bytes), to prove an oversized mail left nothing behind. */
function storedFiles(dir = storageDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? storedFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/**
 * A bare SMTP client that never declares SIZE in MAIL FROM (as a careless or hostile sender would), so the cap
 * must hold on the DATA stream itself. Resolves with the reply to the end of DATA.
 */
function sendWithoutSizeDeclaration(port: number, from: string, to: string, raw: Buffer): Promise<{ code: number; text: string }> {
  // Each step: the reply code the server must give, then what the client sends next.
  const steps: [number, () => void][] = [
    [220, () => socket.write('EHLO client.example.pl\r\n')],
    [250, () => socket.write(`MAIL FROM:<${from}>\r\n`)],
    [250, () => socket.write(`RCPT TO:<${to}>\r\n`)],
    [250, () => socket.write('DATA\r\n')],
    // Dot-stuffed message, then the end-of-data line.
    [
      354,
      () =>
        socket.write(Buffer.concat([Buffer.from(raw.toString('latin1').replace(/\r\n\./g, '\r\n..'), 'latin1'), Buffer.from('\r\n.\r\n')])),
    ],
  ];
  const socket = net.connect(port, '127.0.0.1');
  return new Promise((resolve, reject) => {
    let buffered = '';
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      // A complete reply ends with a line "NNN text" (continuation lines read "NNN-text").
      const match = /(?:^|\r\n)(\d{3}) ([^\r\n]*)\r\n$/.exec(buffered);
      if (!match) return;
      buffered = '';
      const code = Number(match[1]);
      const step = steps.shift();
      if (!step) {
        socket.end('QUIT\r\n');
        resolve({ code, text: match[2] ?? '' });
      } else if (code !== step[0]) {
        socket.destroy();
        reject(new Error(`expected ${step[0]}, got ${code} ${match[2]}`));
      } else {
        step[1]();
      }
    });
  });
}

let receiver: Receiver;

beforeAll(async () => {
  const started = await startInboundSmtp();
  if (!started) throw new Error('the SMTP receiver did not start');
  receiver = started;
});

afterAll(async () => {
  await receiver?.close();
});

describe('the 30 MB mail over SMTP', () => {
  it('runs with the default 40 MB cap', () => {
    expect(env().SMTP_INBOUND_MAX_MB).toBe(40 * 1024 * 1024);
  });

  it('is accepted, threaded into its ticket, and its video stored with the right size and sha256', { timeout: 120_000 }, async () => {
    const email = `jan.${randomUUID().slice(0, 8)}@gmail.com`;
    const created = await createTicket({
      fields: ticketFieldsSchema.parse({
        category: 'TECHNICAL_ERROR',
        subject: 'Błąd przy realizacji vouchera',
        actual: 'Kasa pokazuje błąd przy skanowaniu kodu.',
      }),
      reporter: { email, name: 'Jan Kowalski' },
      channel: 'WEB',
    });
    if (!created.ok) throw new Error('ticket not created');
    const confirmation = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: created.value.id } });
    const replyTo = (confirmation.headers as Record<string, string>)['Reply-To']!;
    const messageId = `<${randomUUID()}@mail.gmail.com>`;
    const large = generateLargeEmail(30 * 1024 * 1024, {
      from: `Jan Kowalski <${email}>`,
      to: replyTo,
      subject: `Re: ${confirmation.subject}`,
      messageId,
      inReplyTo: confirmation.messageId,
    });
    expect(large.raw.length).toBeGreaterThan(29.9 * 1024 * 1024);

    const info = await nodemailer
      .createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true })
      .sendMail({ envelope: { from: email, to: [replyTo] }, raw: large.raw });
    // 250 only after the ingest committed: everything below is already in the database.
    expect(info.response).toMatch(/^250 /);

    const inbound = await db().inboundEmail.findUniqueOrThrow({ where: { messageId } });
    expect(inbound).toMatchObject({ source: 'smtp', status: 'PROCESSED', size: large.raw.length, ticketId: created.value.id });
    expect(sha256(inbound.raw)).toBe(sha256(large.raw));

    const thread = await db().message.findMany({
      where: { ticketId: created.value.id },
      orderBy: { createdAt: 'asc' },
      include: { attachments: true },
    });
    expect(thread).toHaveLength(2);
    expect(thread[1]).toMatchObject({ type: 'CUSTOMER', channel: 'EMAIL', emailMessageId: messageId });
    expect(thread[1]?.body).toBe(
      'Dzień dobry,\n\nw załączniku nagranie z kasy, na którym widać błąd przy realizacji vouchera.\n\nJan Kowalski',
    );
    expect(thread[1]?.attachments).toHaveLength(1);
    const [video] = thread[1]!.attachments;
    expect(video).toMatchObject({
      fileName: large.attachment.filename,
      contentType: 'video/mp4',
      kind: 'VIDEO',
      size: large.attachment.size,
      sha256: large.attachment.sha256,
    });
    // The bytes on disk, not only the recorded checksum.
    const onDisk = storedFiles()
      .map((file) => readFileSync(file))
      .find((bytes) => bytes.length === large.attachment.size);
    expect(onDisk && sha256(onDisk)).toBe(large.attachment.sha256);
  });

  it('refuses a mail just over the cap with 552 on the DATA stream and stores nothing', { timeout: 120_000 }, async () => {
    const cap = env().SMTP_INBOUND_MAX_MB;
    const messageId = `<${randomUUID()}@mail.gmail.com>`;
    const tooLarge = generateLargeEmail(cap + 64 * 1024, { messageId });
    expect(tooLarge.raw.length).toBeGreaterThan(cap);
    const inboundBefore = await db().inboundEmail.count();
    const attachmentsBefore = await db().attachment.count();
    const filesBefore = storedFiles().length;

    const reply = await sendWithoutSizeDeclaration(receiver.port, 'jan.kowalski@gmail.com', 'wsparcie@vouchie.localhost', tooLarge.raw);
    expect(reply.code).toBe(552);

    expect(await db().inboundEmail.count()).toBe(inboundBefore);
    expect(await db().inboundEmail.findUnique({ where: { messageId } })).toBeNull();
    expect(await db().attachment.count()).toBe(attachmentsBefore);
    expect(storedFiles()).toHaveLength(filesBefore);
  });
});
