import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it } from 'vitest';

// Small caps for this file; env() is read lazily, so these precede its first use.
process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-upload-caps-'));
process.env.UPLOAD_MAX_FILE_MB = '1';
process.env.UPLOAD_UNCLAIMED_MAX_MB_PER_SOURCE = '1';
process.env.UPLOAD_UNCLAIMED_MAX_TOTAL_MB = '2';
process.env.RATE_LIMIT_UPLOADS_PER_IP = '1000';

const { db } = await import('@/server/db/client');
const { POST } = await import('@/app/api/uploads/route');
const { claimUploads, purgeUnclaimedUploads, unclaimedUploadTtlMs } = await import('@/server/attachments');
const { FORM_SESSION_COOKIE, issueFormSession } = await import('@/server/attachments/form-session');

const KB = 1024;
const ip = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`;
/** A text file of `size` bytes (a log is accepted as text/plain). */
const log = (size: number) => new Uint8Array(size).fill(0x61);

function upload(bytes: Uint8Array, { from = ip(), session = issueFormSession() }: { from?: string; session?: string | null } = {}) {
  const form = new FormData();
  form.append('file', new Blob([Uint8Array.from(bytes)]), 'app.log');
  return POST(
    new NextRequest('http://localhost:3000/api/uploads', {
      method: 'POST',
      body: form,
      headers: { 'x-forwarded-for': from, ...(session ? { cookie: `${FORM_SESSION_COOKIE}=${session}` } : {}) },
    }),
  );
}

async function codeOf(response: Response): Promise<string> {
  return response.status === 201 ? 'ok' : ((await response.json()) as { error: { code: string } }).error.code;
}

beforeEach(async () => {
  // The caps count every unclaimed upload in the database: each test starts from none.
  await db().attachment.deleteMany({ where: { ticketId: null } });
});

describe('unclaimed uploads cannot fill the disk', () => {
  it('refuses an anonymous upload without the form session its page view hands out', async () => {
    const response = await upload(log(KB), { session: null });
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('form_session');
    expect(await (await upload(log(KB), { session: 'forged.session' })).status).toBe(403);
    expect(await db().attachment.count({ where: { ticketId: null } })).toBe(0);
  });

  it('caps the unclaimed bytes of one address, whatever form sessions it rotates through', async () => {
    const from = ip();
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await codeOf(await upload(log(300 * KB), { from })));
    expect(codes).toEqual(['ok', 'ok', 'ok', 'source_full']);
    // Another address still may.
    expect(await codeOf(await upload(log(300 * KB)))).toBe('ok');
  });

  it('caps the unclaimed bytes of one form session, whatever addresses it comes from', async () => {
    const session = issueFormSession();
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await codeOf(await upload(log(300 * KB), { session })));
    expect(codes).toEqual(['ok', 'ok', 'ok', 'source_full']);
  });

  it('refuses everyone with 503 once all unclaimed uploads together reach the total cap', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await upload(log(300 * KB))).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 503, 503]);
    const held = await db().attachment.aggregate({ where: { ticketId: null }, _sum: { size: true } });
    expect(held._sum.size).toBeLessThanOrEqual(2 * 1024 * KB);
  });

  it('gives the allowance back once a ticket claims the uploads', async () => {
    const from = ip();
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) tokens.push(((await (await upload(log(300 * KB), { from })).json()) as { token: string }).token);
    const reporter = await db().user.create({ data: { email: `anna.${randomUUID().slice(0, 8)}@example.pl`, name: 'Anna Nowak' } });
    const ticket = await db().ticket.create({ data: { subject: 'Zrzuty ekranu', category: 'TECHNICAL_ERROR', reporterId: reporter.id } });
    const claimed = await db().$transaction((tx) => claimUploads(tx, { tokens, ticketId: ticket.id, messageId: null }));
    expect(claimed.ok).toBe(true);
    expect(await codeOf(await upload(log(300 * KB), { from }))).toBe('ok');
  });

  it('expires an unclaimed upload within the hour: it can no longer be claimed and the worker deletes it', async () => {
    expect(unclaimedUploadTtlMs()).toBeLessThanOrEqual(50 * 60_000);
    const { token, id } = (await (await upload(log(KB))).json()) as { token: string; id: string };
    await db().attachment.update({ where: { id }, data: { createdAt: new Date(Date.now() - 51 * 60_000) } });
    const reporter = await db().user.create({ data: { email: `anna.${randomUUID().slice(0, 8)}@example.pl`, name: 'Anna Nowak' } });
    const ticket = await db().ticket.create({ data: { subject: 'Zrzuty ekranu', category: 'TECHNICAL_ERROR', reporterId: reporter.id } });
    const claimed = await db().$transaction((tx) => claimUploads(tx, { tokens: [token], ticketId: ticket.id, messageId: null }));
    expect(claimed).toMatchObject({ ok: false, error: { code: 'expired' } });
    await purgeUnclaimedUploads(new Date(Date.now() - unclaimedUploadTtlMs()));
    expect(await db().attachment.count({ where: { id } })).toBe(0);
  });
});
