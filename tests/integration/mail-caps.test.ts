import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { retryOutboundEmail } from '@/server/admin/outbox';
import { clearEmailBounce } from '@/server/mail/outbound/bounces';
import { processOutboxBatch } from '@/server/jobs/outbox-worker';
import { enqueueEmail, type EmailToEnqueue } from '@/server/mail/outbound/outbox';
import type { MailTransport } from '@/server/mail/outbound/sender';

const tag = () => randomUUID().slice(0, 8);
const HOUR = 3_600_000;

/** A transport that records which rows it was handed: "never sent" means never in this list. */
function recordingTransport() {
  const handed: string[] = [];
  const transport: MailTransport = {
    mode: 'capture',
    async send(_message, row) {
      handed.push(row.id);
      return { status: 'CAPTURED', response: 'recorded by the test' };
    },
    close: () => undefined,
  };
  return { handed, transport };
}

/** Runs the worker until it finds nothing due. */
async function drain(transport: MailTransport, now?: Date) {
  for (;;) {
    const result = await processOutboxBatch({ workerId: 'caps', batchSize: 50, transport, now });
    if (result.sent + result.captured + result.failed + result.retried === 0) return;
  }
}

async function newTicket() {
  const reporter = await db().user.create({ data: { email: `reporter.${tag()}@firma.pl`, name: 'Anna' } });
  return db().ticket.create({ data: { subject: `Burza ${tag()}`, category: 'OTHER', reporterId: reporter.id } });
}

function mail(overrides: Partial<EmailToEnqueue>): EmailToEnqueue {
  return {
    template: 'ticket.status_changed',
    to: { email: `x.${tag()}@firma.pl` },
    subject: 'Test',
    text: 'Treść',
    html: '<p>Treść</p>',
    ...overrides,
  };
}

const enqueue = (email: EmailToEnqueue) => db().$transaction((tx) => enqueueEmail(tx, email));

async function admin(): Promise<Principal> {
  const user = await db().user.create({ data: { email: `admin.${tag()}@vouchie.pl`, role: 'ADMIN' } });
  return { kind: 'user', userId: user.id, role: 'ADMIN', companyId: null, isCompanyAdmin: false };
}

beforeEach(async () => {
  // The worker takes every due row: each test starts from an empty outbox.
  await db().outboundEmail.deleteMany();
});

describe('per-recipient cap', () => {
  it('keeps the 21st ticket e-mail to one address within the hour as SUPPRESSED and never hands it to the sender', async () => {
    const to = { email: `storm.${tag()}@firma.pl` };
    const tickets = await Promise.all([newTicket(), newTicket()]);
    const queued = [];
    for (let i = 0; i < 21; i += 1) queued.push(await enqueue(mail({ ticketId: tickets[i % 2]!.id, to, subject: `Nr ${i}` })));

    expect(queued.slice(0, 20).every((q) => !q.suppressed)).toBe(true);
    const last = queued[20]!;
    expect(last.suppressed).toBe(true);
    const row = await db().outboundEmail.findUniqueOrThrow({ where: { id: last.id } });
    expect(row).toMatchObject({ status: 'SUPPRESSED', attempts: 0 });
    expect(row.lastError).toContain('20 e-mails to this address within an hour');

    const { handed, transport } = recordingTransport();
    await drain(transport);
    expect(handed).toHaveLength(20);
    expect(handed).not.toContain(last.id);
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: last.id } })).toMatchObject({ status: 'SUPPRESSED', sentAt: null });
  });

  it('counts only the last hour, and compares addresses case-insensitively', async () => {
    const email = `window.${tag()}@firma.pl`;
    const ticket = await newTicket();
    for (let i = 0; i < 20; i += 1) await enqueue(mail({ ticketId: ticket.id, to: { email } }));
    expect((await enqueue(mail({ ticketId: ticket.id, to: { email: email.toUpperCase() } }))).suppressed).toBe(true);

    await db().outboundEmail.updateMany({ where: { toEmail: email }, data: { createdAt: new Date(Date.now() - 2 * HOUR) } });
    expect((await enqueue(mail({ ticketId: ticket.id, to: { email } }))).suppressed).toBe(false);
  });

  it('never keeps a sign-in link from someone whose ticket mail hit the cap', async () => {
    const email = `signin.${tag()}@firma.pl`;
    const ticket = await newTicket();
    for (let i = 0; i < 21; i += 1) await enqueue(mail({ ticketId: ticket.id, to: { email } }));
    const link = await enqueue(mail({ template: 'auth.magicLink', ticketId: null, to: { email } }));
    expect(link.suppressed).toBe(false);
  });

  it('stops a runaway loop of account e-mails at twice the recipient cap', async () => {
    const email = `loop.${tag()}@firma.pl`;
    const results = [];
    for (let i = 0; i < 41; i += 1) results.push(await enqueue(mail({ template: 'auth.magicLink', ticketId: null, to: { email } })));
    expect(results.filter((r) => r.suppressed)).toHaveLength(1);
    expect(results[40]!.suppressed).toBe(true);
  });
});

