import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role, TicketStatus } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';

// Uploaded bytes go to a throw-away folder; env() is read lazily, so this must precede the first call.
process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-agent-'));

const { db } = await import('@/server/db/client');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
const { replyAsAgent, addInternalNote, updateTicket } = await import('@/server/tickets/agent-actions');
const { replyAsCustomer } = await import('@/server/tickets/customer-actions');
const { getTicketForPrincipal } = await import('@/server/tickets/queries');
const { getAgentTicketView } = await import('@/server/agent/ticket-view');
const { businessCalendarFor } = await import('@/server/plan-settings');
const { businessMsBetween } = await import('@/server/calendar');
const { acceptUpload } = await import('@/server/attachments');
const { signTicketLink, verifyTicketLink } = await import('@/server/auth/ticket-link');
const { capturedEmailPath, createTransport, deliver } = await import('@/server/mail/outbound/sender');

const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);
const HOUR = 3_600_000;
const tag = () => randomUUID().slice(0, 8);

interface Person {
  id: string;
  email: string;
  name: string;
  principal: Principal;
}

async function person(
  name: string,
  { role = 'CUSTOMER', locale = 'pl', active = true }: { role?: Role; locale?: string; active?: boolean } = {},
): Promise<Person> {
  const email = `${name.split(' ')[0]!.toLowerCase()}.${tag()}@example.pl`;
  const user = await db().user.create({ data: { email, name, role, locale, active } });
  return { id: user.id, email, name, principal: { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false } };
}

async function ticketOf(reporter: Person, status?: TicketStatus) {
  const fields = ticketFieldsSchema.parse({
    category: 'TECHNICAL_ERROR',
    subject: `Voucher nie działa ${tag()}`,
    actual: 'Po wpisaniu kodu kasa pokazuje błąd VOUCHER_EXPIRED.',
    identifiers: [{ kind: 'VOUCHER_CODE', value: 'GIFT-7Q2K-9M4P' }],
    priority: 'HIGH',
  });
  const created = await createTicket({ fields, reporter: { userId: reporter.id }, channel: 'WEB' });
  if (!created.ok) throw new Error('ticket not created');
  if (status) await db().ticket.update({ where: { id: created.value.id }, data: { status } });
  return db().ticket.findUniqueOrThrow({ where: { id: created.value.id } });
}

async function outboxTo(email: string, template?: string) {
  return db().outboundEmail.findMany({ where: { toEmail: email, ...(template ? { template } : {}) }, orderBy: { createdAt: 'asc' } });
}

async function upload(name: string): Promise<string> {
  const result = await acceptUpload({ fileName: name, bytes: PNG });
  if (!result.ok) throw new Error(`upload refused: ${result.error.code}`);
  return result.value.token;
}

