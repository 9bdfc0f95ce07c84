import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/uploads/route';
import {
  acceptUpload,
  claimUploads,
  describeAttachmentError,
  purgeUnclaimedUploads,
  readAttachment,
  type UploadedAttachment,
} from '@/server/attachments';
import { FORM_SESSION_COOKIE, issueFormSession } from '@/server/attachments/form-session';
import { db } from '@/server/db/client';
import { holdLock, race } from './race';

// env() reads process.env once, on first use, which is after these lines (no module calls it at import time).
const storageDir = mkdtempSync(path.join(tmpdir(), 'vouchie-attachments-'));
process.env.STORAGE_DIR = storageDir;
process.env.UPLOAD_MAX_FILE_MB = '1';
process.env.UPLOAD_MAX_FILES = '3';
process.env.UPLOAD_MAX_TOTAL_MB = '2';
process.env.RATE_LIMIT_UPLOADS_PER_IP = '3';

const MB = 1024 * 1024;
const PNG = Uint8Array.from(
  Buffer.from(
    '89504e470d0a1a0a0000000d494844520000000100000001080600' +
      '00001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082',
    'hex',
  ),
);
const EXE = Uint8Array.from(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]));
const text = (content: string) => new TextEncoder().encode(content);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const storedPath = (key: string) => path.join(storageDir, key);
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

async function upload(fileName: string, bytes: Uint8Array = text(`log line ${randomUUID()}\n`)): Promise<UploadedAttachment> {
  const result = await acceptUpload({ fileName, bytes });
  if (!result.ok) throw new Error(`upload of ${fileName} refused: ${result.error.code}`);
  return result.value;
}

let reporterId: string;

async function newTicket(): Promise<string> {
  const ticket = await db().ticket.create({ data: { subject: 'Płatność odrzucona', category: 'TECHNICAL_ERROR', reporterId } });
  return ticket.id;
}

const claim = (tokens: string[], ticketId: string) => db().$transaction((tx) => claimUploads(tx, { tokens, ticketId, messageId: null }));

/** Promise.withResolvers, which Node 20 lacks. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Resolves once `count` sessions of this database wait for a row lock: the moment a race is really on. */
async function sessionsWaitingForLocks(count: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const [row] = await db().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      expect(row?.n).toBeGreaterThanOrEqual(count);
    },
    { timeout: 10_000, interval: 20 },
  );
}

beforeAll(async () => {
  const user = await db().user.create({ data: { email: `reporter-${randomUUID()}@firma.pl`, name: 'Anna Nowak' } });
  reporterId = user.id;
});

afterAll(() => {
  rmSync(storageDir, { recursive: true, force: true });
});

describe('acceptUpload', () => {
  it('stores the bytes and a row with their sha256, unclaimed, behind a fresh token', async () => {
    const bytes = text('2026-11-26 ERROR płatność odrzucona 🙁\n');
    const result = await acceptUpload({ fileName: '../logs/app.log', bytes, uploaderId: reporterId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      fileName: 'app.log',
      size: bytes.byteLength,
      contentType: 'text/plain; charset=utf-8',
      kind: 'TEXT',
    });
    expect(result.value.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const row = await db().attachment.findUniqueOrThrow({ where: { id: result.value.id } });
    expect(row).toMatchObject({
      ticketId: null,
      uploadToken: result.value.token,
      uploaderId: reporterId,
      sha256: sha256(bytes),
      size: bytes.byteLength,
    });
    expect(row.storageKey).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(new Uint8Array(await readFile(storedPath(row.storageKey)))).toEqual(bytes);
  });

  it('names a PNG sent as notes.txt notes.png and stores it as image/png', async () => {
    const uploaded = await upload('notes.txt', PNG);
    expect(uploaded).toMatchObject({ fileName: 'notes.png', contentType: 'image/png', kind: 'IMAGE' });
  });

  it('refuses a file over the per-file limit and writes no row and no bytes', async () => {
    const before = await db().attachment.count();
    const result = await acceptUpload({ fileName: 'huge.log', bytes: new Uint8Array(MB + 1).fill(0x61) });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'too_large', fileName: 'huge.log', messageKey: 'errors.attachments.tooLarge', params: { name: 'huge.log', max: MB } },
    });
    if (!result.ok) expect(describeAttachmentError(result.error, 'pl')).toBe('Plik huge.log jest za duży (maksymalnie 1 MB).');
    expect(await db().attachment.count()).toBe(before);
  });

  it('refuses an empty file and a .exe renamed to .png', async () => {
    expect(await acceptUpload({ fileName: 'empty.txt', bytes: new Uint8Array() })).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(await acceptUpload({ fileName: 'screenshot.png', bytes: EXE })).toMatchObject({
      ok: false,
      error: { code: 'type_refused', fileName: 'screenshot.png' },
    });
  });
});

