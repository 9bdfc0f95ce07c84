import { randomInt, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Plan, Role, TicketCategory, TicketPriority, TicketStatus } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const { listQueue, queueCounts } = await import('@/server/agent/queue');
// The view counts span the whole database: they are tested on a database of their own (agent-queue-counts.test.ts).
const { parseQueueQuery, queueHref } = await import('@/server/agent/views');
type QueueQuery = import('@/server/agent/views').QueueQuery;

const tag = () => randomUUID().slice(0, 8);

async function user(role: Role, companyId: string | null = null) {
  const u = await db().user.create({
    data: { email: `${role.toLowerCase()}.${tag()}@example.pl`, name: `${role} ${tag()}`, role, companyId },
  });
  const principal: Principal = { kind: 'user', userId: u.id, role, companyId, isCompanyAdmin: false };
  return { ...u, principal };
}

/** Every ticket in this file carries this tag, so filters can be checked against this file's data only. */
const RUN = `queue-${tag()}`;
let agent: Awaited<ReturnType<typeof user>>;
let other: Awaited<ReturnType<typeof user>>;
let customer: Awaited<ReturnType<typeof user>>;
let premiumCustomer: Awaited<ReturnType<typeof user>>;

interface Spec {
  subject?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: TicketCategory;
  channel?: Channel;
  assigneeId?: string | null;
  reporterId?: string;
  tags?: string[];
  createdAt?: Date;
  lastActivityAt?: Date;
  messages?: { body: string; type?: 'CUSTOMER' | 'AGENT' | 'NOTE' }[];
  identifiers?: string[];
  resolutionDueAt?: Date;
  slaPausedAt?: Date;
}

async function ticket(spec: Spec = {}) {
  const reporterId = spec.reporterId ?? customer.id;
  const reporter = await db().user.findUniqueOrThrow({ where: { id: reporterId } });
  const t = await db().ticket.create({
    data: {
      subject: spec.subject ?? `Zgłoszenie ${tag()}`,
      category: spec.category ?? 'TECHNICAL_ERROR',
      status: spec.status ?? 'OPEN',
      priority: spec.priority ?? 'NORMAL',
      channel: spec.channel ?? 'WEB',
      reporterId,
      companyId: reporter.companyId,
      assigneeId: spec.assigneeId === undefined ? null : spec.assigneeId,
      tags: [RUN, ...(spec.tags ?? [])],
      createdAt: spec.createdAt,
      lastActivityAt: spec.lastActivityAt,
      resolutionDueAt: spec.resolutionDueAt,
      slaPausedAt: spec.slaPausedAt,
    },
  });
  for (const m of spec.messages ?? []) {
    await db().message.create({ data: { ticketId: t.id, type: m.type ?? 'CUSTOMER', body: m.body, authorId: reporterId } });
  }
  for (const value of spec.identifiers ?? []) {
    await db().ticketIdentifier.create({ data: { ticketId: t.id, kind: 'VOUCHER_CODE', value } });
  }
  return t;
}

const q = (input: Record<string, string | string[]>): QueueQuery => parseQueueQuery({ tag: RUN, ...input });

async function numbersOf(principal: Principal, query: QueueQuery): Promise<number[]> {
  const numbers: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listQueue(principal, { ...query, cursor }, 3);
    if (!page) throw new Error('not staff');
    numbers.push(...page.rows.map((r) => Number(r.number.slice(4))));
    if (!page.nextCursor) return numbers;
    cursor = page.nextCursor;
  }
}

beforeAll(async () => {
  const start = await db().company.create({ data: { name: `Firma ${tag()}`, externalId: `cmp-${tag()}`, plan: 'START' satisfies Plan } });
  const premium = await db().company.create({
    data: { name: `Firma ${tag()}`, externalId: `cmp-${tag()}`, plan: 'PREMIUM' satisfies Plan },
  });
  agent = await user('AGENT');
  other = await user('ADMIN');
  customer = await user('CUSTOMER', start.id);
  premiumCustomer = await user('CUSTOMER', premium.id);
});