describe('agent actions', () => {
  it('e-mails a public reply to the reporter in their language and stamps the first response', async () => {
    const agent = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const reporter = await person('John Smith', { locale: 'en' });
    const ticket = await ticketOf(reporter);

    const result = await replyAsAgent({
      principal: agent.principal,
      number: ticket.number,
      body: 'The voucher was expired; I have extended it by 30 days.',
      attachmentTokens: [await upload('fix.png')],
      expectedVersion: ticket.version,
    });
    expect(result.ok).toBe(true);

    const after = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after.status).toBe('OPEN');
    expect(after.firstRespondedAt).not.toBeNull();
    expect(after.version).toBe(ticket.version + 1);

    const [mail] = await outboxTo(reporter.email, 'agent.reply');
    expect(mail?.subject).toBe(`[VCH-${ticket.number}] ${ticket.subject}`);
    expect(mail?.text).toContain('The voucher was expired; I have extended it by 30 days.');
    expect(mail?.text).toContain('Reply from Ewa Dąbrowska');
    expect(mail?.text).toContain(`/pomoc/zgloszenia/VCH-${ticket.number}?t=`);

    const firstRespondedAt = after.firstRespondedAt;
    const second = await replyAsAgent({
      principal: agent.principal,
      number: ticket.number,
      body: 'One more thing.',
      expectedVersion: after.version,
    });
    expect(second.ok).toBe(true);
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).firstRespondedAt).toEqual(firstRespondedAt);
  });

  it("sends the agent's reply as a person's mail, never marked Auto-Submitted, unlike the ticket's notifications", async () => {
    const agent = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const reporter = await person('Anna Nowak');
    const ticket = await ticketOf(reporter);
    expect(
      (
        await replyAsAgent({
          principal: agent.principal,
          number: ticket.number,
          body: 'Przedłużyłam ważność vouchera.',
          expectedVersion: ticket.version,
        })
      ).ok,
    ).toBe(true);

    // Delivered the way the worker delivers them, into a capture folder: the headers on the wire.
    const captureDir = mkdtempSync(path.join(tmpdir(), 'vouchie-agent-mail-'));
    const transport = createTransport({ captureDir });
    const onTheWire = async (template: string) => {
      const [row] = await outboxTo(reporter.email, template);
      if (!row) throw new Error(`no ${template} e-mail`);
      await deliver(row, transport);
      const raw = await readFile(capturedEmailPath(row.id, captureDir), 'utf8');
      return raw.slice(0, raw.search(/\r?\n\r?\n/));
    };
    expect(await onTheWire('agent.reply')).not.toMatch(/^auto-submitted:/im);
    expect(await onTheWire('ticket.received')).toMatch(/^Auto-Submitted: auto-generated$/im);
  });

  it('a double-submitted reply is added once', async () => {
    const agent = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const reporter = await person('Anna Kowalska');
    const ticket = await ticketOf(reporter);
    const command = {
      principal: agent.principal,
      number: ticket.number,
      body: 'Sprawdzam.',
      expectedVersion: ticket.version,
      idempotencyKey: 'draft-key-123',
    };
    const first = await replyAsAgent(command);
    const second = await replyAsAgent(command);
    expect(first.ok && second.ok && second.value.replayed && second.value.messageId === first.value.messageId).toBe(true);
    expect(await db().message.count({ where: { ticketId: ticket.id, type: 'AGENT' } })).toBe(1);
  });

  it('keeps an internal note from the customer, the API and e-mail', async () => {
    const agent = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const reporter = await person('Anna Kowalska');
    const ticket = await ticketOf(reporter);
    const before = (await outboxTo(reporter.email)).length;

    const note = await addInternalNote({
      principal: agent.principal,
      number: ticket.number,
      body: 'Klient ma stary plan, sprawdzić fakturę.',
      attachmentTokens: [await upload('invoice.png')],
    });
    expect(note.ok).toBe(true);

    expect(await outboxTo(reporter.email)).toHaveLength(before);
    const asReporter = await getTicketForPrincipal(ticket.number, reporter.principal);
    const asApi = await getTicketForPrincipal(ticket.number, { kind: 'api' });
    for (const view of [asReporter, asApi]) {
      expect(view?.messages.map((m) => m.type)).toEqual(['CUSTOMER']);
      expect(JSON.stringify(view)).not.toContain('sprawdzić fakturę');
    }
    const asAgent = await getAgentTicketView(ticket.number, agent.principal);
    expect(asAgent?.messages.some((m) => m.type === 'NOTE' && m.body.includes('sprawdzić fakturę'))).toBe(true);
  });

  it('"send and set Czeka na klienta" pauses the SLA and the customer reply resumes it, moving the due dates', async () => {
    const agent = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const reporter = await person('Anna Kowalska');
    const ticket = await ticketOf(reporter);

    const replied = await replyAsAgent({
      principal: agent.principal,
      number: ticket.number,
      body: 'Proszę o zrzut ekranu.',
      setStatus: 'WAITING_ON_CUSTOMER',
      expectedVersion: ticket.version,
    });
    expect(replied.ok && replied.value.status).toBe('WAITING_ON_CUSTOMER');
    const waiting = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(waiting.status).toBe('WAITING_ON_CUSTOMER');
    expect(waiting.slaPausedAt).not.toBeNull();
    const [mail] = await outboxTo(reporter.email, 'agent.reply');
    expect(mail?.text).toContain('Czekamy na Twoją odpowiedź');

    // Pretend the customer took three hours to answer.
    const pausedAt = new Date(Date.now() - 3 * HOUR);
    await db().ticket.update({ where: { id: ticket.id }, data: { slaPausedAt: pausedAt } });

    const answered = await replyAsCustomer({ principal: reporter.principal, number: ticket.number, body: 'Zrzut w załączniku.' });
    expect(answered.ok).toBe(true);
    const resumed = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(resumed.status).toBe('OPEN');
    expect(resumed.slaPausedAt).toBeNull();
    // The clocks give back, from the moment of the answer, the support-hours time that was left when the pause began.
    const calendar = await businessCalendarFor(null);
    const resumedAt = resumed.lastActivityAt;
    for (const due of ['resolutionDueAt', 'firstResponseDueAt'] as const) {
      expect(businessMsBetween(calendar, resumedAt, resumed[due]!)).toBe(businessMsBetween(calendar, pausedAt, waiting[due]!));
    }
  });

  it('refuses a stale version with the current values and changes nothing', async () => {
    const ewa = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const piotr = await person('Piotr Nowak', { role: 'AGENT' });
    const reporter = await person('Anna Kowalska');
    const ticket = await ticketOf(reporter);

    const first = await updateTicket({
      principal: ewa.principal,
      number: ticket.number,
      expectedVersion: ticket.version,
      changes: { priority: 'URGENT' },
    });
    expect(first.ok).toBe(true);
    const mailsBefore = await db().outboundEmail.count({ where: { ticketId: ticket.id } });

    const stale = await updateTicket({
      principal: piotr.principal,
      number: ticket.number,
      expectedVersion: ticket.version,
      changes: { priority: 'LOW', status: 'RESOLVED' },
    });
    expect(stale).toEqual({
      ok: false,
      error: {
        kind: 'conflict',
        current: expect.objectContaining({ version: ticket.version + 1, priority: 'URGENT', status: 'NEW', changedBy: 'Ewa Dąbrowska' }),
      },
    });
    const staleReply = await replyAsAgent({
      principal: piotr.principal,
      number: ticket.number,
      body: 'Stara wersja',
      expectedVersion: ticket.version,
    });
    expect(!staleReply.ok && staleReply.error.kind).toBe('conflict');

    const after = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after).toMatchObject({ priority: 'URGENT', status: 'NEW', version: ticket.version + 1 });
    expect(await db().message.count({ where: { ticketId: ticket.id } })).toBe(1);
    expect(await db().outboundEmail.count({ where: { ticketId: ticket.id } })).toBe(mailsBefore);
  });

  it('refuses a status move the table does not allow', async () => {
    const agent = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const reporter = await person('Anna Kowalska');
    const ticket = await ticketOf(reporter, 'CLOSED');
    const result = await updateTicket({
      principal: agent.principal,
      number: ticket.number,
      expectedVersion: ticket.version,
      changes: { status: 'OPEN' },
    });
    expect(result).toEqual({ ok: false, error: { kind: 'invalid_transition', from: 'CLOSED', to: 'OPEN' } });
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('CLOSED');
  });

  it('answers not_found to customers, the API and ticket links', async () => {
    const reporter = await person('Anna Kowalska');
    const ticket = await ticketOf(reporter);
    const grant = verifyTicketLink(signTicketLink(ticket.id, reporter.email));
    if (!grant) throw new Error('ticket link not verified');
    const principals: Principal[] = [reporter.principal, { kind: 'ticketLink', grant }, { kind: 'api' }, { kind: 'guest' }];
    for (const principal of principals) {
      expect(await replyAsAgent({ principal, number: ticket.number, body: 'x', expectedVersion: ticket.version })).toEqual({
        ok: false,
        error: { kind: 'not_found' },
      });
      expect(await addInternalNote({ principal, number: ticket.number, body: 'x' })).toEqual({ ok: false, error: { kind: 'not_found' } });
      expect(
        await updateTicket({ principal, number: ticket.number, expectedVersion: ticket.version, changes: { priority: 'LOW' } }),
      ).toEqual({
        ok: false,
        error: { kind: 'not_found' },
      });
      expect(await getAgentTicketView(ticket.number, principal)).toBeNull();
    }
    expect(await db().message.count({ where: { ticketId: ticket.id } })).toBe(1);
  });

  it('assigning to another agent writes an event with both names', async () => {
    const ewa = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const piotr = await person('Piotr Nowak', { role: 'AGENT' });
    const former = await person('Jan Były', { role: 'AGENT', active: false });
    const reporter = await person('Anna Kowalska');
    const ticket = await ticketOf(reporter);

    const toFormer = await updateTicket({
      principal: ewa.principal,
      number: ticket.number,
      expectedVersion: ticket.version,
      changes: { assigneeId: former.id },
    });
    expect(!toFormer.ok && toFormer.error.kind).toBe('invalid');

    const result = await updateTicket({
      principal: ewa.principal,
      number: ticket.number,
      expectedVersion: ticket.version,
      changes: { assigneeId: piotr.id },
    });
    expect(result).toEqual({ ok: true, value: { version: ticket.version + 1, changed: ['assigneeId'] } });
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).assigneeId).toBe(piotr.id);
    const event = await db().ticketEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: 'ticket.assigned' } });
    expect(event.actorId).toBe(ewa.id);
    expect(event.data).toMatchObject({ from: null, to: piotr.id, toName: 'Piotr Nowak' });
  });

  it('tells the reporter when an agent solves the ticket, and not when only the priority changes', async () => {
    const agent = await person('Ewa Dąbrowska', { role: 'AGENT' });
    const reporter = await person('Anna Kowalska');
    const ticket = await ticketOf(reporter);

    const priority = await updateTicket({
      principal: agent.principal,
      number: ticket.number,
      expectedVersion: ticket.version,
      changes: { priority: 'LOW', tags: ['Kasa', 'kasa', 'voucher'] },
    });
    expect(priority.ok).toBe(true);
    expect(await outboxTo(reporter.email, 'ticket.status_changed')).toHaveLength(0);
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).tags).toEqual(['kasa', 'voucher']);

    const solved = await updateTicket({
      principal: agent.principal,
      number: ticket.number,
      expectedVersion: ticket.version + 1,
      changes: { status: 'RESOLVED' },
    });
    expect(solved.ok).toBe(true);
    const after = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after.resolvedAt).not.toBeNull();
    const [mail] = await outboxTo(reporter.email, 'ticket.status_changed');
    expect(mail?.subject).toBe(`[VCH-${ticket.number}] ${ticket.subject}`);
    expect(mail?.text).toContain('rozwiązane');
  });
});