describe('claimUploads', () => {
  it('attaches uploads to the ticket in the order given and clears their tokens', async () => {
    const ticketId = await newTicket();
    const first = await upload('first.log');
    const second = await upload('second.png', PNG);
    const result = await claim([second.token, first.token], ticketId);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((a) => a.fileName)).toEqual(['second.png', 'first.log']);
    expect(result.value[0]).toMatchObject({ id: second.id, contentType: 'image/png', kind: 'IMAGE', sha256: sha256(PNG) });

    const rows = await db().attachment.findMany({ where: { id: { in: [first.id, second.id] } } });
    expect(rows.every((row) => row.ticketId === ticketId && row.uploadToken === null)).toBe(true);
  });

  it('is single use: a second claim of the same token is refused as expired', async () => {
    const uploaded = await upload('once.log');
    expect((await claim([uploaded.token], await newTicket())).ok).toBe(true);
    const again = await claim([uploaded.token], await newTicket());
    expect(again).toMatchObject({ ok: false, error: { code: 'expired', fileName: '?', messageKey: 'errors.attachments.expired' } });
  });

  it('refuses an unknown token as expired', async () => {
    const result = await claim(['A'.repeat(43)], await newTicket());
    expect(result).toMatchObject({ ok: false, error: { code: 'expired', fileName: '?' } });
  });

  it('refuses an upload older than a day, naming it', async () => {
    const uploaded = await upload('stale.log');
    await db().attachment.update({ where: { id: uploaded.id }, data: { createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) } });
    const result = await claim([uploaded.token], await newTicket());
    expect(result).toMatchObject({ ok: false, error: { code: 'expired', fileName: 'stale.log' } });
  });

  it('refuses more files than allowed and attaches none of them', async () => {
    const uploads = await Promise.all(['a.log', 'b.log', 'c.log', 'd.log'].map((name) => upload(name)));
    const ticketId = await newTicket();
    const result = await claim(
      uploads.map((u) => u.token),
      ticketId,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'too_many', params: { max: 3 } } });
    if (!result.ok) expect(describeAttachmentError(result.error, 'en')).toBe('You can attach at most 3 files.');
    expect(await db().attachment.count({ where: { ticketId } })).toBe(0);
  });

  it('refuses a set over the total size limit', async () => {
    const big = () => text(`${randomUUID()}\n`.repeat(Math.floor((0.9 * MB) / 37)));
    const uploads = [await upload('x.log', big()), await upload('y.log', big()), await upload('z.log', big())];
    const ticketId = await newTicket();
    const result = await claim(
      uploads.map((u) => u.token),
      ticketId,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'total_too_large', params: { max: 2 * MB } } });
    if (!result.ok) expect(describeAttachmentError(result.error, 'pl')).toBe('Załączniki razem mogą mieć najwyżej 2 MB.');
    expect(await db().attachment.count({ where: { ticketId } })).toBe(0);
  });

  it('lets exactly one of two concurrent claims of one token win', async () => {
    const uploaded = await upload('race.log');
    const [ticketA, ticketB] = [await newTicket(), await newTicket()];
    // Forced: both claims start while another session holds the upload's row, and go on once both wait for it.
    const lock = await holdLock([{ sql: `SELECT 1 FROM "Attachment" WHERE id = $1::uuid FOR UPDATE`, params: [uploaded.id] }]);
    const results = await race(lock, [() => claim([uploaded.token], ticketA), () => claim([uploaded.token], ticketB)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'expired')).toHaveLength(1);
    const row = await db().attachment.findUniqueOrThrow({ where: { id: uploaded.id } });
    const winner = results[0]?.ok ? ticketA : ticketB;
    expect(row.ticketId).toBe(winner);
  });

  it('when a racing claim takes one file of a set, gives the rest back untouched', async () => {
    const contested = await upload('contested.log');
    const bystander = await upload('bystander.log');
    const [ticketA, ticketB] = [await newTicket(), await newTicket()];

    const { promise: gate, resolve: release } = deferred();
    const { promise: heldByA, resolve: signalHeld } = deferred();
    // A claims the contested file and keeps its transaction open, so B, started only then, must wait on the row lock.
    const first = db().$transaction(async (tx) => {
      const result = await claimUploads(tx, { tokens: [contested.token], ticketId: ticketA, messageId: null });
      signalHeld();
      await gate;
      return result;
    });
    await heldByA;
    const second = claim([contested.token, bystander.token], ticketB);
    await sessionsWaitingForLocks(1);
    release();

    expect((await first).ok).toBe(true);
    expect(await second).toMatchObject({ ok: false, error: { code: 'expired', fileName: 'contested.log' } });
    const rest = await db().attachment.findUniqueOrThrow({ where: { id: bystander.id } });
    expect(rest).toMatchObject({ ticketId: null, messageId: null, uploadToken: bystander.token });
    expect((await claim([bystander.token], ticketB)).ok).toBe(true);
  });
});

