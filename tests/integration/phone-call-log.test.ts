import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const { callLogPreset, logCall, searchCallers } = await import('@/server/phone/call-log');
const { setContactPhone } = await import('@/server/phone/contact-phone');
const { phoneFigures } = await import('@/server/phone/figures');
const { applyCtiEvent, lookupCaller } = await import('@/server/phone/cti');

const tag = () => randomUUID().slice(0, 8);
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

async function agent(): Promise<Principal> {
  const user = await db().user.create({ data: { email: `agent.${tag()}@vouchie.test`, name: 'Kai Agent', role: 'AGENT' } });
  return { kind: 'user', userId: user.id, role: 'AGENT', companyId: null, isCompanyAdmin: false };
}

const customerPrincipal = (userId: string): Principal => ({
  kind: 'user',
  userId,
  role: 'CUSTOMER',
  companyId: null,
  isCompanyAdmin: false,
});

/** A unique Polish mobile number, so tests sharing the database never match each other's callers. */
function uniqueMobile(): string {
  return `+4879${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}

async function merchant(options: { phone?: string | null; company?: string } = {}) {
  const id = tag();
  const company = options.company
    ? await db().company.create({ data: { externalId: `co-${id}`, name: options.company, plan: 'PREMIUM' } })
    : null;
  return db().user.create({
    data: {
      email: `kwiaciarnia.${id}@sklep.test`,
      name: `Ola Kwiatkowska ${id}`,
      phone: options.phone === undefined ? uniqueMobile() : options.phone,
      companyId: company?.id ?? null,
    },
  });
}

describe('Zarejestruj rozmowę: the caller search', () => {
  it('finds a merchant by number in any format, by part of the name, e-mail or company, and only for staff', async () => {
    const phone = uniqueMobile();
    const company = `Kwiaty ${tag()}`;
    const ola = await merchant({ phone, company });
    const principal = await agent();
    const national = phone.slice(3); // 9 digits
    const spaced = `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
    for (const query of [
      spaced,
      `0048${national}`,
      national.slice(2, 8),
      ola.name!.slice(-8),
      ola.email.slice(0, 20),
      company.toLowerCase(),
    ]) {
      const found = await searchCallers(principal, query);
      expect(found.ok && found.value.map((c) => c.id), query).toContain(ola.id);
    }
    const match = await searchCallers(principal, ola.email);
    expect(match.ok && match.value[0]).toMatchObject({
      company: { name: company, plan: 'PREMIUM' },
      phoneDisplay: expect.stringMatching(/^\+48 79/),
    });
    expect(await searchCallers(principal, 'a')).toEqual({ ok: true, value: [] });
    expect(await searchCallers(customerPrincipal(ola.id), ola.email)).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });
});

