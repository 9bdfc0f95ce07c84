import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Uploaded bytes go to a throw-away folder; env() is read lazily, so this must precede the first call.
const storageDir = mkdtempSync(path.join(tmpdir(), 'vouchie-erasure-'));
process.env.STORAGE_DIR = storageDir;

const { db } = await import('@/server/db/client');
const { createDatabaseSession } = await import('@/server/auth/session');
const { dashboardFor } = await import('@/server/agent/dashboard');
const { enqueueEmail } = await import('@/server/mail/outbound/outbox');
const { planErasure, requestErasure, runErasure, tombstoneEmail, tombstoneName, ERASED_TEXT, ERASED_VALUE } =
  await import('@/server/privacy/erasure');
const { placeLegalHold, releaseLegalHold } = await import('@/server/privacy/holds');
const { company, person, ticketWithEverything } = await import('./privacy-fixtures');

const exists = (key: string) =>
  access(path.join(storageDir, key)).then(
    () => true,
    () => false,
  );

async function snapshot(ticketId: string) {
  return db().ticket.findUniqueOrThrow({
    where: { id: ticketId },
    select: { number: true, status: true, priority: true, category: true, createdAt: true, rating: true, assigneeId: true, channel: true },
  });
}

describe('erasing a reporter (art. 17)', () => {
  it('tombstones the person, blanks what they wrote, deletes their files and raw e-mails, and keeps the ticket, notes and dashboard', async () => {
    const admin = await person('Ada Admin', { role: 'ADMIN' });
    const agent = await person('Olek Agent', { role: 'AGENT' });
    const reporter = await person('Anna Nowak');
    const ticket = await ticketWithEverything(reporter, agent);
    await createDatabaseSession(reporter.id);
    const reporterFiles = await db().attachment.findMany({ where: { uploaderId: reporter.id }, select: { storageKey: true } });
    const agentFiles = await db().attachment.findMany({ where: { uploaderId: agent.id }, select: { storageKey: true } });
    expect(reporterFiles).toHaveLength(1);
    expect(await exists(reporterFiles[0]!.storageKey)).toBe(true);
    const now = new Date();
    const dashboardBefore = await dashboardFor(admin.principal, { now });
    const before = await snapshot(ticket.id);

    const plan = await planErasure(admin.principal, reporter.id);
    expect(plan).toMatchObject({
      ok: true,
      value: { blockers: [], counts: { tickets: 1, attachments: 1, rawEmails: 1, sessions: 1, identifiers: 1 } },
    });
    // The dry run changed nothing.
    expect(await db().user.findUniqueOrThrow({ where: { id: reporter.id }, select: { email: true } })).toEqual({ email: reporter.email });

    expect(await requestErasure(admin.principal, { subjectId: reporter.id, confirmation: 'nie' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { confirmation: ['rodo.errors.confirmationMismatch'] } },
    });
    const erased = await requestErasure(admin.principal, { subjectId: reporter.id, confirmation: 'usuń', caseRef: 'RODO/2026/1' });
    if (!erased.ok) throw new Error(JSON.stringify(erased.error));
    const { number } = erased.value;
    expect(erased.value.tombstone).toBe(tombstoneName(number));

    const user = await db().user.findUniqueOrThrow({ where: { id: reporter.id } });
    expect(user).toMatchObject({ name: `Usunięty użytkownik #${number}`, email: tombstoneEmail(number), externalId: null, active: false });
    expect(user.emailBouncedAt).not.toBeNull();
    expect(await db().session.count({ where: { userId: reporter.id } })).toBe(0);
    expect(await db().signInEvent.count({ where: { userId: reporter.id } })).toBe(0);

    const after = await db().ticket.findUniqueOrThrow({
      where: { id: ticket.id },
      include: { messages: true, identifiers: true, events: true },
    });
    expect(await snapshot(ticket.id)).toEqual(before);
    expect(after.subject).toBe(`Zgłoszenie usuniętego użytkownika #${number}`);
    expect(after).toMatchObject({ actual: null, ratingComment: null, environment: null, reproSteps: [] });
    const customerMessage = after.messages.find((m) => m.type === 'CUSTOMER')!;
    expect(customerMessage.body).toBe(ERASED_TEXT);
    expect(after.messages.find((m) => m.type === 'NOTE')!.body).toBe('Notatka: sprawdzić konfigurację kasy.');
    expect(after.identifiers.find((i) => i.kind === 'CUSTOMER_EMAIL')!.value).toBe(ERASED_VALUE);
    expect(after.identifiers.find((i) => i.kind === 'VOUCHER_CODE')!.value).toBe('GIFT-7Q2K-9M4P');
    expect(JSON.stringify(after.events)).not.toContain('Anna Nowak');

    expect(await db().attachment.count({ where: { uploaderId: reporter.id } })).toBe(0);
    expect(await exists(reporterFiles[0]!.storageKey)).toBe(false);
    // The agent's file on the internal note stays.
    expect(await exists(agentFiles[0]!.storageKey)).toBe(true);
    expect(await db().inboundEmail.count({ where: { ticketId: ticket.id } })).toBe(0);

    const mails = await db().outboundEmail.findMany({ where: { ticketId: ticket.id, template: 'ticket.received' } });
    expect(mails.every((m) => m.toEmail === tombstoneEmail(number) && m.text === '' && m.html === '')).toBe(true);
    expect(await db().outboundEmail.count({ where: { toEmail: reporter.email } })).toBe(0);
    // Anything written to the tombstone address later is held back.
    const later = await db().$transaction((tx) =>
      enqueueEmail(tx, { template: 'agent.reply', ticketId: ticket.id, to: { email: user.email }, subject: 's', text: 't', html: 'h' }),
    );
    expect(later.suppressed).toBe(true);

    expect(await dashboardFor(admin.principal, { now })).toEqual(dashboardBefore);

    // Idempotent: a second request reports the same erasure and changes nothing.
    const again = await requestErasure(admin.principal, { subjectId: reporter.id, confirmation: 'USUŃ' });
    expect(again).toMatchObject({ ok: true, value: { number } });
    const audit = await db().privacyAuditEntry.findMany({ where: { subjectId: reporter.id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['erasure.dry_run', 'erasure.started', 'erasure.completed']);
    expect(audit.find((a) => a.action === 'erasure.started')).toMatchObject({
      actorId: admin.id,
      caseRef: 'RODO/2026/1',
      purpose: 'erasure_request',
    });
    expect(JSON.stringify(audit)).not.toContain(reporter.email);
  });

  it('is refused with the reason while a legal hold covers one of their tickets or their company', async () => {
    const admin = await person('Ada Admin', { role: 'ADMIN' });
    const agent = await person('Olek Agent', { role: 'AGENT' });
    const shop = await company('Kwiaciarnia Róża');
    const reporter = await person('Jan Kowalski', { companyId: shop.id });
    const ticket = await ticketWithEverything(reporter, agent, { companyId: shop.id });
    const hold = await placeLegalHold(admin.principal, { ticket: `VCH-${ticket.number}`, reason: 'Spór o zwrot płatności' });
    if (!hold.ok) throw new Error('hold not placed');

    const refused = await requestErasure(admin.principal, { subjectId: reporter.id, confirmation: 'USUŃ' });
    expect(refused).toEqual({
      ok: false,
      error: {
        kind: 'blocked',
        blockers: [{ kind: 'legal_hold', scope: 'ticket', ticketNumber: `VCH-${ticket.number}`, reason: 'Spór o zwrot płatności' }],
      },
    });
    expect(await db().erasure.count({ where: { subjectId: reporter.id } })).toBe(0);
    expect(await db().user.findUniqueOrThrow({ where: { id: reporter.id }, select: { name: true } })).toEqual({ name: 'Jan Kowalski' });

    await releaseLegalHold(admin.principal, hold.value.id);
    await placeLegalHold(admin.principal, { companyId: shop.id, reason: 'Kontrola skarbowa 2026' });
    const plan = await planErasure(admin.principal, reporter.id);
    expect(plan).toMatchObject({
      ok: true,
      value: { blockers: [{ kind: 'legal_hold', scope: 'company', companyName: 'Kwiaciarnia Róża', reason: 'Kontrola skarbowa 2026' }] },
    });
  });

  it('refuses to erase an agent who still has assigned tickets, listing them, and never the admin themselves', async () => {
    const admin = await person('Ada Admin', { role: 'ADMIN' });
    const agent = await person('Olek Agent', { role: 'AGENT' });
    const reporter = await person('Ewa Klientka');
    const ticket = await ticketWithEverything(reporter, agent);
    await db().ticket.update({ where: { id: ticket.id }, data: { assigneeId: agent.id, status: 'OPEN' } });

    const refused = await requestErasure(admin.principal, { subjectId: agent.id, confirmation: 'USUŃ' });
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'blocked', blockers: [{ kind: 'assigned_tickets', tickets: [{ number: `VCH-${ticket.number}`, status: 'OPEN' }] }] },
    });
    expect(await requestErasure(admin.principal, { subjectId: admin.id, confirmation: 'USUŃ' })).toMatchObject({
      ok: false,
      error: { kind: 'blocked', blockers: [{ kind: 'self' }] },
    });
    expect(await requestErasure(agent.principal, { subjectId: reporter.id, confirmation: 'USUŃ' })).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });

    // Reassigned: the agent goes; their note stays, signed by the tombstone.
    await db().ticket.update({ where: { id: ticket.id }, data: { assigneeId: admin.id } });
    const erased = await requestErasure(admin.principal, { subjectId: agent.id, confirmation: 'USUŃ' });
    expect(erased.ok).toBe(true);
    const note = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id, type: 'NOTE' }, include: { author: true } });
    expect(note.body).toBe('Notatka: sprawdzić konfigurację kasy.');
    expect(note.author?.name).toMatch(/^Usunięty użytkownik #\d+$/);
  });
});