describe('readAttachment', () => {
  it('returns the row without its token, and the bytes', async () => {
    const uploaded = await upload('shot.png', PNG);
    const read = await readAttachment(uploaded.id);
    expect(read?.attachment).toMatchObject({ id: uploaded.id, fileName: 'shot.png', contentType: 'image/png' });
    expect(read?.attachment).not.toHaveProperty('uploadToken');
    expect(new Uint8Array(await new Response(read?.body).arrayBuffer())).toEqual(PNG);
  });

  it('returns null for an unknown or malformed id', async () => {
    expect(await readAttachment(randomUUID())).toBeNull();
    expect(await readAttachment('../../etc/passwd')).toBeNull();
  });
});

describe('purgeUnclaimedUploads', () => {
  it('removes old unclaimed uploads and their bytes, keeping fresh and claimed ones', async () => {
    const old = await upload('old.log');
    const fresh = await upload('fresh.log');
    const oldClaimed = await upload('kept.log');
    expect((await claim([oldClaimed.token], await newTicket())).ok).toBe(true);
    const twoDaysAgo = new Date(Date.now() - 48 * 60 * 60 * 1000);
    await db().attachment.updateMany({ where: { id: { in: [old.id, oldClaimed.id] } }, data: { createdAt: twoDaysAgo } });
    const keys = Object.fromEntries(
      (await db().attachment.findMany({ where: { id: { in: [old.id, fresh.id, oldClaimed.id] } } })).map((r) => [r.id, r.storageKey]),
    );

    const result = await purgeUnclaimedUploads(new Date(Date.now() - 24 * 60 * 60 * 1000));

    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect(result.failedKeys).toEqual([]);
    expect(await db().attachment.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await exists(storedPath(keys[old.id] ?? ''))).toBe(false);
    expect(await db().attachment.findUnique({ where: { id: fresh.id } })).not.toBeNull();
    expect(await exists(storedPath(keys[fresh.id] ?? ''))).toBe(true);
    expect(await db().attachment.findUnique({ where: { id: oldClaimed.id } })).not.toBeNull();
    expect(await exists(storedPath(keys[oldClaimed.id] ?? ''))).toBe(true);
  });
});

