import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role, TicketStatus } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';
import { holdLock, race } from './race';

// Uploaded bytes go to a throw-away folder; env() is read lazily, so this must precede the first call.
process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-portal-'));

const { db } = await import('@/server/db/client');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
const { replyAsCustomer, markSolved, reopen, rateTicket } = await import('@/server/tickets/customer-actions');
const { getTicketForPrincipal, getTicketPageForPrincipal, listTicketsForCustomer } = await import('@/server/tickets/queries');
const { acceptUpload } = await import('@/server/attachments');
const { signTicketLink, verifyTicketLink } = await import('@/server/auth/ticket-link');

const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

const tag = () => randomUUID().slice(0, 8);

interface Person {
  id: string;
  email: string;
  name: string;
  principal: Principal;
}

async function person({
  name,
  role = 'CUSTOMER',
  companyId = null,
  isCompanyAdmin = false,
  locale = 'pl',
  active = true,
}: {
  name: string;
  role?: Role;
  companyId?: string | null;
  isCompanyAdmin?: boolean;
  locale?: string;
  active?: boolean;
}): Promise<Person> {
  const email = `${name.split(' ')[0]!.toLowerCase()}.${tag()}@example.pl`;
  const user = await db().user.create({ data: { email, name, role, companyId, isCompanyAdmin, locale, active } });
  return { id: user.id, email, name, principal: { kind: 'user', userId: user.id, role, companyId, isCompanyAdmin } };
}

async function company(name: string) {
  return db().company.create({ data: { name, externalId: `cmp-${tag()}`, plan: 'BIZNES' } });
}

const fields = (subject = `Voucher nie działa ${tag()}`) =>
  ticketFieldsSchema.parse({
    category: 'TECHNICAL_ERROR',
    subject,
    actual: 'Po wpisaniu kodu kasa pokazuje błąd VOUCHER_EXPIRED.',
    identifiers: [{ kind: 'VOUCHER_CODE', value: 'GIFT-7Q2K-9M4P' }],
    priority: 'HIGH',
  });

async function ticketOf(reporter: Person, { status, assigneeId }: { status?: TicketStatus; assigneeId?: string } = {}) {
  const created = await createTicket({ fields: fields(), reporter: { userId: reporter.id }, channel: 'WEB' });
  if (!created.ok) throw new Error('ticket not created');
  if (status || assigneeId) {
    await db().ticket.update({ where: { id: created.value.id }, data: { status, assigneeId } });
  }
  return created.value;
}

async function upload(name: string): Promise<string> {
  const result = await acceptUpload({ fileName: name, bytes: PNG });
  if (!result.ok) throw new Error(`upload refused: ${result.error.code}`);
  return result.value.token;
}

const linkFor = (ticketId: string, email: string): Principal => ({
  kind: 'ticketLink',
  grant: verifyTicketLink(signTicketLink(ticketId, email))!,
});

/** What the customer's actions mailed (the new-ticket announcement every agent gets at creation aside). */
const emailsTo = (ticketId: string, email: string) =>
  db().outboundEmail.findMany({
    where: { ticketId, toEmail: email, template: { not: 'agent.new_ticket' } },
    orderBy: { createdAt: 'asc' },
  });
const eventTypes = async (ticketId: string) =>
  (await db().ticketEvent.findMany({ where: { ticketId }, orderBy: { createdAt: 'asc' } })).map((e) => e.type);

let firm: { id: string };
let anna: Person; // reporter
let piotr: Person; // colleague, not an admin
let beata: Person; // the company's admin
let outsider: Person;
let ewa: Person; // agent
let marek: Person; // agent, English
let retired: Person; // agent, deactivated

beforeAll(async () => {
  firm = await company('Kwiaciarnia Różana Sp. z o.o.');
  const other = await company('Spa Zdrój Kołobrzeg');
  anna = await person({ name: 'Anna Wiśniewska', companyId: firm.id });
  piotr = await person({ name: 'Piotr Zieliński', companyId: firm.id });
  beata = await person({ name: 'Beata Kowalska', companyId: firm.id, isCompanyAdmin: true });
  outsider = await person({ name: 'Olga Obca', companyId: other.id, isCompanyAdmin: true });
  ewa = await person({ name: 'Ewa Dąbrowska', role: 'AGENT' });
  marek = await person({ name: 'Marek Jankowski', role: 'ADMIN', locale: 'en' });
  retired = await person({ name: 'Rafał Emeryt', role: 'AGENT', active: false });
});