describe('Zarejestruj rozmowę: logging a call', () => {
  it('an inbound call from a known merchant becomes a PHONE ticket with a manual Call row and an activity event', async () => {
    const ola = await merchant();
    const principal = await agent();
    const logged = await logCall(principal, {
      caller: { kind: 'known', id: ola.id },
      direction: 'INBOUND',
      duration: '4:30',
      outcome: 'answered',
      summary: 'Voucher GIFT-1234 nie przechodzi w kasie\nKlientka próbowała dwa razy.',
      target: 'new',
      idempotencyKey: `log-${tag()}`,
    });
    if (!logged.ok) throw new Error(JSON.stringify(logged.error));
    expect(logged.value).toMatchObject({ createdTicket: true, replayed: false });
    const ticket = await db().ticket.findUniqueOrThrow({
      where: { number: logged.value.ticketNumber },
      include: { messages: true, events: true, calls: true },
    });
    expect(ticket).toMatchObject({ channel: 'PHONE', reporterId: ola.id, subject: 'Voucher GIFT-1234 nie przechodzi w kasie' });
    expect(ticket.messages[0]).toMatchObject({ channel: 'PHONE', body: expect.stringContaining('Klientka próbowała') });
    expect(ticket.calls).toEqual([
      expect.objectContaining({
        id: logged.value.callId,
        source: 'MANUAL',
        direction: 'INBOUND',
        fromNumber: ola.phone,
        contactId: ola.id,
        agentId: principal.kind === 'user' ? principal.userId : '',
        durationSeconds: 270,
        outcome: 'answered',
        state: 'ENDED',
        missed: false,
      }),
    ]);
    expect(ticket.calls[0]!.answeredAt).not.toBeNull();
    expect(ticket.events.find((e) => e.type === 'phone.call_logged')?.data).toMatchObject({
      callId: logged.value.callId,
      direction: 'INBOUND',
      durationSeconds: 270,
      outcome: 'answered',
      target: 'new',
    });
  });

  it('a double submit logs one call and one ticket', async () => {
    const ola = await merchant();
    const principal = await agent();
    const input = {
      caller: { kind: 'known', id: ola.id },
      direction: 'OUTBOUND',
      duration: '2',
      outcome: 'answered',
      summary: 'Oddzwonienie w sprawie faktury.',
      target: 'new',
      topic: 'Faktura za listopad',
      idempotencyKey: `log-${tag()}`,
    };
    const [first, second] = await Promise.all([logCall(principal, input), logCall(principal, input)]);
    if (!first.ok || !second.ok) throw new Error('not logged');
    expect(second.value.ticketNumber).toBe(first.value.ticketNumber);
    expect(await db().call.count({ where: { contactId: ola.id } })).toBe(1);
    expect(await db().ticket.count({ where: { reporterId: ola.id } })).toBe(1);
  });

  it('a new caller gets an account with the number remembered, so the CTI look-up knows them next time', async () => {
    const principal = await agent();
    const email = `nowy.${tag()}@sklep.test`;
    const national = uniqueMobile().slice(3);
    const logged = await logCall(principal, {
      caller: { kind: 'new', name: 'Piotr Nowy', phone: `${national.slice(0, 3)}-${national.slice(3)}`, email: email.toUpperCase() },
      direction: 'INBOUND',
      outcome: 'answered',
      summary: 'Pyta o wdrożenie voucherów w drugim sklepie.',
      target: 'new',
    });
    if (!logged.ok) throw new Error(JSON.stringify(logged.error));
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ name: 'Piotr Nowy', phone: `+48${national}`, role: 'CUSTOMER' });
    expect(await lookupCaller(national)).toMatchObject({ name: 'Piotr Nowy' });
    const call = await db().call.findUniqueOrThrow({ where: { id: logged.value.callId } });
    expect(call).toMatchObject({ durationSeconds: null, fromNumber: `+48${national}` });
  });

  it("a note on the caller's open ticket (internal or public), in one transaction with the Call row", async () => {
    const ola = await merchant();
    const principal = await agent();
    const ticket = await db().ticket.create({
      data: { subject: 'Zwrot vouchera', reporterId: ola.id, status: 'OPEN', category: 'BILLING', channel: 'WEB' },
    });
    const note = await logCall(principal, {
      caller: { kind: 'known', id: ola.id },
      direction: 'OUTBOUND',
      duration: '1,5',
      outcome: 'voicemail',
      summary: 'Nagrana wiadomość z prośbą o kontakt.',
      target: 'existing',
      ticketNumber: ticket.number,
    });
    if (!note.ok) throw new Error(JSON.stringify(note.error));
    expect(note.value).toMatchObject({ createdTicket: false, ticketNumber: ticket.number });
    const noteMessage = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id, type: 'NOTE' } });
    expect(noteMessage.body).toBe('Rozmowa telefoniczna (wychodząca, 1:30): poczta głosowa.\n\nNagrana wiadomość z prośbą o kontakt.');
    expect(noteMessage.channel).toBe('PHONE');

    const since = new Date();
    const reply = await logCall(principal, {
      caller: { kind: 'known', id: ola.id },
      direction: 'INBOUND',
      outcome: 'answered',
      summary: 'Zwrot zlecony, pieniądze wrócą w 3 dni robocze.',
      target: 'existing',
      ticketNumber: ticket.number,
      noteKind: 'public',
    });
    expect(reply.ok).toBe(true);
    expect(await db().message.count({ where: { ticketId: ticket.id, type: 'AGENT' } })).toBe(1);
    const mail = await db().outboundEmail.findFirst({ where: { ticketId: ticket.id, toEmail: ola.email, createdAt: { gte: since } } });
    expect(mail?.text).toContain('Zwrot zlecony');
    expect(await db().call.count({ where: { ticketId: ticket.id, source: 'MANUAL' } })).toBe(2);
    expect(await db().ticketEvent.count({ where: { ticketId: ticket.id, type: 'phone.call_logged' } })).toBe(2);
  });

  it('logged from the incoming-call pop-up, the CTI call itself gets the ticket: the figures count one call', async () => {
    const ola = await merchant();
    const principal = await agent();
    const externalId = `pbx-${tag()}`;
    const ring = await applyCtiEvent({ event: 'newCall', callId: externalId, direction: 'in', from: ola.phone!, to: '+48221000000' });
    if (ring.status !== 'applied') throw new Error(JSON.stringify(ring));
    await applyCtiEvent({ event: 'answer', callId: externalId });

    const preset = await callLogPreset(principal, { callId: ring.callId });
    expect(preset).toMatchObject({ caller: { id: ola.id }, ctiCallId: ring.callId, number: null });
    const logged = await logCall(principal, {
      caller: { kind: 'known', id: ola.id },
      direction: 'INBOUND',
      duration: '3:00',
      outcome: 'answered',
      summary: 'Pytanie o termin ważności voucherów.',
      target: 'new',
      ctiCallId: ring.callId,
    });
    if (!logged.ok) throw new Error(JSON.stringify(logged.error));
    expect(logged.value.callId).toBe(ring.callId);
    const calls = await db().call.findMany({ where: { contactId: ola.id } });
    expect(calls).toEqual([expect.objectContaining({ id: ring.callId, source: 'CTI', outcome: 'answered', durationSeconds: 180 })]);
    expect(calls[0]!.ticketId).not.toBeNull();
    expect(await callLogPreset(customerPrincipal(ola.id), { callId: ring.callId })).toBeNull();
  });

  it("refuses with field messages and writes nothing: bad number, no caller, duration out of range, someone else's ticket", async () => {
    const principal = await agent();
    const ola = await merchant();
    const other = await merchant();
    const othersTicket = await db().ticket.create({
      data: { subject: 'Cudze zgłoszenie', reporterId: other.id, status: 'OPEN', category: 'OTHER', channel: 'WEB' },
    });
    const base = { direction: 'INBOUND', outcome: 'answered', summary: 'Rozmowa o niczym ważnym.', target: 'new' };
    const fieldsOf = async (input: Record<string, unknown>) => {
      const result = await logCall(principal, input);
      if (result.ok || result.error.kind !== 'invalid') throw new Error(`expected invalid: ${JSON.stringify(result)}`);
      return result.error.fieldErrors;
    };
    expect(await fieldsOf({ ...base, caller: { kind: 'new', name: 'Jan', phone: '12 34', email: 'jan@sklep.test' } })).toEqual({
      'caller.phone': ['phone.errors.badNumber'],
    });
    expect(await fieldsOf(base)).toEqual({ caller: ['phone.errors.callerRequired'] });
    expect(await fieldsOf({ ...base, caller: { kind: 'known', id: ola.id }, duration: '300' })).toEqual({
      duration: ['phone.errors.durationRange'],
    });
    expect(await fieldsOf({ ...base, caller: { kind: 'known', id: ola.id }, duration: 'pięć' })).toEqual({
      duration: ['phone.errors.duration'],
    });
    expect(await fieldsOf({ ...base, caller: { kind: 'new', name: 'Jan Nowy', phone: '601 234 567' } })).toEqual({
      'caller.email': ['phone.errors.emailForTicket'],
    });
    expect(
      await fieldsOf({ ...base, caller: { kind: 'known', id: ola.id }, target: 'existing', ticketNumber: othersTicket.number }),
    ).toEqual({ ticketNumber: ['phone.errors.ticketNotCallers'] });
    expect(await db().call.count({ where: { contactId: { in: [ola.id, other.id] } } })).toBe(0);
    expect(await db().message.count({ where: { ticketId: othersTicket.id } })).toBe(0);

    const customer = await logCall(customerPrincipal(ola.id), { ...base, caller: { kind: 'known', id: ola.id } });
    expect(customer).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });
});

