import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-export-'));

const { db } = await import('@/server/db/client');
const { createDatabaseSession } = await import('@/server/auth/session');
const { exportOwnData, exportPersonData } = await import('@/server/privacy/access');
const { zipToBuffer } = await import('@/server/privacy/export');
const { queueDataExport, processDataExports, openDataExport, expireDataExports } = await import('@/server/privacy/export-jobs');
const { GET: downloadOwn } = await import('@/app/api/rodo/moje-dane/route');
const { GET: downloadPerson } = await import('@/app/api/agent/rodo/osoby/[id]/eksport/route');
const { PNG, company, person, ticketWithEverything } = await import('./privacy-fixtures');

/** The ZIP's entries: name → bytes. */
async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const entries = new Map<string, Buffer>();
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

async function exported(result: { ok: boolean; value?: { stream: NodeJS.ReadableStream } }) {
  if (!result.ok || !result.value) throw new Error('export refused');
  const entries = await unzip(await zipToBuffer(result.value.stream));
  return { entries, data: JSON.parse(entries.get('dane.json')!.toString('utf8')) as Record<string, unknown> };
}

describe('right of access (art. 15)', () => {
  it("gives a customer their own tickets' public thread and files, never a colleague's tickets, notes or address", async () => {
    const agent = await person('Olek Agent', { role: 'AGENT' });
    const shop = await company('Kwiaciarnia Bez');
    const anna = await person('Anna Nowak', { companyId: shop.id, isCompanyAdmin: true });
    const piotr = await person('Piotr Zieliński', { companyId: shop.id });
    const annaTicket = await ticketWithEverything(anna, agent, { companyId: shop.id });
    const piotrTicket = await ticketWithEverything(piotr, agent, { companyId: shop.id });
    await createDatabaseSession(anna.id);

    const { entries, data } = await exported(await exportOwnData(anna.principal));
    const text = entries.get('dane.json')!.toString('utf8');
    expect(data.profil).toMatchObject({ email: anna.email, imieINazwisko: 'Anna Nowak', firma: { nazwa: 'Kwiaciarnia Bez' } });
    expect((data.zgloszenia as { numer: string }[]).map((t) => t.numer)).toEqual([`VCH-${annaTicket.number}`]);
    expect(text).not.toContain(`VCH-${piotrTicket.number}`);
    expect(text).not.toContain(piotr.email);
    expect(text).not.toContain('Notatka: sprawdzić konfigurację kasy.');
    expect(text).toContain('"gwiazdki": 4');
    expect((data.historiaLogowan as unknown[]).length).toBe(1);
    expect((data.emaileDoMnie as { temat: string }[]).length).toBeGreaterThan(0);
    // Her screenshot, not the agent's file on the internal note.
    const files = [...entries.keys()].filter((name) => name.startsWith('zalaczniki/'));
    expect(files).toHaveLength(1);
    expect(entries.get(files[0]!)).toEqual(Buffer.from(PNG));
    expect(await db().privacyAuditEntry.count({ where: { action: 'export.downloaded', subjectId: anna.id, actorId: anna.id } })).toBe(1);

    // The admin's export of the same person has everything: the note and its file, the activity log, the raw e-mail.
    const admin = await person('Ada Admin', { role: 'ADMIN' });
    const full = await exported(await exportPersonData(admin.principal, anna.id, 'access_request', 'RODO/7'));
    expect(full.entries.get('dane.json')!.toString('utf8')).toContain('Notatka: sprawdzić konfigurację kasy.');
    expect([...full.entries.keys()].filter((name) => name.startsWith('zalaczniki/'))).toHaveLength(2);
    expect([...full.entries.keys()].filter((name) => name.startsWith('eml/'))).toHaveLength(1);
    expect(await exportPersonData(admin.principal, anna.id, 'because', null)).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(await exportPersonData(piotr.principal, anna.id, 'access_request', null)).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('decides whose data by the session alone: the download takes no id, the admin route 404s for customers and guests', async () => {
    const agent = await person('Olek Agent', { role: 'AGENT' });
    const anna = await person('Anna Nowak');
    const ewa = await person('Ewa Kowalska');
    await ticketWithEverything(ewa, agent);
    const cookie = await createDatabaseSession(anna.id);
    const headers = { cookie: `${cookie.name}=${cookie.value}` };

    // A guessed id in the query changes nothing: still Anna's own (empty) export.
    const own = await downloadOwn(new NextRequest(`http://localhost:3000/api/rodo/moje-dane?userId=${ewa.id}`, { headers }));
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/zip');
    const ownEntries = await unzip(Buffer.from(await own.arrayBuffer()));
    const ownText = ownEntries.get('dane.json')!.toString('utf8');
    expect(ownText).toContain(anna.email);
    expect(ownText).not.toContain(ewa.email);

    const asCustomer = await downloadPerson(
      new NextRequest(`http://localhost:3000/api/agent/rodo/osoby/${ewa.id}/eksport?cel=access_request`, { headers }),
      {
        params: Promise.resolve({ id: ewa.id }),
      },
    );
    expect(asCustomer.status).toBe(404);
    const asGuest = await downloadOwn(new NextRequest('http://localhost:3000/api/rodo/moje-dane'));
    expect(asGuest.status).toBe(303);
    expect(asGuest.headers.get('location')).toContain('/pomoc/logowanie');
  });

  it('builds a large export in the worker, mails a link that only its recipient can open, and deletes it on expiry', async () => {
    const agent = await person('Olek Agent', { role: 'AGENT' });
    const anna = await person('Anna Nowak');
    const ewa = await person('Ewa Kowalska');
    await ticketWithEverything(anna, agent);
    const queued = await queueDataExport(anna.principal, { scope: 'self' });
    if (!queued.ok) throw new Error('not queued');
    expect(await queueDataExport(anna.principal, { scope: 'self' })).toEqual({ ok: false, error: { kind: 'already_queued' } });
    expect(await queueDataExport(anna.principal, { scope: 'admin', subjectId: ewa.id, purpose: 'access_request', caseRef: null })).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });

    const now = new Date();
    expect(await processDataExports(now)).toBe(1);
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { toEmail: anna.email, template: 'privacy.export_ready' } });
    const link = new URL(/https?:\/\/\S+\/api\/rodo\/eksport\/\S+/.exec(mail.text)![0]);
    const token = link.searchParams.get('t');

    expect(await openDataExport(ewa.principal, queued.value.id, token, now)).toEqual({ ok: false, error: { kind: 'not_found' } });
    expect(await openDataExport(anna.principal, queued.value.id, 'guessed', now)).toEqual({ ok: false, error: { kind: 'not_found' } });
    const opened = await openDataExport(anna.principal, queued.value.id, token, now);
    if (!opened.ok) throw new Error('not opened');
    const entries = await unzip(await zipToBuffer(opened.value.stream));
    expect(entries.get('dane.json')!.toString('utf8')).toContain(anna.email);

    const later = new Date(now.getTime() + 8 * 86_400_000);
    expect(await openDataExport(anna.principal, queued.value.id, token, later)).toEqual({ ok: false, error: { kind: 'expired' } });
    expect(await expireDataExports(later)).toBe(1);
    expect(await db().dataExport.findUniqueOrThrow({ where: { id: queued.value.id } })).toMatchObject({
      status: 'EXPIRED',
      tokenHash: null,
    });
  });
});