describe('replyAsCustomer', () => {
  it('adds a CUSTOMER message with its attachments, records the event and notifies the assignee only', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN', assigneeId: ewa.id });
    const before = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    const token = await upload('zrzut ekranu.png');

    const result = await replyAsCustomer({
      principal: anna.principal,
      number: ticket.number,
      body: '  Nadal nie działa, zrzut w załączniku.  ',
      attachmentTokens: [token],
    });
    expect(result).toMatchObject({ ok: true, value: { kind: 'replied', status: 'OPEN', reopened: false, replayed: false } });
    if (!result.ok || result.value.kind !== 'replied') throw new Error('not a reply: asserted above');

    const message = await db().message.findUniqueOrThrow({ where: { id: result.value.messageId }, include: { attachments: true } });
    expect(message).toMatchObject({ type: 'CUSTOMER', authorId: anna.id, channel: 'WEB', body: 'Nadal nie działa, zrzut w załączniku.' });
    expect(message.attachments.map((a) => a.fileName)).toEqual(['zrzut ekranu.png']);
    expect(message.attachments[0]?.ticketId).toBe(ticket.id);

    const after = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after.version).toBe(before.version + 1);
    expect(after.lastActivityAt.getTime()).toBeGreaterThan(before.lastActivityAt.getTime());
    expect(await eventTypes(ticket.id)).toEqual(['ticket.created', 'ticket.customer_replied']);

    const [mail, ...more] = await emailsTo(ticket.id, ewa.email);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe(`[${ticket.displayNumber}] Nowa odpowiedź klienta: ${before.subject}`);
    expect(mail?.text).toContain('Nadal nie działa, zrzut w załączniku.');
    expect(mail?.text).toContain('Anna Wiśniewska');
    expect(await emailsTo(ticket.id, marek.email)).toHaveLength(0);
  });

  it('notifies every active agent and admin in their own language while nobody is assigned', async () => {
    const ticket = await ticketOf(anna);
    const result = await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: 'Dodatkowa informacja.' });
    expect(result.ok).toBe(true);
    expect((await emailsTo(ticket.id, ewa.email))[0]?.subject).toMatch(/^\[VCH-\d+\] Nowa odpowiedź klienta: /);
    expect((await emailsTo(ticket.id, marek.email))[0]?.subject).toMatch(/^\[VCH-\d+\] New customer reply: /);
    expect(await emailsTo(ticket.id, retired.email)).toHaveLength(0);
  });

  it('adds the reply once when the same idempotency key comes twice', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN' });
    const key = randomUUID();
    const first = await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: 'Raz.', idempotencyKey: key });
    const second = await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: 'Raz.', idempotencyKey: key });
    expect(first).toMatchObject({ ok: true, value: { kind: 'replied', replayed: false } });
    const firstId = first.ok && first.value.kind === 'replied' ? first.value.messageId : null;
    expect(firstId).toEqual(expect.any(String));
    expect(second).toMatchObject({ ok: true, value: { kind: 'replied', messageId: firstId, replayed: true } });
    expect(await db().message.count({ where: { ticketId: ticket.id } })).toBe(2);
  });

  it('writes an e-mail reply once when the same message arrives twice, answering the second from the first', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN' });
    const emailMessageId = `<${randomUUID()}@poczta.example.pl>`;
    const reply = {
      principal: anna.principal,
      number: ticket.number,
      body: 'Odpowiedź z poczty.',
      channel: 'EMAIL' as const,
      idempotencyKey: emailMessageId,
      emailMessageId,
    };
    const first = await replyAsCustomer(reply);
    const second = await replyAsCustomer(reply);
    expect(first).toMatchObject({ ok: true, value: { kind: 'replied', replayed: false } });
    const firstId = first.ok && first.value.kind === 'replied' ? first.value.messageId : null;
    expect(second).toMatchObject({ ok: true, value: { kind: 'replied', messageId: firstId, replayed: true } });
    expect(await db().message.count({ where: { ticketId: ticket.id, emailMessageId } })).toBe(1);
    expect(await db().ticketEvent.count({ where: { ticketId: ticket.id, type: 'ticket.customer_replied' } })).toBe(1);
  });

  it('reopens a solved ticket', async () => {
    const ticket = await ticketOf(anna, { status: 'RESOLVED', assigneeId: ewa.id });
    await db().ticket.update({ where: { id: ticket.id }, data: { resolvedAt: new Date() } });
    const result = await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: 'Problem wrócił.' });
    expect(result).toMatchObject({ ok: true, value: { kind: 'replied', status: 'OPEN', reopened: true } });
    const after = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { events: true } });
    expect(after.status).toBe('OPEN');
    expect(after.resolvedAt).toBeNull();
    expect(after.events.find((e) => e.type === 'ticket.reopened')?.data).toMatchObject({ from: 'RESOLVED', to: 'OPEN', via: 'reply' });
    expect((await emailsTo(ticket.id, ewa.email))[0]?.subject).toContain('Zgłoszenie otwarte ponownie');
  });

  it('gives a ticket waiting on the customer back to the team', async () => {
    const ticket = await ticketOf(anna, { status: 'WAITING_ON_CUSTOMER' });
    const result = await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: 'Oto numer zamówienia: 2026/11/0042.' });
    expect(result).toMatchObject({ ok: true, value: { kind: 'replied', status: 'OPEN', reopened: false } });
    expect(await eventTypes(ticket.id)).toEqual(['ticket.created', 'ticket.customer_replied', 'ticket.status_changed']);
  });

  it('starts a follow-up linked to a closed ticket, for the same reporter, company and category', async () => {
    const old = await ticketOf(anna, { status: 'CLOSED', assigneeId: ewa.id });
    const oldRow = await db().ticket.findUniqueOrThrow({ where: { id: old.id } });
    const token = await upload('nowy błąd.png');
    const result = await replyAsCustomer({
      principal: anna.principal,
      number: old.number,
      body: 'Znowu to samo po aktualizacji.',
      attachmentTokens: [token],
    });
    expect(result).toMatchObject({ ok: true, value: { kind: 'followUp', replayed: false } });
    if (!result.ok || result.value.kind !== 'followUp') throw new Error('not a follow-up: asserted above');

    const followUp = await db().ticket.findUniqueOrThrow({
      where: { id: result.value.ticket.id },
      include: { messages: { include: { attachments: true } }, identifiers: true },
    });
    expect(result.value.ticket.number).toBe(`VCH-${followUp.number}`);
    expect(followUp).toMatchObject({
      followUpOfId: old.id,
      reporterId: anna.id,
      companyId: firm.id,
      category: 'TECHNICAL_ERROR',
      priority: 'HIGH',
      status: 'NEW',
      subject: `Re: ${oldRow.subject}`,
    });
    expect(followUp.identifiers.map((i) => i.value)).toEqual(['GIFT-7Q2K-9M4P']);
    expect(followUp.messages).toHaveLength(1);
    expect(followUp.messages[0]).toMatchObject({ type: 'CUSTOMER', authorId: anna.id, body: 'Znowu to samo po aktualizacji.' });
    expect(followUp.messages[0]?.attachments.map((a) => a.fileName)).toEqual(['nowy błąd.png']);

    const closed = await db().ticket.findUniqueOrThrow({ where: { id: old.id }, include: { messages: true, events: true } });
    expect(closed.status).toBe('CLOSED');
    expect(closed.messages).toHaveLength(1);
    expect(closed.events.find((e) => e.type === 'ticket.follow_up_created')?.data).toMatchObject({ followUpNumber: followUp.number });

    expect(await emailsTo(followUp.id, anna.email)).toHaveLength(1);
    expect((await emailsTo(followUp.id, ewa.email))[0]?.subject).toBe(
      `[VCH-${followUp.number}] Kontynuacja ${old.displayNumber}: Re: ${oldRow.subject}`,
    );

    const page = await getTicketForPrincipal(old.number, anna.principal);
    expect(page?.followUps).toEqual([`VCH-${followUp.number}`]);
    expect(page?.activity).toMatchObject([{ kind: 'followUp', number: `VCH-${followUp.number}` }]);
    expect((await getTicketForPrincipal(followUp.number, anna.principal))?.followUpOf).toBe(old.displayNumber);
  });

  it('lets the e-mailed ticket link reply to its own ticket', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN' });
    const result = await replyAsCustomer({
      principal: linkFor(ticket.id, anna.email),
      number: ticket.number,
      body: 'Odpisuję z linku w mailu.',
    });
    expect(result.ok).toBe(true);
    const message = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id, body: 'Odpisuję z linku w mailu.' } });
    expect(message.authorId).toBe(anna.id);
  });

  it('lets the company admin reply to a colleague’s ticket in their own name', async () => {
    const ticket = await ticketOf(piotr, { status: 'OPEN' });
    const result = await replyAsCustomer({ principal: beata.principal, number: ticket.number, body: 'Dopisuję jako administratorka.' });
    expect(result.ok).toBe(true);
    const message = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id, body: 'Dopisuję jako administratorka.' } });
    expect(message.authorId).toBe(beata.id);
  });

  it('refuses an empty or too long reply with catalogue keys, and writes nothing', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN' });
    const empty = await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: '   ' });
    const long = await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: 'x'.repeat(10_001) });
    expect(empty).toEqual({ ok: false, error: { kind: 'invalid', fieldErrors: { body: ['errors.reply.required'] } } });
    expect(long).toEqual({ ok: false, error: { kind: 'invalid', fieldErrors: { body: ['errors.reply.tooLong'] } } });
    expect(await db().message.count({ where: { ticketId: ticket.id } })).toBe(1);
  });

  it('rolls the whole reply back when an attachment token was already used', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN' });
    const token = await upload('raz.png');
    expect(
      (await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: 'Pierwsza.', attachmentTokens: [token] })).ok,
    ).toBe(true);
    const again = await replyAsCustomer({ principal: anna.principal, number: ticket.number, body: 'Druga.', attachmentTokens: [token] });
    expect(again).toMatchObject({ ok: false, error: { kind: 'attachments', error: { code: 'expired' } } });
    expect(await db().message.count({ where: { ticketId: ticket.id } })).toBe(2);
    expect(await emailsTo(ticket.id, ewa.email)).toHaveLength(1);
  });
});