describe('User.phone edits', () => {
  it("an agent sets a customer's number (normalised), a customer sets only their own, bad numbers are refused", async () => {
    const principal = await agent();
    const ola = await merchant({ phone: null });
    const other = await merchant();
    const national = uniqueMobile().slice(3);
    expect(await setContactPhone(principal, { userId: ola.id, phone: `0048 ${national}` })).toMatchObject({
      ok: true,
      value: { phone: `+48${national}` },
    });
    expect(await lookupCaller(national)).toMatchObject({ name: ola.name });
    expect(await setContactPhone(principal, { userId: ola.id, phone: '123' })).toEqual({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { phone: ['phone.errors.badNumber'] } },
    });

    const self = customerPrincipal(ola.id);
    expect(await setContactPhone(self, { phone: '' })).toEqual({ ok: true, value: { phone: null, phoneDisplay: null } });
    expect(await setContactPhone(self, { userId: other.id, phone: '601 234 567' })).toEqual({ ok: false, error: { kind: 'not_found' } });
    expect((await db().user.findUniqueOrThrow({ where: { id: other.id } })).phone).toBe(other.phone);
    // Staff numbers are not caller numbers.
    const colleague = await agent();
    if (colleague.kind !== 'user') throw new Error('agent');
    expect(await setContactPhone(principal, { userId: colleague.userId, phone: '601 234 567' })).toMatchObject({ ok: false });
  });
});

