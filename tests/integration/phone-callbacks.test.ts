import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const { listCallbacks, recordCallOutcome } = await import('@/server/phone/callbacks');

const tag = () => randomUUID().slice(0, 8);
const HOUR = 60 * 60 * 1000;

async function agent(): Promise<Principal> {
  const user = await db().user.create({ data: { email: `agent.${tag()}@vouchie.test`, name: 'Kai Agent', role: 'AGENT' } });
  return { kind: 'user', userId: user.id, role: 'AGENT', companyId: null, isCompanyAdmin: false };
}

async function callbackOnTicket(dueAt: Date) {
  const user = await db().user.create({ data: { email: `ola.${tag()}@sklep.test`, name: 'Ola Nowak', phone: '+48601234567' } });
  const ticket = await db().ticket.create({
    data: { subject: 'Prośba o telefon', reporterId: user.id, status: 'NEW', category: 'OTHER', channel: 'PHONE' },
  });
  const callback = await db().callback.create({
    data: { phone: '+48601234567', contactId: user.id, ticketId: ticket.id, source: 'booked', dueAt },
  });
  return { user, ticket, callback };
}

describe('Telefon: callbacks and call outcomes', () => {
  it('groups open callbacks into due now (overdue flagged), later today and upcoming', async () => {
    const now = new Date('2026-12-08T09:00:00Z'); // 10:00 in Warsaw
    const overdue = await callbackOnTicket(new Date(now.getTime() - 2 * HOUR));
    const later = await callbackOnTicket(new Date(now.getTime() + 3 * HOUR));
    const tomorrow = await callbackOnTicket(new Date(now.getTime() + 26 * HOUR));
    const list = await listCallbacks(await agent(), now);
    if (!list.ok) throw new Error('forbidden');
    expect(list.value.dueNow.find((row) => row.id === overdue.callback.id)).toMatchObject({
      overdue: true,
      phoneDisplay: '+48 601 234 567',
    });
    expect(list.value.laterToday.find((row) => row.id === later.callback.id)?.contact).toMatchObject({ name: 'Ola Nowak' });
    expect(list.value.upcoming.map((row) => row.id)).toContain(tomorrow.callback.id);
    const customer: Principal = { kind: 'user', userId: overdue.user.id, role: 'CUSTOMER', companyId: null, isCompanyAdmin: false };
    expect(await listCallbacks(customer)).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('"no answer" moves the callback, "answered" with a public summary closes it and e-mails the customer', async () => {
    const principal = await agent();
    const { user, ticket, callback } = await callbackOnTicket(new Date());
    const retryAt = new Date(Date.now() + HOUR);

    const missed = await recordCallOutcome(principal, {
      callbackId: callback.id,
      outcome: 'no_answer',
      retryAt: retryAt.toISOString(),
      internalNote: 'Sygnał, brak odpowiedzi.',
    });
    expect(missed).toMatchObject({ ok: true, value: { attempts: 1, gaveUp: false } });
    expect(await db().callback.findUniqueOrThrow({ where: { id: callback.id } })).toMatchObject({
      status: 'OPEN',
      attempts: 1,
      dueAt: retryAt,
    });

    const answered = await recordCallOutcome(principal, {
      callbackId: callback.id,
      outcome: 'answered',
      publicSummary: 'Ustaliliśmy, że kod zostanie wydany ponownie jeszcze dziś.',
    });
    expect(answered).toMatchObject({ ok: true, value: { attempts: 2, nextAt: null } });
    expect(await db().callback.findUniqueOrThrow({ where: { id: callback.id } })).toMatchObject({ status: 'DONE', attempts: 2 });

    const messages = await db().message.findMany({
      where: { ticketId: ticket.id },
      orderBy: { createdAt: 'asc' },
      select: { type: true, body: true },
    });
    expect(messages.filter((m) => m.type === 'NOTE').map((m) => m.body)).toEqual([
      'Rozmowa telefoniczna (próba 1): brak odpowiedzi.\n\nSygnał, brak odpowiedzi.',
      'Rozmowa telefoniczna (próba 2): odebrane.',
    ]);
    expect(messages.filter((m) => m.type === 'AGENT').map((m) => m.body)).toEqual([
      'Ustaliliśmy, że kod zostanie wydany ponownie jeszcze dziś.',
    ]);
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { template: 'agent.reply', toEmail: user.email } });
    expect(mail.text).toContain('kod zostanie wydany ponownie');

    // The same attempt saved again (a second tab): refused, nothing written twice.
    expect(await recordCallOutcome(principal, { callbackId: callback.id, outcome: 'answered' })).toEqual({
      ok: false,
      error: { kind: 'already_done' },
    });
  });

  it('after the third miss the customer is e-mailed and the ticket waits on them', async () => {
    const principal = await agent();
    const { user, ticket, callback } = await callbackOnTicket(new Date());
    for (const attempt of [1, 2]) {
      expect(await recordCallOutcome(principal, { callbackId: callback.id, outcome: 'no_answer' })).toMatchObject({
        ok: true,
        value: { attempts: attempt, gaveUp: false },
      });
    }
    expect(await recordCallOutcome(principal, { callbackId: callback.id, outcome: 'no_answer' })).toMatchObject({
      ok: true,
      value: { attempts: 3, gaveUp: true },
    });
    expect(await db().callback.findUniqueOrThrow({ where: { id: callback.id } })).toMatchObject({ status: 'CANCELLED' });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({ status: 'WAITING_ON_CUSTOMER' });
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { template: 'agent.reply', toEmail: user.email } });
    expect(mail.text).toContain('Trzy razy nie udało się połączyć z numerem +48 601 234 567');
  });

  it('refuses a retry time in the past', async () => {
    const { callback } = await callbackOnTicket(new Date());
    const result = await recordCallOutcome(await agent(), {
      callbackId: callback.id,
      outcome: 'no_answer',
      retryAt: new Date(Date.now() - HOUR).toISOString(),
    });
    expect(result).toEqual({ ok: false, error: { kind: 'invalid', fieldErrors: { retryAt: ['phone.errors.retryAtPast'] } } });
  });
});
