import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';
import type { HubSignal } from '@/server/realtime/hub';

const { db } = await import('@/server/db/client');
const { createApiToken } = await import('@/server/admin/api-tokens');
const { realtimeHub } = await import('@/server/realtime/hub');
const { AGENT_CALLS_TOPIC, callerCard } = await import('@/server/phone/cti');
const { normalizePhone } = await import('@/server/phone/numbers');
const { streamAgentCalls } = await import('@/server/phone/call-stream');
const { POST: postEvent } = await import('@/app/api/v1/cti/events/route');
const { GET: lookup } = await import('@/app/api/v1/cti/lookup/route');
const { POST: postTicket } = await import('@/app/api/v1/tickets/route');
const { NextRequest } = await import('next/server');

const tag = () => randomUUID().slice(0, 8);

async function adminPrincipal(): Promise<Principal> {
  const admin = await db().user.create({ data: { email: `admin.${tag()}@vouchie.test`, role: 'ADMIN' } });
  return { kind: 'user', userId: admin.id, role: 'ADMIN', companyId: null, isCompanyAdmin: false };
}

async function token(kind: 'API' | 'CTI'): Promise<string> {
  const created = await createApiToken(await adminPrincipal(), { name: `${kind} ${tag()}`, kind });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value.secret;
}

const cti = await token('CTI');