describe('Phone figures on the dashboard', () => {
  it('counts calls per Warsaw day by kind and the callbacks kept within the overdue threshold', async () => {
    // A window of its own far in the future, so other tests' rows never fall in it.
    const now = new Date('2031-03-12T11:00:00Z');
    const yesterday = new Date('2031-03-11T09:00:00Z');
    const principal = await agent();
    const ola = await merchant();
    const call = (data: {
      direction: 'INBOUND' | 'OUTBOUND';
      startedAt: Date;
      answered?: boolean;
      missed?: boolean;
      source?: 'CTI' | 'MANUAL';
    }) =>
      db().call.create({
        data: {
          externalId: `fig-${tag()}`,
          direction: data.direction,
          fromNumber: '+48601234567',
          toNumber: '+48221000000',
          state: 'ENDED',
          startedAt: data.startedAt,
          answeredAt: data.answered ? data.startedAt : null,
          missed: data.missed ?? false,
          source: data.source ?? 'CTI',
        },
      });
    await call({ direction: 'INBOUND', startedAt: yesterday, answered: true });
    await call({ direction: 'INBOUND', startedAt: yesterday, missed: true });
    await call({ direction: 'INBOUND', startedAt: new Date(now.getTime() - HOUR), answered: true, source: 'MANUAL' });
    await call({ direction: 'OUTBOUND', startedAt: new Date(now.getTime() - HOUR), answered: true });
    await call({ direction: 'OUTBOUND', startedAt: new Date(now.getTime() - 2 * HOUR) });
    // 23:30 UTC on 10 March is 00:30 on 11 March in Warsaw.
    await call({ direction: 'INBOUND', startedAt: new Date('2031-03-10T23:30:00Z'), missed: true });
    // After `now`: not in the window.
    await call({ direction: 'INBOUND', startedAt: new Date(now.getTime() + HOUR), answered: true });

    const callback = (dueAt: Date, data: { status: 'OPEN' | 'DONE' | 'CANCELLED'; doneAt?: Date; attempts?: number }) =>
      db().callback.create({ data: { phone: '+48601234567', contactId: ola.id, source: 'missed', dueAt, ...data } });
    const due = new Date(now.getTime() - 5 * HOUR);
    await callback(due, { status: 'DONE', doneAt: new Date(due.getTime() + 10 * MINUTE), attempts: 1 }); // kept
    await callback(due, { status: 'DONE', doneAt: new Date(due.getTime() + 29 * MINUTE), attempts: 1 }); // kept, just
    await callback(due, { status: 'DONE', doneAt: new Date(due.getTime() + 45 * MINUTE), attempts: 1 }); // late
    await callback(due, { status: 'OPEN' }); // overdue, not kept
    await callback(new Date(now.getTime() - 10 * MINUTE), { status: 'OPEN' }); // due, not yet overdue: left out
    await callback(due, { status: 'CANCELLED', doneAt: due, attempts: 0 }); // called off before any attempt: left out
    await callback(due, { status: 'CANCELLED', doneAt: new Date(due.getTime() + 5 * MINUTE), attempts: 1 }); // wrong number, on time

    const figures = await phoneFigures(principal, { now, days: 7 });
    if (!figures) throw new Error('no figures');
    expect(figures.totals).toEqual({ inboundAnswered: 2, missed: 2, outbound: 2, calls: 6 });
    expect(figures.perDay.find((d) => d.day === '2031-03-11')).toEqual({ day: '2031-03-11', inboundAnswered: 1, missed: 2, outbound: 0 });
    expect(figures.perDay.at(-1)).toEqual({ day: '2031-03-12', inboundAnswered: 1, missed: 0, outbound: 2 });
    expect(figures.perDay).toHaveLength(7);
    expect(figures.callbacks).toEqual({ kept: 3, total: 5, rate: 0.6, overdueOpen: 1, thresholdMinutes: 30 });
    expect(await phoneFigures(customerPrincipal(ola.id), { now })).toBeNull();
  });
});
