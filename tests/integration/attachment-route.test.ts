import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Uploaded bytes go to a throw-away folder; env() is read lazily, so this must precede the first call.
const storageDir = mkdtempSync(path.join(tmpdir(), 'vouchie-attachment-route-'));
process.env.STORAGE_DIR = storageDir;

const { NextRequest } = await import('next/server');
const { GET } = await import('@/app/api/attachments/[id]/route');
const { db } = await import('@/server/db/client');
const { acceptUpload, claimUploads } = await import('@/server/attachments');
const { createDatabaseSession } = await import('@/server/auth/session');
const { signTicketLink } = await import('@/server/auth/ticket-link');

const APP_URL = process.env.APP_URL!;
const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);
const tag = () => randomUUID().slice(0, 8);

/** A file attached to a new message of `type` on the ticket. */
async function fileOn(ticketId: string, type: 'CUSTOMER' | 'NOTE', authorId: string, fileName: string) {
  const uploaded = await acceptUpload({ fileName, bytes: PNG });
  if (!uploaded.ok) throw new Error(`upload refused: ${uploaded.error.code}`);
  await db().$transaction(async (tx) => {
    const message = await tx.message.create({
      data: { ticketId, type, authorId, body: type === 'NOTE' ? 'Notatka dla zespołu.' : 'Zrzut ekranu.' },
    });
    const claimed = await claimUploads(tx, { tokens: [uploaded.value.token], ticketId, messageId: message.id });
    if (!claimed.ok) throw new Error('claim refused');
  });
  return uploaded.value.id;
}

function download(id: string, who: { cookie?: string; ticketLink?: string } = {}) {
  const url = new URL(`/api/attachments/${id}`, APP_URL);
  if (who.ticketLink) url.searchParams.set('t', who.ticketLink);
  return GET(new NextRequest(url, { headers: who.cookie ? { cookie: who.cookie } : {} }), { params: Promise.resolve({ id }) });
}

async function sessionCookieOf(userId: string): Promise<string> {
  const cookie = await createDatabaseSession(userId);
  return `${cookie.name}=${cookie.value}`;
}

let reporter: { id: string; email: string; cookie: string };
let agent: { id: string; cookie: string };
let ticketId: string;
let customerFile: string;
let noteFile: string;

beforeAll(async () => {
  const reporterRow = await db().user.create({ data: { email: `anna.${tag()}@kwiaciarnia.pl`, name: 'Anna' } });
  const agentRow = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, name: 'Ewa', role: 'AGENT' } });
  reporter = { id: reporterRow.id, email: reporterRow.email, cookie: await sessionCookieOf(reporterRow.id) };
  agent = { id: agentRow.id, cookie: await sessionCookieOf(agentRow.id) };
  ticketId = (await db().ticket.create({ data: { subject: 'Kasa odrzuca voucher', category: 'TECHNICAL_ERROR', reporterId: reporter.id } }))
    .id;
  customerFile = await fileOn(ticketId, 'CUSTOMER', reporter.id, 'kasa.png');
  noteFile = await fileOn(ticketId, 'NOTE', agent.id, 'logi-wewnetrzne.png');
});

afterAll(async () => {
  await db().user.update({ where: { id: agent.id }, data: { active: false } });
  rmSync(storageDir, { recursive: true, force: true });
});

describe('GET /api/attachments/{id}', () => {
  it('serves the reporter their own file with the sandboxing CSP, nosniff and its sniffed type', async () => {
    const response = await download(customerFile, { cookie: reporter.cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp.split(';').map((d) => d.trim())).toEqual(expect.arrayContaining(["default-src 'none'", 'sandbox']));
    expect(csp).not.toMatch(/script-src|unsafe-eval/);
    expect(response.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
  });

  it("hides the files of internal notes from the ticket's reporter, signed in or by the e-mailed link, and shows them to staff", async () => {
    expect((await download(noteFile, { cookie: reporter.cookie })).status).toBe(404);
    const link = signTicketLink(ticketId, reporter.email);
    expect((await download(customerFile, { ticketLink: link })).status).toBe(200);
    expect((await download(noteFile, { ticketLink: link })).status).toBe(404);

    const forStaff = await download(noteFile, { cookie: agent.cookie });
    expect(forStaff.status).toBe(200);
    expect(forStaff.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('answers 404 to guests and to other customers, as for a file that does not exist', async () => {
    const stranger = await db().user.create({ data: { email: `obcy.${tag()}@example.pl` } });
    expect((await download(customerFile)).status).toBe(404);
    expect((await download(customerFile, { cookie: await sessionCookieOf(stranger.id) })).status).toBe(404);
    expect((await download(randomUUID(), { cookie: agent.cookie })).status).toBe(404);
  });
});