describe('an erasure killed half-way', () => {
  it('leaves a resumable row; running it again finishes the job with nothing deleted twice or left behind', async () => {
    const admin = await person('Ada Admin', { role: 'ADMIN' });
    const agent = await person('Olek Agent', { role: 'AGENT' });
    const reporter = await person('Zofia Wiśniewska');
    for (let i = 0; i < 3; i++) await ticketWithEverything(reporter, agent);
    const files = await db().attachment.findMany({ where: { uploaderId: reporter.id }, select: { storageKey: true } });
    expect(files).toHaveLength(3);

    const erasure = await db().erasure.create({ data: { subjectId: reporter.id, requestedById: admin.id } });
    // Node itself runs the script (tsx only as a loader), so the kill hits the process doing the work.
    const child = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.resolve('tests/integration/privacy-erasure-child.ts'), erasure.id, 'files', '2'],
      { env: { ...process.env }, cwd: process.cwd() },
    ).then(
      () => ({ killed: false, stdout: '' }),
      (error: { signal?: string; stdout?: string }) => ({ killed: error.signal === 'SIGKILL', stdout: error.stdout ?? '' }),
    );
    expect(child).toEqual({ killed: true, stdout: 'killed after files #2\n' });

    // Half-way: sessions ended and two files gone, the rest (and the profile) not yet.
    const halfway = await db().erasure.findUniqueOrThrow({ where: { id: erasure.id } });
    expect(halfway).toMatchObject({ step: 'files', completedAt: null, counts: { attachments: 1 } });
    const remaining = await Promise.all(files.map((f) => exists(f.storageKey)));
    expect(remaining.filter(Boolean)).toHaveLength(2);
    expect(await db().user.findUniqueOrThrow({ where: { id: reporter.id }, select: { email: true, active: true } })).toEqual({
      email: reporter.email,
      active: false,
    });

    const finished = await runErasure(erasure.id);
    expect(finished.counts).toMatchObject({ attachments: 3, rawEmails: 3, tickets: 3 });
    expect((await Promise.all(files.map((f) => exists(f.storageKey)))).some(Boolean)).toBe(false);
    expect(await db().attachment.count({ where: { uploaderId: reporter.id } })).toBe(0);
    const user = await db().user.findUniqueOrThrow({ where: { id: reporter.id } });
    expect(user.name).toBe(tombstoneName(finished.number));
    expect(await db().ticket.count({ where: { reporterId: reporter.id, subject: { startsWith: 'Kasa' } } })).toBe(0);
    // And once more: a finished erasure is a no-op.
    expect(await runErasure(erasure.id)).toEqual(finished);
  });
});