describe('POST /api/uploads', () => {
  function uploadRequest(
    file: { name: string; bytes: Uint8Array } | null,
    { ip = randomUUID(), headers = {} }: { ip?: string; headers?: Record<string, string> } = {},
  ): NextRequest {
    const form = new FormData();
    if (file) form.append('file', new Blob([Uint8Array.from(file.bytes)]), file.name);
    return new NextRequest('http://localhost:3000/api/uploads', {
      method: 'POST',
      body: form,
      // An anonymous upload needs the form session a page view hands out (src/proxy.ts).
      headers: {
        'x-forwarded-for': ip,
        host: 'localhost:3000',
        ...headers,
        cookie: [headers.cookie, `${FORM_SESSION_COOKIE}=${issueFormSession()}`].filter(Boolean).join('; '),
      },
    });
  }

  it('answers 201 with the token and the stored name and type', async () => {
    const response = await POST(
      uploadRequest({ name: 'zrzut ekranu – błąd.txt', bytes: PNG }, { headers: { origin: 'http://localhost:3000' } }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as UploadedAttachment;
    expect(body).toMatchObject({ fileName: 'zrzut ekranu – błąd.png', size: PNG.byteLength, contentType: 'image/png', kind: 'IMAGE' });
    expect(await db().attachment.findUnique({ where: { uploadToken: body.token } })).not.toBeNull();
  });

  it('answers 415 in the language of the NEXT_LOCALE cookie for a refused type', async () => {
    const response = await POST(
      uploadRequest({ name: 'setup.png', bytes: EXE }, { headers: { cookie: 'NEXT_LOCALE=en', 'accept-language': 'pl' } }),
    );
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('type_refused');
    expect(body.error.message).toMatch(/^setup\.png is not a supported format/);
  });

  it('answers 400 when there is no file, in Polish like the pages even for an English browser', async () => {
    const response = await POST(uploadRequest(null, { headers: { 'accept-language': 'en-GB,en;q=0.9' } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'no_file', message: 'Wybierz jeden plik do wysłania.' },
      requestId: expect.any(String),
    });
  });

  it('answers 413 from Content-Length alone when the body is clearly too large', async () => {
    const response = await POST(uploadRequest({ name: 'a.log', bytes: text('x') }, { headers: { 'content-length': String(50 * MB) } }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: 'too_large', message: 'Plik jest za duży (maksymalnie 1 MB).' },
      requestId: expect.any(String),
    });
  });

  it('streams a file larger than the sniffing head to storage unchanged, and checks all of it, not only its start', async () => {
    const log = text(`${'2026-12-07 01:00:00 INFO zapisano voucher VCH-1\n'.repeat(18_000)}`.slice(0, 900 * 1024));
    const response = await POST(uploadRequest({ name: 'serwer.log', bytes: log }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as UploadedAttachment;
    const row = await db().attachment.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ size: log.byteLength, sha256: sha256(log), kind: 'TEXT' });
    expect(sha256(await readFile(storedPath(row.storageKey)))).toBe(sha256(log));

    // The same log with one NUL byte far past the first 64 kB is not text: refused, nothing stored.
    const tainted = Uint8Array.from(log);
    tainted[800 * 1024] = 0;
    const refused = await POST(uploadRequest({ name: 'serwer.log', bytes: tainted }));
    expect(refused.status).toBe(415);
    expect(await db().attachment.count({ where: { sha256: sha256(tainted) } })).toBe(0);
  });

  it('answers 400 to two files in one request and keeps neither', async () => {
    const form = new FormData();
    form.append('file', new Blob([Uint8Array.from(PNG)]), 'pierwszy.png');
    form.append('file', new Blob([Uint8Array.from(PNG)]), 'drugi.png');
    const before = await db().attachment.count({ where: { ticketId: null } });
    const response = await POST(
      new NextRequest('http://localhost:3000/api/uploads', {
        method: 'POST',
        body: form,
        headers: { 'x-forwarded-for': randomUUID(), host: 'localhost:3000', cookie: `${FORM_SESSION_COOKIE}=${issueFormSession()}` },
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('no_file');
    expect(await db().attachment.count({ where: { ticketId: null } })).toBe(before);
  });

  it('answers 413 for a file over the limit sent without a trustworthy length', async () => {
    const response = await POST(uploadRequest({ name: 'big.log', bytes: new Uint8Array(MB + 1).fill(0x61) }));
    expect(response.status).toBe(413);
  });

  it('refuses with 403 a request from another origin', async () => {
    const before = await db().attachment.count();
    const response = await POST(uploadRequest({ name: 'a.log', bytes: text('x') }, { headers: { origin: 'https://evil.example' } }));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('cross_origin');
    expect(await db().attachment.count()).toBe(before);
  });

  it('answers 429 with Retry-After once an address has used its uploads', async () => {
    const ip = `rate-limit-${randomUUID()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await POST(uploadRequest({ name: `n${i}.log`, bytes: text(`line ${i}`) }, { ip }))).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await POST(uploadRequest({ name: 'n.log', bytes: text('x') }, { ip }));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toBe(
      'Wysłano zbyt wiele plików w krótkim czasie. Spróbuj ponownie za kilka minut.',
    );
  });
});