describe('agent queue', () => {
  it('filters by status, priority, category, channel, plan, tag and created range', async () => {
    const a = await ticket({
      status: 'NEW',
      priority: 'URGENT',
      category: 'BILLING',
      channel: 'EMAIL',
      createdAt: new Date('2025-03-10T10:00:00Z'),
    });
    const b = await ticket({
      status: 'RESOLVED',
      priority: 'LOW',
      category: 'OTHER',
      channel: 'API',
      reporterId: premiumCustomer.id,
      tags: ['vip'],
    });
    const numbers = (query: QueueQuery) => numbersOf(agent.principal, query);
    expect(await numbers(q({ status: 'NEW' }))).toContain(a.number);
    expect(await numbers(q({ status: 'NEW' }))).not.toContain(b.number);
    expect(await numbers(q({ status: ['NEW', 'RESOLVED'] }))).toEqual(expect.arrayContaining([a.number, b.number]));
    expect(await numbers(q({ priority: 'URGENT' }))).toEqual([a.number]);
    expect(await numbers(q({ category: 'OTHER' }))).toEqual([b.number]);
    expect(await numbers(q({ channel: 'EMAIL' }))).toEqual([a.number]);
    expect(await numbers(q({ plan: 'PREMIUM' }))).toEqual([b.number]);
    expect(await numbers(parseQueueQuery({ tag: 'vip', q: b.subject }))).toEqual([b.number]);
    expect(await numbers(q({ from: '2025-03-10', to: '2025-03-10' }))).toEqual([a.number]);
    expect(await numbers(q({ to: '2025-03-09' }))).toEqual([]);
  });

  it('filters "mine", "unassigned" and a named assignee', async () => {
    const mine = await ticket({ assigneeId: agent.id });
    const theirs = await ticket({ assigneeId: other.id });
    const nobody = await ticket({ assigneeId: null });
    const listed = (principal: Principal, input: Record<string, string>) => numbersOf(principal, q(input));
    const me = await listed(agent.principal, { assignee: 'me' });
    expect(me).toContain(mine.number);
    expect(me).not.toContain(theirs.number);
    expect(await listed(other.principal, { assignee: 'me' })).toContain(theirs.number);
    expect(await listed(agent.principal, { assignee: other.id })).toContain(theirs.number);
    const unassigned = await listed(agent.principal, { assignee: 'none' });
    expect(unassigned).toContain(nobody.number);
    expect(unassigned).not.toContain(mine.number);
    expect(await listed(agent.principal, { view: 'mine' })).toContain(mine.number);
    expect(await listed(agent.principal, { view: 'unassigned' })).toContain(nobody.number);
  });

  it('takes several assignees as "any of": me, unassigned and a colleague together', async () => {
    const mine = await ticket({ assigneeId: agent.id });
    const theirs = await ticket({ assigneeId: other.id });
    const nobody = await ticket({ assigneeId: null });
    const listed = (input: Record<string, string | string[]>) => numbersOf(agent.principal, q(input));
    expect((await listed({ assignee: ['me', 'none'] })).sort()).toEqual(expect.arrayContaining([mine.number, nobody.number]));
    expect(await listed({ assignee: ['me', 'none'] })).not.toContain(theirs.number);
    expect(await listed({ assignee: ['me', other.id] })).toEqual(expect.arrayContaining([mine.number, theirs.number]));
    expect(await listed({ assignee: ['me', other.id] })).not.toContain(nobody.number);
    expect(await listed({ assignee: ['none', other.id] })).toEqual(expect.arrayContaining([nobody.number, theirs.number]));
    expect(await listed({ assignee: ['none', other.id] })).not.toContain(mine.number);
  });

  it('combines several values in several filters, and answers an empty combination with no rows', async () => {
    const own = `combo-${tag()}`;
    const a = await ticket({ status: 'ON_HOLD', priority: 'URGENT', category: 'BILLING', channel: 'API', tags: [own] });
    const b = await ticket({ status: 'NEW', priority: 'HIGH', category: 'BILLING', channel: 'EMAIL', tags: [own] });
    const c = await ticket({ status: 'NEW', priority: 'LOW', category: 'BILLING', channel: 'EMAIL', tags: [own] });
    const numbers = (input: Record<string, string | string[]>) => numbersOf(agent.principal, parseQueueQuery({ ...input, tag: own }));
    expect((await numbers({ status: ['ON_HOLD', 'NEW'], priority: ['URGENT', 'HIGH'], category: 'BILLING' })).sort()).toEqual(
      [a.number, b.number].sort(),
    );
    expect(await numbers({ status: 'ON_HOLD', priority: 'URGENT', category: 'BILLING', channel: 'API', plan: 'START' })).toEqual([
      a.number,
    ]);
    expect(await numbers({ status: 'ON_HOLD', priority: 'URGENT', category: 'BILLING', channel: 'API', plan: 'PREMIUM' })).toEqual([]);
    expect(await numbers({ status: 'ON_HOLD', priority: 'LOW', channel: ['API', 'EMAIL'] })).toEqual([]);
    expect(await numbers({ status: 'NEW', priority: 'LOW', channel: ['API', 'EMAIL'], sort: 'created' })).toEqual([c.number]);
  });

  it('finds a word from a message, and an internal note for agents', async () => {
    const word = `zażółć${tag()}`;
    const noteWord = `notatka${tag()}`;
    const t = await ticket({
      messages: [{ body: `Klientka pisze: ${word} nie działa.` }, { body: `Sprawdzić ${noteWord} w logach`, type: 'NOTE' }],
    });
    await ticket({ messages: [{ body: 'Zupełnie inna sprawa.' }] });
    expect(await numbersOf(agent.principal, q({ q: word }))).toEqual([t.number]);
    expect(await numbersOf(agent.principal, q({ q: noteWord }))).toEqual([t.number]);
    expect(await numbersOf(agent.principal, q({ q: customer.email }))).toContain(t.number);
  });

  it('finds a ticket by its number, with or without the VCH- prefix, though no text of it holds the number', async () => {
    const t = await ticket({ messages: [{ body: 'Kasa odrzuca kod.' }] });
    const indexed = await db().$queryRaw<{ text: string }[]>`SELECT "searchDocument"::text AS text FROM "Ticket" WHERE id = ${t.id}::uuid`;
    expect(indexed[0]?.text).not.toContain(String(t.number));
    expect(await numbersOf(agent.principal, q({ q: `VCH-${t.number}` }))).toEqual([t.number]);
    expect(await numbersOf(agent.principal, q({ q: `vch-${t.number}` }))).toEqual([t.number]);
    expect(await numbersOf(agent.principal, q({ q: String(t.number) }))).toEqual([t.number]);
    expect(await numbersOf(agent.principal, q({ q: `VCH-${t.number + 1_000_000}` }))).toEqual([]);
  });

  it('finds every ticket that mentions a voucher code, in identifiers or in message text', async () => {
    // Parts start with a letter, as Vouchie's codes do: Postgres' parser reads a part like `1E23` as a number,
    // which changes how a longer code splits (a known limit of matching a code inside another one). The digit
    // right after it keeps the 9-character prefix below code-like (a query without a digit is searched as words).
    const part = (letter: string) => `${letter}${randomInt(10)}${tag().slice(0, 2).toUpperCase()}`;
    const code = `GIFT-${part('K')}-${part('M')}`;
    const inIdentifier = await ticket({ identifiers: [code] });
    const inMessage = await ticket({ messages: [{ body: `Kod ${code} nie przechodzi w kasie.` }] });
    await ticket({ identifiers: ['GIFT-0000-0000'] });
    expect((await numbersOf(agent.principal, q({ q: code }))).sort()).toEqual([inIdentifier.number, inMessage.number].sort());
    // A prefix finds the identifier (whether the text parser also splits the code into words depends on its characters).
    expect(await numbersOf(agent.principal, q({ q: code.toLowerCase().slice(0, 9) }))).toContain(inIdentifier.number);
    // The code inside a longer one (a prefix the panel adds) and inside a sentence is found too.
    const longer = await ticket({ identifiers: [`VCH-${code}`], messages: [{ body: `Klient podał kod PL-${code}.` }] });
    expect(await numbersOf(agent.principal, q({ q: code }))).toContain(longer.number);
    // An edited message is re-indexed: the old text no longer matches, the new one does.
    const message = await db().message.findFirstOrThrow({ where: { ticketId: inMessage.id } });
    await db().message.update({ where: { id: message.id }, data: { body: 'Już nieaktualne.' } });
    expect((await numbersOf(agent.principal, q({ q: code }))).sort()).toEqual([inIdentifier.number, longer.number].sort());
  });

  it('pages with a stable keyset cursor when timestamps are equal', async () => {
    const same = new Date('2024-01-01T12:00:00.000Z');
    const pageTag = `page-${tag()}`;
    const made: number[] = [];
    for (let i = 0; i < 7; i++)
      made.push((await ticket({ tags: [pageTag], lastActivityAt: same, createdAt: same, priority: 'HIGH' })).number);
    for (const sort of ['activity', 'created', 'priority', 'sla']) {
      const listed = await numbersOf(agent.principal, parseQueueQuery({ tag: pageTag, sort }));
      expect(listed).toHaveLength(7);
      expect(new Set(listed)).toEqual(new Set(made));
    }
  });

  it('is for staff only', async () => {
    expect(await listQueue(customer.principal, q({}))).toBeNull();
    expect(await queueCounts(customer.principal)).toBeNull();
    expect(await listQueue({ kind: 'guest' }, q({}))).toBeNull();
    expect(await listQueue({ kind: 'api' }, q({}))).toBeNull();
  });

  it('parses the URL leniently and writes it back canonically', () => {
    const query = parseQueueQuery(
      new URLSearchParams('view=sla&status=OPEN&status=BOGUS&priority=HIGH,URGENT&sort=nope&assignee=x&q=%20kod%20'),
    );
    expect(query).toMatchObject({ view: 'sla', status: ['OPEN'], priority: ['HIGH', 'URGENT'], sort: 'activity', assignee: [], q: 'kod' });
    expect(queueHref(query)).toBe('/agent?view=sla&status=OPEN&priority=HIGH&priority=URGENT&q=kod');
    const assignees = parseQueueQuery(new URLSearchParams(`assignee=me&assignee=none&assignee=${other.id}&assignee=bogus&assignee=me`));
    expect(assignees.assignee).toEqual(['me', 'none', other.id]);
    expect(queueHref(assignees)).toBe(`/agent?assignee=me&assignee=none&assignee=${other.id}`);
  });
});
