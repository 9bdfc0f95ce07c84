import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdLock, race } from './race';

const { db } = await import('@/server/db/client');
const {
  bookCallback,
  bookedCallbackForTicket,
  callbackBookingOptions,
  cancelCallback,
  moveCallback,
  managedCallback,
  sendCallbackReminders,
} = await import('@/server/phone/booking');
const { SLOT_MS } = await import('@/server/phone/slots');
const { capturedEmailPath, createTransport, deliver } = await import('@/server/mail/outbound/sender');

const tag = () => randomUUID().slice(0, 8);
/** Monday 2026-12-14, 09:00 in Warsaw: PREMIUM's phone line (Mon–Sat 8–20 by default) is open. */
const NOW = new Date('2026-12-14T08:00:00Z');
/** A slot on Tuesday 15 December at `hh:mm` Warsaw time (UTC+1). */
const tuesday = (hh: number, mm = 0) => new Date(Date.UTC(2026, 11, 15, hh - 1, mm));

async function merchant(plan: 'PREMIUM' | 'START' = 'PREMIUM') {
  const company = await db().company.create({ data: { name: `Sklep ${tag()}`, plan } });
  return db().user.create({ data: { email: `ola.${tag()}@sklep.test`, name: 'Ola Nowak', companyId: company.id } });
}

const input = (slot: Date, extra: Record<string, unknown> = {}) => ({
  slot: slot.toISOString(),
  topic: 'Zwrot za voucher',
  phone: '601 234 567',
  ...extra,
});