function event(body: unknown, secret = cti) {
  return postEvent(
    new NextRequest('http://localhost:3000/api/v1/cti/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** A PREMIUM merchant whose stored number is 601 234 567, with one open ticket. */
async function merchant() {
  const company = await db().company.create({ data: { name: `Kwiaciarnia ${tag()}`, plan: 'PREMIUM' } });
  const phone = `+4860${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  const user = await db().user.create({ data: { email: `ola.${tag()}@sklep.test`, name: 'Ola Nowak', companyId: company.id, phone } });
  const ticket = await db().ticket.create({
    data: { subject: 'Voucher nie działa', reporterId: user.id, companyId: company.id, status: 'OPEN', category: 'OTHER' },
  });
  return { company, user, ticket, phone };
}

afterAll(async () => {
  await realtimeHub().close();
});

describe('CTI hook', () => {
  it('normalises Polish and international numbers to E.164 and rejects the rest', () => {
    expect(normalizePhone('601 234 567')).toBe('+48601234567');
    expect(normalizePhone('0048 22 123 45 67')).toBe('+48221234567');
    expect(normalizePhone('+49 30 1234567')).toBe('+49301234567');
    expect(normalizePhone('12')).toBeNull();
    expect(normalizePhone('abc')).toBeNull();
  });

  it('newCall → pop-up data for online agents → hangup without answer → a missed-call callback and an e-mail', async () => {
    const { company, user, ticket, phone } = await merchant();
    const heard: HubSignal[] = [];
    let signalled: (signal: HubSignal) => void = () => undefined;
    const firstNewCall = new Promise<HubSignal>((resolve) => (signalled = resolve));
    const unsubscribe = realtimeHub().subscribe(AGENT_CALLS_TOPIC, (signal) => {
      heard.push(signal);
      if (signal.kind === 'newCall') signalled(signal);
    });
    await realtimeHub().ready;

    const callId = `pbx-${tag()}`;
    // The PBX sends the national format; the hook matches it to the stored E.164 number.
    const national = phone.slice(3);
    const opened = await event({ event: 'newCall', callId, direction: 'in', from: national, to: '+48 22 100 00 00' });
    expect(opened.status).toBe(200);
    const { callId: id } = (await opened.json()) as { callId: string };

    const signal = await firstNewCall;
    expect(signal.data).toEqual({ callId: id });
    const card = await callerCard(String(signal.data?.callId));
    expect(card).toMatchObject({
      number: phone,
      caller: { id: user.id, name: 'Ola Nowak', email: user.email },
      company: { name: company.name, plan: 'PREMIUM' },
      openTickets: [{ id: ticket.id, subject: 'Voucher nie działa', status: 'OPEN' }],
    });

    const hangup = await event({ event: 'hangup', callId, cause: 'cancel' });
    expect(await hangup.json()).toMatchObject({ status: 'applied', missed: true });

    const call = await db().call.findUniqueOrThrow({ where: { externalId: callId }, include: { callbacks: true } });
    expect(call).toMatchObject({ state: 'ENDED', missed: true, cause: 'cancel', contactId: user.id, fromNumber: phone });
    expect(call.callbacks).toHaveLength(1);
    expect(call.callbacks[0]).toMatchObject({ phone, contactId: user.id, source: 'missed', status: 'OPEN' });
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { template: 'phone.missedCall', toEmail: user.email } });
    expect(mail.subject).toContain('oddzwonimy');
    unsubscribe();
  });

  it("streams the caller card to an agent's pop-up while the phone rings, and says when the call is over", async () => {
    const { user } = await merchant();
    const sent: { event: string; data: unknown }[] = [];
    let closeStream: () => void = () => undefined;
    let wake: () => void = () => undefined;
    const stream = {
      closed: false,
      send(event: string, data: unknown) {
        sent.push({ event, data });
        wake();
        return true;
      },
      onClose(callback: (reason: 'client') => void) {
        closeStream = () => callback('client');
      },
    };
    const until = async (event: string) => {
      while (!sent.some((item) => item.event === event)) await new Promise<void>((resolve) => (wake = resolve));
    };
    streamAgentCalls(stream);
    await realtimeHub().ready;

    const callId = `pbx-${tag()}`;
    await event({ event: 'newCall', callId, direction: 'in', from: user.phone ?? '', to: '221000000' });
    await until('call');
    expect(sent[0]).toMatchObject({
      event: 'call',
      data: { caller: { name: 'Ola Nowak' }, openTickets: [{ subject: 'Voucher nie działa' }] },
    });
    await event({ event: 'answer', callId });
    await until('callAnswered');
    stream.closed = true;
    closeStream();
  });

  it('applies each (call, event) once: replays, late and out-of-order events change nothing twice', async () => {
    const { user } = await merchant();
    const callId = `pbx-${tag()}`;
    expect((await event({ event: 'answer', callId })).status).toBe(404);
    expect(await db().call.count({ where: { externalId: callId } })).toBe(0);

    await event({ event: 'newCall', callId, direction: 'in', from: '+48 601 000 001', to: '221000000' });
    const replay = await event({ event: 'newCall', callId, direction: 'in', from: '+48 601 000 001', to: '221000000' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    expect(await (await event({ event: 'answer', callId, user: 'nobody@vouchie.test' })).json()).toMatchObject({ status: 'applied' });
    const ended = await event({ event: 'hangup', callId, cause: 'normalClearing' });
    expect(await ended.json()).toMatchObject({ status: 'applied', missed: false });
    // The same hangup again, then a stray answer after the end: nothing moves.
    expect((await event({ event: 'hangup', callId, cause: 'normalClearing' })).headers.get('idempotent-replayed')).toBe('true');

    const call = await db().call.findUniqueOrThrow({ where: { externalId: callId }, include: { callbacks: true, events: true } });
    expect(call).toMatchObject({ state: 'ENDED', missed: false });
    expect(call.callbacks).toHaveLength(0);
    expect(call.events.map((e) => e.event).sort()).toEqual(['answer', 'hangup', 'newCall']);

    // Concurrent deliveries of one missed call's hangup: one callback, one e-mail.
    const racing = `pbx-${tag()}`;
    await db().user.update({ where: { id: user.id }, data: { phone: '+48601000002' } });
    await event({ event: 'newCall', callId: racing, direction: 'in', from: '601000002', to: '221000000' });
    const answers = await Promise.all([1, 2, 3].map(() => event({ event: 'hangup', callId: racing, cause: 'noAnswer' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200]);
    const missed = await db().call.findUniqueOrThrow({ where: { externalId: racing }, include: { callbacks: true } });
    expect(missed.callbacks).toHaveLength(1);
    expect(await db().outboundEmail.count({ where: { template: 'phone.missedCall', toEmail: user.email } })).toBe(1);
    expect(await db().ctiEvent.count({ where: { callId: missed.id } })).toBe(2);
  });

  it('keeps the token kinds apart and answers lookups with the name and company', async () => {
    const { company, phone } = await merchant();
    const api = await token('API');
    expect((await event({ event: 'newCall', callId: `pbx-${tag()}`, from: '601000003', to: '221000000' }, api)).status).toBe(401);

    const ticketRequest = await postTicket(
      new NextRequest('http://localhost:3000/api/v1/tickets', {
        method: 'POST',
        headers: { authorization: `Bearer ${cti}`, 'content-type': 'application/json' },
        body: JSON.stringify({}),
      }),
    );
    expect(ticketRequest.status).toBe(401);

    const ask = (number: string, secret = cti) =>
      lookup(
        new NextRequest(`http://localhost:3000/api/v1/cti/lookup?number=${encodeURIComponent(number)}`, {
          headers: { authorization: `Bearer ${secret}` },
        }),
      );
    expect(await (await ask(phone.slice(3))).json()).toEqual({ number: phone, name: 'Ola Nowak', company: company.name });
    expect(await (await ask('+48 799 999 998')).json()).toEqual({ number: '+48799999998', name: null, company: null });
    expect((await ask('nie numer')).status).toBe(422);
    expect((await ask(phone, api)).status).toBe(401);
  });
});