describe('per-ticket cap', () => {
  it('keeps the 31st e-mail about one ticket within the hour as SUPPRESSED, whoever it is for', async () => {
    const ticket = await newTicket();
    const queued = [];
    for (let i = 0; i < 31; i += 1)
      queued.push(await enqueue(mail({ ticketId: ticket.id, to: { email: `agent${i}.${tag()}@vouchie.pl` } })));
    expect(queued.filter((q) => q.suppressed).map((q) => q.id)).toEqual([queued[30]!.id]);
    const row = await db().outboundEmail.findUniqueOrThrow({ where: { id: queued[30]!.id } });
    expect(row.lastError).toContain('30 e-mails about this ticket within an hour');

    const other = await newTicket();
    expect((await enqueue(mail({ ticketId: other.id, to: { email: `agent0.${tag()}@vouchie.pl` } }))).suppressed).toBe(false);
  });
});

describe('staff notifications', () => {
  it('are not capped per agent address: a busy hour of new tickets all reach the agent', async () => {
    const email = `agent.${tag()}@vouchie.pl`;
    const results = [];
    for (let i = 0; i < 25; i += 1)
      results.push(await enqueue(mail({ template: 'agent.new_ticket', ticketId: (await newTicket()).id, to: { email } })));
    expect(results.some((r) => r.suppressed)).toBe(false);
  });

  it('are capped per ticket and agent, so a loop on one ticket stops without muting the rest of the team', async () => {
    const ticket = await newTicket();
    const [looped, colleague] = [`petla.${tag()}@vouchie.pl`, `kolega.${tag()}@vouchie.pl`];
    const results = [];
    for (let i = 0; i < 31; i += 1)
      results.push(await enqueue(mail({ template: 'agent.notification', ticketId: ticket.id, to: { email: looped } })));
    expect(results.filter((r) => r.suppressed).map((r) => r.id)).toEqual([results[30]!.id]);
    expect((await db().outboundEmail.findUniqueOrThrow({ where: { id: results[30]!.id } })).lastError).toContain(
      'notifications about this ticket to this agent',
    );
    expect((await enqueue(mail({ template: 'agent.notification', ticketId: ticket.id, to: { email: colleague } }))).suppressed).toBe(false);
    // The team's notifications do not use up the reporter's share of the ticket cap.
    expect((await enqueue(mail({ ticketId: ticket.id, to: { email: `reporter.${tag()}@firma.pl` } }))).suppressed).toBe(false);
  });
});