function tokenFrom(text: string): string {
  const match = /rozmowa-zwrotna\?t=([^\s"&]+)/.exec(text);
  if (!match?.[1]) throw new Error('no manage link in the e-mail');
  return decodeURIComponent(match[1]);
}

async function mailsTo(email: string, template?: string) {
  return db().outboundEmail.findMany({ where: { toEmail: email, ...(template ? { template } : {}) }, orderBy: { createdAt: 'asc' } });
}

describe('callback booking', () => {
  it('files a PHONE ticket and a booked callback at once, remembers the number and mails an .ics invitation', async () => {
    const user = await merchant();
    const slot = tuesday(10);
    const options = await callbackBookingOptions({ userId: user.id }, NOW);
    if (!options.ok) throw new Error('no options');
    expect(options.value.phone).toBeNull();
    expect(options.value.slots.find((s) => s.start === slot.toISOString())).toMatchObject({ full: false });

    const booked = await bookCallback({ userId: user.id }, input(slot), NOW);
    if (!booked.ok) throw new Error(JSON.stringify(booked.error));
    expect(booked.value.ticketNumber).toMatch(/^VCH-\d+$/);
    const callback = await db().callback.findUniqueOrThrow({ where: { id: booked.value.callbackId }, include: { ticket: true } });
    expect(callback).toMatchObject({
      source: 'booked',
      status: 'OPEN',
      phone: '+48601234567',
      topic: 'Zwrot za voucher',
      dueAt: slot,
      slotStart: slot,
    });
    expect(callback.ticket).toMatchObject({ channel: 'PHONE', reporterId: user.id });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).phone).toBe('+48601234567');
    const again = await callbackBookingOptions({ userId: user.id }, NOW);
    expect(again.ok && again.value.phone).toBe('+48 601 234 567');

    const mails = await mailsTo(user.email);
    expect(mails.map((m) => m.template)).toEqual(['phone.callbackBooked']);
    const captureDir = mkdtempSync(path.join(tmpdir(), 'vouchie-callback-mail-'));
    await deliver(mails[0]!, createTransport({ captureDir }));
    const raw = await readFile(capturedEmailPath(mails[0]!.id, captureDir), 'utf8');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(raw).toMatch(/filename=rozmowa-zwrotna\.ics/);
    expect(mails[0]!.text).toContain(booked.value.ticketNumber);
    expect(mails[0]!.text).toContain('rozmowa-zwrotna?t=');
  });

  it('shows the ticket’s booked callback on its page; only the person who booked it gets the move-or-cancel link', async () => {
    const user = await merchant();
    const booked = await bookCallback({ userId: user.id }, input(tuesday(17)), NOW);
    if (!booked.ok) throw new Error(JSON.stringify(booked.error));
    const { ticketId } = await db().callback.findUniqueOrThrow({ where: { id: booked.value.callbackId } });

    const own = await bookedCallbackForTicket(ticketId!, user.email.toUpperCase(), NOW);
    expect(own).toMatchObject({
      status: 'OPEN',
      slotStart: tuesday(17),
      slotEnd: new Date(tuesday(17).getTime() + SLOT_MS),
      phone: '+48 601 234 567',
    });
    // The link is the e-mail's: it opens the same callback on the move-or-cancel page.
    const token = decodeURIComponent(own!.manageHref!.split('?t=')[1]!);
    expect((await managedCallback(token, NOW))?.id).toBe(booked.value.callbackId);

    // A colleague who may read the ticket (their company's admin) sees the slot, not the link.
    expect((await bookedCallbackForTicket(ticketId!, 'szef@sklep.test', NOW))?.manageHref).toBeNull();
    // Past its slot it can no longer change: no link for anyone.
    expect((await bookedCallbackForTicket(ticketId!, user.email, tuesday(18)))?.manageHref).toBeNull();
    // A ticket without a booked callback shows none (here: one whose callback was detached from it).
    const other = await bookCallback({ userId: (await merchant()).id }, input(tuesday(17, 30)), NOW);
    if (!other.ok) throw new Error('not booked');
    const detached = await db().callback.findUniqueOrThrow({ where: { id: other.value.callbackId } });
    await db().callback.update({ where: { id: detached.id }, data: { ticketId: null } });
    expect(await bookedCallbackForTicket(detached.ticketId!, user.email, NOW)).toBeNull();
  });

  it('refuses bad phone numbers, slots outside the hours, a plan without phone and someone else’s ticket', async () => {
    const user = await merchant();
    const refusedPhone = await bookCallback({ userId: user.id }, input(tuesday(11), { phone: '+44 7911 123456' }), NOW);
    expect(refusedPhone).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { phone: ['callbackBooking.errors.phone_notPolish'] } },
    });
    const garbage = await bookCallback({ userId: user.id }, input(tuesday(11), { phone: '12' }), NOW);
    expect(garbage).toMatchObject({ ok: false, error: { fieldErrors: { phone: ['callbackBooking.errors.phone_invalid'] } } });

    const night = await bookCallback({ userId: user.id }, input(tuesday(21)), NOW);
    expect(night).toMatchObject({ ok: false, error: { kind: 'slot_full' } });
    if (!night.ok && night.error.kind === 'slot_full') expect(night.error.alternatives.length).toBeGreaterThan(0);

    const start = await merchant('START');
    expect(await bookCallback({ userId: start.id }, input(tuesday(11)), NOW)).toEqual({ ok: false, error: { kind: 'no_phone' } });

    const other = await merchant();
    const theirs = await db().ticket.create({
      data: { subject: 'Cudze zgłoszenie', reporterId: other.id, companyId: other.companyId, category: 'OTHER', channel: 'WEB' },
    });
    const foreign = await bookCallback({ userId: user.id }, input(tuesday(11), { ticketNumber: `VCH-${theirs.number}` }), NOW);
    expect(foreign).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { ticketNumber: ['callbackBooking.errors.ticket'] } },
    });
    expect(await db().callback.count({ where: { contactId: user.id } })).toBe(0);

    const mine = await db().ticket.create({
      data: { subject: 'Moje zgłoszenie', reporterId: user.id, companyId: user.companyId, category: 'OTHER', channel: 'WEB' },
    });
    const related = await bookCallback({ userId: user.id }, input(tuesday(11), { ticketNumber: `VCH-${mine.number}` }), NOW);
    expect(related.ok).toBe(true);
  });

  it('a full slot is shown as full and refused with the next free slots', async () => {
    const slot = tuesday(12);
    for (let i = 0; i < 2; i++) expect((await bookCallback({ userId: (await merchant()).id }, input(slot), NOW)).ok).toBe(true);
    const late = await merchant();
    const options = await callbackBookingOptions({ userId: late.id }, NOW);
    expect(options.ok && options.value.slots.find((s) => s.start === slot.toISOString())?.full).toBe(true);
    const refused = await bookCallback({ userId: late.id }, input(slot), NOW);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'slot_full' } });
    if (refused.ok || refused.error.kind !== 'slot_full') throw new Error('not refused');
    expect(refused.error.alternatives[0]).toBe(new Date(slot.getTime() + SLOT_MS).toISOString());
    expect(await db().ticket.count({ where: { reporterId: late.id } })).toBe(0);
  });

  it('two customers racing for the last place in a slot: exactly one gets it', async () => {
    const slot = tuesday(13);
    expect((await bookCallback({ userId: (await merchant()).id }, input(slot), NOW)).ok).toBe(true);
    const [a, b] = [await merchant(), await merchant()];
    // Both contenders queue on the slot's advisory lock, after each has filed its ticket in its own transaction.
    const lock = await holdLock([{ sql: 'SELECT pg_advisory_xact_lock(110301, $1::int)', params: [Math.floor(slot.getTime() / SLOT_MS)] }]);
    const results = await race(lock, [
      () => bookCallback({ userId: a.id }, input(slot), NOW),
      () => bookCallback({ userId: b.id }, input(slot), NOW),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.kind === 'slot_full')).toHaveLength(1);
    expect(await db().callback.count({ where: { slotStart: slot, status: 'OPEN' } })).toBe(2);
    // The loser's ticket rolled back with its callback.
    expect(await db().ticket.count({ where: { reporterId: { in: [a.id, b.id] } } })).toBe(1);
  });

  it('moves (same UID, SEQUENCE+1, capacity re-checked) and cancels through the signed link', async () => {
    const user = await merchant();
    const booked = await bookCallback({ userId: user.id }, input(tuesday(14)), NOW);
    if (!booked.ok) throw new Error('not booked');
    const [confirmation] = await mailsTo(user.email, 'phone.callbackBooked');
    const token = tokenFrom(confirmation!.text);
    expect(await managedCallback('nonsense', NOW)).toBeNull();
    expect(await managedCallback(token, NOW)).toMatchObject({ status: 'OPEN', changeable: true, ticketNumber: booked.value.ticketNumber });

    // Fill 15:00, then try to move there.
    const full = tuesday(15);
    for (let i = 0; i < 2; i++) await bookCallback({ userId: (await merchant()).id }, input(full), NOW);
    expect(await moveCallback(token, { slot: full.toISOString() }, NOW)).toMatchObject({ ok: false, error: { kind: 'slot_full' } });

    const target = tuesday(16, 30);
    expect(await moveCallback(token, { slot: target.toISOString() }, NOW)).toMatchObject({ ok: true });
    expect(await db().callback.findUniqueOrThrow({ where: { id: booked.value.callbackId } })).toMatchObject({
      slotStart: target,
      dueAt: target,
      icsSequence: 1,
    });
    const [moved] = await mailsTo(user.email, 'phone.callbackMoved');
    const movedIcs = JSON.stringify(moved!.attachments);
    expect(movedIcs).toContain('SEQUENCE:1');
    expect(movedIcs).toContain(`callback-${booked.value.callbackId}@`);

    expect(await cancelCallback(token, NOW)).toEqual({ ok: true, value: { cancelled: true } });
    expect(await db().callback.findUniqueOrThrow({ where: { id: booked.value.callbackId } })).toMatchObject({
      status: 'CANCELLED',
      icsSequence: 2,
    });
    const [cancelled] = await mailsTo(user.email, 'phone.callbackCancelled');
    expect(JSON.stringify(cancelled!.attachments)).toContain('METHOD:CANCEL');
    const events = await db().ticketEvent.findMany({ where: { ticket: { number: Number(booked.value.ticketNumber.slice(4)) } } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['callback.booked', 'callback.moved', 'callback.cancelled']));
    expect(await cancelCallback(token, NOW)).toEqual({ ok: false, error: { kind: 'not_changeable' } });
  });

  it('sends one reminder an hour before the call, none for cancelled callbacks', async () => {
    const user = await merchant();
    const other = await merchant();
    const slot = tuesday(9);
    const kept = await bookCallback({ userId: user.id }, input(slot), NOW);
    const dropped = await bookCallback({ userId: other.id }, input(slot), NOW);
    if (!kept.ok || !dropped.ok) throw new Error('not booked');
    const [mail] = await mailsTo(other.email, 'phone.callbackBooked');
    await cancelCallback(tokenFrom(mail!.text), NOW);

    const early = new Date(slot.getTime() - 2 * 60 * 60_000);
    await sendCallbackReminders(early);
    expect(await mailsTo(user.email, 'phone.callbackReminder')).toHaveLength(0);
    const inTime = new Date(slot.getTime() - 50 * 60_000);
    await Promise.all([sendCallbackReminders(inTime), sendCallbackReminders(inTime)]);
    await sendCallbackReminders(new Date(slot.getTime() - 10 * 60_000));
    expect(await mailsTo(user.email, 'phone.callbackReminder')).toHaveLength(1);
    expect(await mailsTo(other.email, 'phone.callbackReminder')).toHaveLength(0);
  });
});