describe('markSolved and reopen', () => {
  it('moves an open ticket to RESOLVED with an event, once', async () => {
    const ticket = await ticketOf(anna, { status: 'ON_HOLD', assigneeId: ewa.id });
    const solved = await markSolved({ principal: anna.principal, number: ticket.number });
    expect(solved).toEqual({ ok: true, value: { status: 'RESOLVED', changed: true } });
    const row = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { events: true } });
    expect(row.status).toBe('RESOLVED');
    expect(row.resolvedAt).not.toBeNull();
    expect(row.version).toBe(2);
    expect(row.events.find((e) => e.type === 'ticket.solved_by_customer')?.data).toEqual({ from: 'ON_HOLD', to: 'RESOLVED' });
    expect((await emailsTo(ticket.id, ewa.email))[0]?.subject).toContain('Klient oznaczył jako rozwiązane');

    expect(await markSolved({ principal: anna.principal, number: ticket.number })).toEqual({
      ok: true,
      value: { status: 'RESOLVED', changed: false },
    });
    expect(await db().ticketEvent.count({ where: { ticketId: ticket.id, type: 'ticket.solved_by_customer' } })).toBe(1);
  });

  it('reopens a solved ticket and shows both moves in the public thread', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN' });
    await markSolved({ principal: anna.principal, number: ticket.number });
    const reopened = await reopen({ principal: anna.principal, number: ticket.number });
    expect(reopened).toEqual({ ok: true, value: { status: 'OPEN', changed: true } });
    const row = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ status: 'OPEN', resolvedAt: null, version: 3 });
    expect(await eventTypes(ticket.id)).toEqual(['ticket.created', 'ticket.solved_by_customer', 'ticket.reopened']);

    const view = await getTicketForPrincipal(ticket.number, anna.principal);
    expect(view?.activity.map((a) => (a.kind === 'status' ? [a.from, a.to] : a.kind))).toEqual([
      ['OPEN', 'RESOLVED'],
      ['RESOLVED', 'OPEN'],
    ]);
  });

  it('tells the customer whether anyone has the reopened ticket, never who', async () => {
    const ticket = await ticketOf(anna, { status: 'RESOLVED' });
    await reopen({ principal: anna.principal, number: ticket.number });
    const unassigned = await getTicketForPrincipal(ticket.number, anna.principal);
    // The portal then says "back in the queue", not "an agent is working on it".
    expect(unassigned).toMatchObject({ status: 'OPEN', assigned: false });
    expect(JSON.stringify(unassigned)).not.toContain('assigneeId');

    const agentId = ewa.id;
    await db().ticket.update({ where: { id: ticket.id }, data: { assigneeId: agentId } });
    expect(await getTicketForPrincipal(ticket.number, anna.principal)).toMatchObject({ status: 'OPEN', assigned: true });
  });

  it('does nothing when reopening an open ticket, and refuses both moves on a closed one', async () => {
    const open = await ticketOf(anna);
    expect(await reopen({ principal: anna.principal, number: open.number })).toEqual({
      ok: true,
      value: { status: 'NEW', changed: false },
    });
    const closed = await ticketOf(anna, { status: 'CLOSED' });
    expect(await reopen({ principal: anna.principal, number: closed.number })).toEqual({
      ok: false,
      error: { kind: 'invalid_transition', status: 'CLOSED' },
    });
    expect(await markSolved({ principal: anna.principal, number: closed.number })).toEqual({
      ok: false,
      error: { kind: 'invalid_transition', status: 'CLOSED' },
    });
  });

  it('serialises concurrent clicks: one change, one event', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN' });
    // Forced: the three clicks start while another session holds the ticket's row, and go on once all three wait.
    const lock = await holdLock([{ sql: `SELECT 1 FROM "Ticket" WHERE id = $1::uuid FOR UPDATE`, params: [ticket.id] }]);
    const results = await race(
      lock,
      [1, 2, 3].map(() => () => markSolved({ principal: anna.principal, number: ticket.number })),
    );
    expect(results.filter((r) => r.ok && r.value.changed)).toHaveLength(1);
    expect(await db().ticketEvent.count({ where: { ticketId: ticket.id, type: 'ticket.solved_by_customer' } })).toBe(1);
  });
});

