import { mkdtempSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const storageDir = mkdtempSync(path.join(tmpdir(), 'vouchie-retention-'));
process.env.STORAGE_DIR = storageDir;

const { db } = await import('@/server/db/client');
const { saveRetentionPolicy, previewRetention, runRetention } = await import('@/server/privacy/retention');
const { placeLegalHold } = await import('@/server/privacy/holds');
const { company, person, ticketWithEverything } = await import('./privacy-fixtures');

const DAY = 86_400_000;
const exists = (key: string) =>
  access(path.join(storageDir, key)).then(
    () => true,
    () => false,
  );

/** A ticket closed `daysAgo` days ago, last active then too. */
async function closedTicket(
  reporter: Awaited<ReturnType<typeof person>>,
  agent: Awaited<ReturnType<typeof person>>,
  daysAgo: number,
  companyId?: string,
) {
  const ticket = await ticketWithEverything(reporter, agent, { companyId });
  const at = new Date(Date.now() - daysAgo * DAY);
  await db().ticket.update({ where: { id: ticket.id }, data: { status: 'CLOSED', closedAt: at, lastActivityAt: at } });
  return ticket;
}

// One file: the rules are one row and a run touches the whole database, so the cases run in order on data made here.
describe('retention rules', () => {
  it('preview counts exactly what the run then deletes, anonymises and purges; held tickets and recent data are left alone; the run is logged', async () => {
    const admin = await person('Ada Admin', { role: 'ADMIN' });
    const agent = await person('Olek Agent', { role: 'AGENT' });
    const recent = await person('Nowa Klientka');
    const old = await person('Dawna Klientka');
    const held = await person('Klient Sporny');
    const disputed = await company('Sklep w sporze');

    const oldTicket = await closedTicket(old, agent, 400);
    const recentTicket = await closedTicket(recent, agent, 5);
    const heldTicket = await closedTicket(held, agent, 400, disputed.id);
    await placeLegalHold(admin.principal, { companyId: disputed.id, reason: 'Postępowanie sądowe' });
    // Nobody signed in or changed anything for a long time: the inactive-reporter rule applies to `old` and `held`.
    const longAgo = new Date(Date.now() - 500 * DAY);
    await db().user.updateMany({ where: { id: { in: [old.id, held.id, recent.id] } }, data: { createdAt: longAgo } });
    await db().outboundEmail.updateMany({
      where: { ticketId: { in: [oldTicket.id, heldTicket.id] } },
      data: { createdAt: new Date(Date.now() - 100 * DAY), status: 'SENT' },
    });

    const oldFiles = await db().attachment.findMany({ where: { ticketId: oldTicket.id }, select: { storageKey: true } });
    const keptFiles = await db().attachment.findMany({
      where: { ticketId: { in: [recentTicket.id, heldTicket.id] } },
      select: { storageKey: true },
    });
    expect(oldFiles).toHaveLength(2);

    // Off by default: nothing is due.
    expect(await previewRetention()).toEqual({ attachments: 0, attachmentBytes: 0, rawEmails: 0, reporters: 0, outboxBodies: 0 });

    expect(await saveRetentionPolicy(agent.principal, { closedTicketFilesDays: 1, inactiveReporterMonths: 1, outboxBodyDays: 1 })).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(
      await saveRetentionPolicy(admin.principal, { closedTicketFilesDays: 0, inactiveReporterMonths: null, outboxBodyDays: null }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { closedTicketFilesDays: ['rodo.errors.days'] } },
    });
    const saved = await saveRetentionPolicy(admin.principal, {
      closedTicketFilesDays: 365,
      inactiveReporterMonths: 12,
      outboxBodyDays: 90,
    });
    expect(saved.ok).toBe(true);

    const preview = await previewRetention();
    expect(preview).toMatchObject({ attachments: 2, rawEmails: 1, reporters: 1 });
    // The 100-day-old mail of both old tickets (sent, not pending); this week's mail is not due.
    expect(preview.outboxBodies).toBe(await db().outboundEmail.count({ where: { ticketId: { in: [oldTicket.id, heldTicket.id] } } }));

    const counts = await runRetention();
    expect(counts).toEqual(preview);

    expect(await db().attachment.count({ where: { ticketId: oldTicket.id } })).toBe(0);
    expect((await Promise.all(oldFiles.map((f) => exists(f.storageKey)))).some(Boolean)).toBe(false);
    expect((await Promise.all(keptFiles.map((f) => exists(f.storageKey)))).every(Boolean)).toBe(true);
    expect(await db().inboundEmail.count({ where: { ticketId: oldTicket.id } })).toBe(0);
    expect(await db().inboundEmail.count({ where: { ticketId: heldTicket.id } })).toBe(1);
    // The ticket itself stays, its reporter anonymised; the held company's reporter and the recent one are untouched.
    expect(await db().ticket.findUniqueOrThrow({ where: { id: oldTicket.id }, select: { number: true, status: true } })).toEqual({
      number: oldTicket.number,
      status: 'CLOSED',
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: old.id } })).name).toMatch(/^Usunięty użytkownik #\d+$/);
    expect((await db().user.findUniqueOrThrow({ where: { id: held.id } })).name).toBe('Klient Sporny');
    expect((await db().user.findUniqueOrThrow({ where: { id: recent.id } })).name).toBe('Nowa Klientka');
    // Mail bodies are purged by age alone; the delivery record (who, when, status) stays.
    // (The reporter's mail: staff notifications about the same ticket are other rows.)
    const heldMail = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: heldTicket.id, toEmail: held.email } });
    expect(heldMail).toMatchObject({ text: '', html: '' });
    expect(heldMail.toEmail).toBe(held.email);

    const logged = await db().privacyAuditEntry.findFirstOrThrow({ where: { action: 'retention.run' }, orderBy: { at: 'desc' } });
    expect(logged).toMatchObject({ actorId: null, purpose: 'retention', details: { ...counts } });

    // Nothing left: the next preview is empty and a second run changes nothing.
    expect(await previewRetention()).toEqual({ attachments: 0, attachmentBytes: 0, rawEmails: 0, reporters: 0, outboxBodies: 0 });
    expect(await runRetention()).toEqual({ attachments: 0, attachmentBytes: 0, rawEmails: 0, reporters: 0, outboxBodies: 0 });
  });
});