describe('hard-bounced users', () => {
  it('get their e-mail written as SUPPRESSED at once, with the bounce reason, and the worker leaves it alone', async () => {
    const user = await db().user.create({
      data: { email: `odbity.${tag()}@firma.pl`, emailBouncedAt: new Date(), emailBounceReason: '550 5.1.1 user unknown' },
    });
    const ticket = await newTicket();
    const queued = await enqueue(mail({ ticketId: ticket.id, to: { email: user.email } }));
    expect(queued.suppressed).toBe(true);
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: 'SUPPRESSED',
      lastError: 'recipient address hard-bounced earlier (550 5.1.1 user unknown); not sent',
    });
    const { handed, transport } = recordingTransport();
    await drain(transport);
    expect(handed).toEqual([]);
  });

  it('are mailed again once an agent clears the mark; nobody but staff can clear it', async () => {
    const user = await db().user.create({
      data: { email: `odbity3.${tag()}@firma.pl`, emailBouncedAt: new Date(), emailBounceReason: '550 5.1.1' },
    });
    const ticket = await newTicket();
    expect((await enqueue(mail({ ticketId: ticket.id, to: { email: user.email } }))).suppressed).toBe(true);

    const customer = await db().user.create({ data: { email: `klient.${tag()}@firma.pl`, role: 'CUSTOMER' } });
    const asCustomer: Principal = { kind: 'user', userId: customer.id, role: 'CUSTOMER', companyId: null, isCompanyAdmin: false };
    expect(await clearEmailBounce(asCustomer, user.id)).toEqual({ ok: false, error: { kind: 'not_found' } });
    expect(await clearEmailBounce({ kind: 'api' }, user.id)).toEqual({ ok: false, error: { kind: 'not_found' } });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailBouncedAt).not.toBeNull();

    const agent = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, role: 'AGENT' } });
    const asAgent: Principal = { kind: 'user', userId: agent.id, role: 'AGENT', companyId: null, isCompanyAdmin: false };
    expect(await clearEmailBounce(asAgent, randomUUID())).toEqual({ ok: false, error: { kind: 'not_found' } });
    expect(await clearEmailBounce(asAgent, user.id)).toEqual({ ok: true, value: { cleared: true } });
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ emailBouncedAt: null, emailBounceReason: null });
    // Clearing an address that is not marked is a no-op.
    expect(await clearEmailBounce(asAgent, user.id)).toEqual({ ok: true, value: { cleared: false } });

    const next = await enqueue(mail({ ticketId: ticket.id, to: { email: user.email } }));
    expect(next.suppressed).toBe(false);
    const { handed, transport } = recordingTransport();
    await drain(transport);
    expect(handed).toEqual([next.id]);
    await db().user.update({ where: { id: agent.id }, data: { active: false } });
  });

  it('still get a sign-in link they asked for', async () => {
    const user = await db().user.create({ data: { email: `odbity2.${tag()}@firma.pl`, emailBouncedAt: new Date() } });
    expect((await enqueue(mail({ template: 'auth.magicLink', ticketId: null, to: { email: user.email } }))).suppressed).toBe(false);
  });
});

describe('retrying a suppressed e-mail', () => {
  it('sends it: the cap that stopped it once is not applied again', async () => {
    const email = `retry.${tag()}@firma.pl`;
    const ticket = await newTicket();
    const queued = [];
    for (let i = 0; i < 21; i += 1) queued.push(await enqueue(mail({ ticketId: ticket.id, to: { email } })));
    const suppressed = queued[20]!;
    const { handed, transport } = recordingTransport();
    await drain(transport);
    expect(handed).not.toContain(suppressed.id);

    expect(await retryOutboundEmail(await admin(), suppressed.id)).toEqual({ ok: true, value: { status: 'PENDING' } });
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: suppressed.id } })).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      lastError: null,
    });
    await drain(transport);
    expect(handed.filter((id) => id === suppressed.id)).toHaveLength(1);
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: suppressed.id } })).toMatchObject({ status: 'CAPTURED', attempts: 1 });
  });

  it('is refused while the recipient is still marked as bounced, and allowed once the mark is cleared', async () => {
    const user = await db().user.create({ data: { email: `retry-bounced.${tag()}@firma.pl`, emailBouncedAt: new Date() } });
    const queued = await enqueue(mail({ ticketId: (await newTicket()).id, to: { email: user.email } }));
    const principal = await admin();
    expect(await retryOutboundEmail(principal, queued.id)).toEqual({ ok: false, error: { kind: 'recipient_bounced' } });
    await db().user.update({ where: { id: user.id }, data: { emailBouncedAt: null } });
    expect((await retryOutboundEmail(principal, queued.id)).ok).toBe(true);
  });

  it('is for FAILED and SUPPRESSED rows only, and for admins only', async () => {
    const pending = await enqueue(mail({ ticketId: (await newTicket()).id }));
    expect(await retryOutboundEmail(await admin(), pending.id)).toEqual({ ok: false, error: { kind: 'not_retryable', status: 'PENDING' } });

    await db().outboundEmail.update({ where: { id: pending.id }, data: { status: 'FAILED', attempts: 8, lastError: 'boom' } });
    const agent = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, role: 'AGENT' } });
    const asAgent: Principal = { kind: 'user', userId: agent.id, role: 'AGENT', companyId: null, isCompanyAdmin: false };
    expect(await retryOutboundEmail(asAgent, pending.id)).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: 'FAILED', attempts: 8 });

    expect(await retryOutboundEmail(await admin(), pending.id)).toEqual({ ok: true, value: { status: 'PENDING' } });
    expect(await retryOutboundEmail(await admin(), randomUUID())).toEqual({ ok: false, error: { kind: 'not_found' } });
  });
});