describe('rateTicket', () => {
  it('accepts 1–5 whole stars on a solved ticket, and a later rating replaces the first', async () => {
    const ticket = await ticketOf(anna, { status: 'RESOLVED', assigneeId: ewa.id });
    const first = await rateTicket({ principal: anna.principal, number: ticket.number, rating: 4, comment: ' Szybko i konkretnie. ' });
    expect(first).toEqual({ ok: true, value: { rating: 4, comment: 'Szybko i konkretnie.', changed: true } });
    const second = await rateTicket({ principal: anna.principal, number: ticket.number, rating: 5 });
    expect(second).toEqual({ ok: true, value: { rating: 5, comment: null, changed: true } });
    const row = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ rating: 5, ratingComment: null });
    expect(row.ratedAt).not.toBeNull();
    const events = await db().ticketEvent.findMany({ where: { ticketId: ticket.id, type: 'ticket.rated' }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.data)).toEqual([
      { rating: 4, previous: null, comment: 'Szybko i konkretnie.' },
      { rating: 5, previous: 4 },
    ]);
    expect((await emailsTo(ticket.id, ewa.email)).map((m) => m.subject)).toEqual([
      expect.stringContaining('Ocena obsługi 4/5'),
      expect.stringContaining('Ocena obsługi 5/5'),
    ]);
    // The same rating again (a double click) changes nothing.
    expect(await rateTicket({ principal: anna.principal, number: ticket.number, rating: 5 })).toMatchObject({
      ok: true,
      value: { changed: false },
    });
  });

  it('refuses 0, 6 and 2.5 stars', async () => {
    const ticket = await ticketOf(anna, { status: 'CLOSED' });
    for (const rating of [0, 6, 2.5, Number.NaN]) {
      const result = await rateTicket({ principal: anna.principal, number: ticket.number, rating });
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'invalid', fieldErrors: { rating: [expect.stringMatching(/^errors\.rating\./)] } },
      });
    }
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).rating).toBeNull();
  });

  it('is only for solved or closed tickets, and only for their reporter', async () => {
    const open = await ticketOf(anna, { status: 'OPEN' });
    expect(await rateTicket({ principal: anna.principal, number: open.number, rating: 5 })).toEqual({
      ok: false,
      error: { kind: 'not_ratable', status: 'OPEN' },
    });
    const solved = await ticketOf(anna, { status: 'RESOLVED' });
    expect(await rateTicket({ principal: beata.principal, number: solved.number, rating: 1 })).toEqual({
      ok: false,
      error: { kind: 'not_allowed' },
    });
    expect(await rateTicket({ principal: linkFor(solved.id, anna.email), number: solved.number, rating: 3 })).toMatchObject({ ok: true });
  });
});

