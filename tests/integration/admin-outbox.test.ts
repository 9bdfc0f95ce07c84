import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { getOutboundEmail, listOutbox } from '@/server/admin/outbox';
import { outboxQuerySchema } from '@/server/admin/outbox-schemas';
import { enqueueEmail } from '@/server/mail/outbound/outbox';

/**
 * The admin outbox queries. Other files share the database (and a worker test may empty the outbox between
 * files, never during this one), so each test searches for the unique addresses it wrote itself.
 */

const tag = () => randomUUID().slice(0, 8);
const query = (input: Record<string, string | undefined>) => outboxQuerySchema.parse(input);

async function user(role: 'ADMIN' | 'AGENT' | 'CUSTOMER'): Promise<Principal> {
  const created = await db().user.create({ data: { email: `${role.toLowerCase()}.${tag()}@vouchie.pl`, role } });
  return { kind: 'user', userId: created.id, role, companyId: null, isCompanyAdmin: false };
}

async function write(
  toEmail: string,
  {
    template = 'ticket.received',
    ticketId = null as string | null,
    createdAt,
  }: { template?: string; ticketId?: string | null; createdAt?: Date } = {},
) {
  const { id } = await db().$transaction((tx) =>
    enqueueEmail(tx, {
      template,
      ticketId,
      to: { email: toEmail, name: 'Anna' },
      subject: `Temat ${tag()}`,
      text: 'Treść',
      html: '<p>Treść <b>HTML</b></p>',
      headers: { 'X-Test': 'tak' },
    }),
  );
  if (createdAt) await db().outboundEmail.update({ where: { id }, data: { createdAt } });
  return id;
}

describe('admin outbox queries', () => {
  it('refuse agents, customers, ticket links and guests', async () => {
    const someId = await write(`refused.${tag()}@firma.pl`);
    const outsiders: Principal[] = [
      await user('AGENT'),
      await user('CUSTOMER'),
      { kind: 'guest' },
      { kind: 'api' },
      { kind: 'ticketLink', grant: { ticketId: randomUUID(), email: 'a@b.pl', expiresAt: new Date(Date.now() + 60_000) } },
    ];
    for (const principal of outsiders) {
      expect(await listOutbox(principal, query({}))).toEqual({ ok: false, error: { kind: 'forbidden' } });
      expect(await getOutboundEmail(principal, someId)).toEqual({ ok: false, error: { kind: 'forbidden' } });
    }
  });

  it('lists newest first and filters by status, template and recipient', async () => {
    const admin = await user('ADMIN');
    const domain = `filtr-${tag()}.pl`;
    const base = Date.now() - 60_000;
    const older = await write(`stary@${domain}`, { createdAt: new Date(base) });
    const newer = await write(`nowy@${domain}`, { template: 'agent.reply', createdAt: new Date(base + 1_000) });
    const failed = await write(`zepsuty@${domain}`, { createdAt: new Date(base + 2_000) });
    await db().outboundEmail.update({ where: { id: failed }, data: { status: 'FAILED', lastError: 'ECONNREFUSED' } });

    const ids = async (input: Record<string, string | undefined>) => {
      const page = await listOutbox(admin, query({ q: domain, ...input }));
      if (!page.ok) throw new Error('refused');
      return page.value.rows.map((r) => r.id);
    };
    expect(await ids({})).toEqual([failed, newer, older]);
    expect(await ids({ status: 'failed' })).toEqual([failed]);
    expect(await ids({ status: 'pending' })).toEqual([newer, older]);
    expect(await ids({ status: 'sent' })).toEqual([]);
    expect(await ids({ template: 'agent.reply' })).toEqual([newer]);
    expect(await ids({ q: `NOWY@${domain}` })).toEqual([newer]);
    // Nonsense in the URL means "no filter", not an error.
    expect(await ids({ status: 'bogus', template: '<script>' })).toEqual([failed, newer, older]);
  });

  it('finds a ticket’s e-mails by its number, with or without the VCH- prefix', async () => {
    const admin = await user('ADMIN');
    const reporter = await db().user.create({ data: { email: `zglaszajacy.${tag()}@firma.pl` } });
    const ticket = await db().ticket.create({ data: { subject: 'Numer', category: 'OTHER', reporterId: reporter.id } });
    const id = await write(reporter.email, { ticketId: ticket.id });
    for (const q of [`VCH-${ticket.number}`, `vch-${ticket.number}`, String(ticket.number)]) {
      const page = await listOutbox(admin, query({ q }));
      expect(page.ok && page.value.rows.map((r) => [r.id, r.ticketNumber])).toEqual([[id, `VCH-${ticket.number}`]]);
    }
  });

  it('pages with a keyset cursor: no row repeated or skipped, even when rows share a timestamp', async () => {
    const admin = await user('ADMIN');
    const domain = `strony-${tag()}.pl`;
    const same = new Date(Date.now() - 30_000);
    const written = [];
    for (let i = 0; i < 5; i += 1) written.push(await write(`o${i}@${domain}`, { createdAt: same }));

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await listOutbox(admin, query({ q: domain, after }), 2);
      if (!page.ok) throw new Error('refused');
      seen.push(...page.value.rows.map((r) => r.id));
      after = page.value.nextCursor ?? undefined;
      pages += 1;
    } while (after && pages < 10);

    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual([...written].sort());
  });

  it('shows one e-mail in full: headers, both parts and whether it can be retried', async () => {
    const admin = await user('ADMIN');
    const id = await write(`detal.${tag()}@firma.pl`);
    const detail = await getOutboundEmail(admin, id);
    expect(detail.ok).toBe(true);
    if (!detail.ok) return;
    expect(detail.value).toMatchObject({
      id,
      status: 'PENDING',
      retryable: false,
      text: 'Treść',
      html: '<p>Treść <b>HTML</b></p>',
      headers: { 'X-Test': 'tak' },
      recipientBounced: null,
    });
    expect(detail.value.messageId).toMatch(/^<.+@.+>$/);
    expect(await getOutboundEmail(admin, randomUUID())).toEqual({ ok: false, error: { kind: 'not_found' } });
  });

  it('says whether mail is captured (no SMTP_URL) or really sent', async () => {
    const page = await listOutbox(await user('ADMIN'), query({ q: 'nikt-taki' }));
    expect(page.ok && page.value.captureMode).toBe(!process.env.SMTP_URL);
  });
});