describe('who may act', () => {
  it('answers not_found to other customers, colleagues, staff and links for other tickets, for every action, and writes nothing', async () => {
    const ticket = await ticketOf(anna, { status: 'RESOLVED' });
    const another = await ticketOf(anna);
    const strangers: Principal[] = [
      piotr.principal,
      outsider.principal,
      ewa.principal,
      linkFor(another.id, anna.email),
      linkFor(ticket.id, 'mallory@example.pl'),
      { kind: 'guest' },
      { kind: 'api' },
    ];
    const token = await upload('cudzy.png');
    for (const principal of strangers) {
      const results = await Promise.all([
        replyAsCustomer({ principal, number: ticket.number, body: 'Cudza odpowiedź', attachmentTokens: [token] }),
        markSolved({ principal, number: ticket.number }),
        reopen({ principal, number: ticket.number }),
        rateTicket({ principal, number: ticket.number, rating: 1 }),
      ]);
      expect(results).toEqual(Array(4).fill({ ok: false, error: { kind: 'not_found' } }));
    }
    // A number that does not exist answers the same.
    expect(await markSolved({ principal: anna.principal, number: 99_999_999 })).toEqual({ ok: false, error: { kind: 'not_found' } });

    const row = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { messages: true, events: true } });
    expect(row).toMatchObject({ status: 'RESOLVED', rating: null, version: 1 });
    expect(row.messages).toHaveLength(1);
    expect(row.events.map((e) => e.type)).toEqual(['ticket.created']);
    expect(await db().attachment.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('offers the page’s buttons by status and role', async () => {
    const solved = await ticketOf(piotr, { status: 'RESOLVED' });
    expect((await getTicketPageForPrincipal(solved.number, piotr.principal))?.actions).toEqual({
      reply: true,
      markSolved: false,
      reopen: true,
      rate: true,
    });
    expect((await getTicketPageForPrincipal(solved.number, beata.principal))?.actions).toEqual({
      reply: true,
      markSolved: false,
      reopen: true,
      rate: false,
    });
    expect((await getTicketPageForPrincipal(solved.number, ewa.principal))?.actions).toEqual({
      reply: false,
      markSolved: false,
      reopen: false,
      rate: false,
    });
    expect(await getTicketPageForPrincipal(solved.number, anna.principal)).toBeNull();
  });
});

describe('what customers see', () => {
  it('never returns internal notes or internal events to customers or ticket links', async () => {
    const ticket = await ticketOf(anna, { status: 'OPEN', assigneeId: ewa.id });
    await db().message.create({
      data: { ticketId: ticket.id, type: 'NOTE', authorId: ewa.id, body: 'Wewnętrzne: klient zalega z płatnością.' },
    });
    await db().message.create({ data: { ticketId: ticket.id, type: 'AGENT', authorId: ewa.id, body: 'Sprawdzamy, odezwiemy się dziś.' } });
    await db().ticketEvent.create({
      data: { ticketId: ticket.id, actorId: ewa.id, type: 'ticket.assigned', data: { to: 'Ewa Dąbrowska' } },
    });
    await db().ticketEvent.create({
      data: { ticketId: ticket.id, actorId: ewa.id, type: 'ticket.status_changed', data: { from: 'NEW', to: 'OPEN' } },
    });

    for (const principal of [anna.principal, beata.principal, linkFor(ticket.id, anna.email)]) {
      const view = await getTicketForPrincipal(ticket.number, principal);
      expect(view?.messages.map((m) => m.type)).toEqual(['CUSTOMER', 'AGENT']);
      expect(JSON.stringify(view)).not.toContain('zalega');
      expect(view?.activity).toMatchObject([{ kind: 'status', from: 'NEW', to: 'OPEN', actor: { isStaff: true } }]);
    }
    const staffView = await getTicketForPrincipal(ticket.number, ewa.principal);
    expect(staffView?.messages.map((m) => m.type)).toEqual(['CUSTOMER', 'NOTE', 'AGENT']);
  });
});

describe('listTicketsForCustomer', () => {
  it('lists the customer’s own tickets, newest activity first, filtered open / closed / all', async () => {
    const nina = await person({ name: 'Nina Nowak', companyId: firm.id });
    const older = await ticketOf(nina, { status: 'OPEN' });
    const solved = await ticketOf(nina, { status: 'RESOLVED' });
    const newest = await ticketOf(nina);
    await replyAsCustomer({ principal: nina.principal, number: older.number, body: 'Podbijam.' });

    const open = await listTicketsForCustomer(nina.principal);
    expect(open?.items.map((i) => i.number)).toEqual([older.displayNumber, newest.displayNumber]);
    expect(open?.counts).toEqual({ open: 2, closed: 1, all: 3 });
    expect((await listTicketsForCustomer(nina.principal, { filter: 'closed' }))?.items.map((i) => i.number)).toEqual([
      solved.displayNumber,
    ]);
    expect((await listTicketsForCustomer(nina.principal, { filter: 'all' }))?.items).toHaveLength(3);
    expect(await listTicketsForCustomer({ kind: 'guest' })).toBeNull();
  });

  it('shows a company admin the company’s tickets with their reporters, but not a plain colleague', async () => {
    const mine = await ticketOf(piotr);
    const admins = await listTicketsForCustomer(beata.principal, { scope: 'company', filter: 'all' });
    expect(admins?.scope).toBe('company');
    expect(admins?.canSeeCompany).toBe(true);
    const row = admins?.items.find((i) => i.number === mine.displayNumber);
    expect(row?.reporter).toMatchObject({ name: 'Piotr Zieliński', isViewer: false });
    expect(admins?.items.some((i) => i.reporter.name === 'Anna Wiśniewska')).toBe(true);

    const colleague = await listTicketsForCustomer(anna.principal, { scope: 'company', filter: 'all' });
    expect(colleague?.scope).toBe('mine');
    expect(colleague?.canSeeCompany).toBe(false);
    expect(colleague?.items.some((i) => i.number === mine.displayNumber)).toBe(false);
    expect(colleague?.items.every((i) => i.reporter.isViewer)).toBe(true);

    const stranger = await listTicketsForCustomer(outsider.principal, { scope: 'company', filter: 'all' });
    expect(stranger?.items.some((i) => i.number === mine.displayNumber)).toBe(false);
  });

  it('pages 20 at a time', async () => {
    const busy = await person({ name: 'Zofia Zajęta' });
    for (let i = 0; i < 21; i++) await ticketOf(busy);
    const first = await listTicketsForCustomer(busy.principal, { filter: 'all' });
    const second = await listTicketsForCustomer(busy.principal, { filter: 'all', page: 2 });
    expect(first).toMatchObject({ page: 1, pageCount: 2 });
    expect(first?.items).toHaveLength(20);
    expect(second?.items).toHaveLength(1);
    expect(new Set([...first!.items, ...second!.items].map((i) => i.number)).size).toBe(21);
    expect((await listTicketsForCustomer(busy.principal, { filter: 'all', page: 99 }))?.page).toBe(2);
  });
});
