import { z } from 'zod';
import { Prisma } from '@/generated/prisma/client';
import type { Channel, Plan, Role, TicketCategory, TicketPriority, TicketStatus } from '@/generated/prisma/enums';
import { canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { formatTicketNumber, parseTicketNumber } from '@/server/tickets/numbering';
import { SLA_AT_RISK_MS, SLA_DUE_SQL as SLA_DUE, slaStateOf, type SlaState } from '@/server/sla/due';
import { OPEN_STATUSES } from '@/server/tickets/status';
import { QUEUE_COUNT_CAP, QUEUE_PAGE_SIZE, type QueueQuery, type QueueSort, type QueueView } from './views';

/**
 * The agent queue: one query per page (reporter, company and assignee joined in; a word search adds one probe of
 * the search index first), one for the views' counts.
 * Raw SQL because the queue leans on things Prisma's query builder cannot say: the full-text search document,
 * the SLA-due expression and keyset comparisons on row values. The predicates below are written as literals
 * (not parameters) on purpose: the planner matches them against the partial indexes' predicates, which it only
 * does for constants. Design notes: docs/architecture.md, "Agent queue".
 */

/** The partial indexes' predicate, written out as literals: t.status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD'). */
const OPEN = Prisma.raw(`t.status IN (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`);

function viewPredicate(view: QueueView, userId: string, now: Date): Prisma.Sql {
  switch (view) {
    case 'mine':
      return Prisma.sql`${OPEN} AND t."assigneeId" = ${userId}::uuid`;
    case 'unassigned':
      return Prisma.sql`${OPEN} AND t."assigneeId" IS NULL`;
    case 'waiting':
      return Prisma.sql`t.status = 'WAITING_ON_CUSTOMER'`;
    case 'sla':
      return Prisma.sql`${SLA_DUE} <= ${new Date(now.getTime() + SLA_AT_RISK_MS).toISOString()}::timestamp(3)`;
    case 'all':
      return Prisma.sql`TRUE`;
  }
}

type StaffPrincipal = Extract<Principal, { kind: 'user' }>;

interface SortKey {
  /** SQL for each key column, last one the tie-breaker (the id). */
  columns: Prisma.Sql[];
  /** How each column's cursor text is cast back. */
  casts: string[];
  direction: 'ASC' | 'DESC';
}

const SORTS: Record<QueueSort, SortKey> = {
  activity: { columns: [Prisma.sql`t."lastActivityAt"`, Prisma.sql`t.id`], casts: ['timestamp(3)', 'uuid'], direction: 'DESC' },
  created: { columns: [Prisma.sql`t."createdAt"`, Prisma.sql`t.id`], casts: ['timestamp(3)', 'uuid'], direction: 'DESC' },
  priority: {
    columns: [Prisma.sql`t.priority`, Prisma.sql`t."lastActivityAt"`, Prisma.sql`t.id`],
    casts: ['"TicketPriority"', 'timestamp(3)', 'uuid'],
    direction: 'DESC',
  },
  sla: { columns: [SLA_DUE, Prisma.sql`t.id`], casts: ['timestamp(3)', 'uuid'], direction: 'ASC' },
};

/** The opaque cursor: the sort it belongs to and the last row's key values, as Postgres printed them. */
const cursorSchema = z.object({ s: z.enum(['activity', 'created', 'priority', 'sla']), k: z.array(z.string().max(100)).min(2).max(3) });

function encodeCursor(sort: QueueSort, keys: string[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: keys })).toString('base64url');
}

function decodeCursor(cursor: string | undefined, sort: QueueSort): string[] | null {
  if (!cursor) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!parsed.success || parsed.data.s !== sort || parsed.data.k.length !== SORTS[sort].columns.length) return null;
    return parsed.data.k;
  } catch {
    return null;
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A text search with at most this many hits is answered from the GIN index's complete hit list. */
const SEARCH_PROBE_LIMIT = 1000;

function isIdentifierLike(q: string): boolean {
  return !/\s/.test(q) && /\d/.test(q) && q.length >= 3;
}

/**
 * Full-text over the search document (subject, reporter e-mail, identifiers, every message including notes).
 * A query that looks like an identifier or a ticket number (one token with a digit) also matches identifier
 * prefixes and the number: those are selective, so the union of ids stays small and each branch uses its index.
 * For words, `hits` is the complete list of matching ids when the word is rare (see probeSearch), or null when it
 * is common: then walking the sort index and checking each row finds a page quickly.
 */
function searchPredicate(q: string, hits: string[] | null): Prisma.Sql {
  if (!isIdentifierLike(q)) {
    return hits === null ? Prisma.sql`t."searchDocument" @@ websearch_to_tsquery('simple', ${q})` : Prisma.sql`t.id = ANY(${hits}::uuid[])`;
  }
  const number = parseTicketNumber(q);
  // The query as typed, or its parts as a phrase: `GIFT-7Q2K-9M4P` then also matches inside a longer code
  // (`VCH-GIFT-7Q2K-9M4P`), where the parser indexes the hyphenated whole and each part; e-mail addresses and
  // other single tokens still match as typed.
  const parts = q.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return Prisma.sql`t.id IN (
      SELECT s.id FROM "Ticket" s
        WHERE s."searchDocument" @@ (websearch_to_tsquery('simple', ${q}) || phraseto_tsquery('simple', ${parts}))
      UNION SELECT i."ticketId" FROM "TicketIdentifier" i WHERE lower(i.value) LIKE ${`${escapeLike(q.toLowerCase())}%`}
      ${number === null ? Prisma.empty : Prisma.sql`UNION SELECT n.id FROM "Ticket" n WHERE n.number = ${number}`}
    )`;
}

/**
 * Postgres estimates a word's frequency from statistics; for a word that is rare or absent it may still walk the
 * whole sort index looking for 50 matches (seconds on 1M tickets). So a word search first asks the GIN index for
 * up to SEARCH_PROBE_LIMIT + 1 hits (milliseconds either way): few hits become an id list, many mean the word is
 * common and the plain filter is fast.
 */
async function probeSearch(q: string | undefined): Promise<string[] | null> {
  const sql = searchProbeSql(q);
  if (!sql) return null;
  const rows = await db().$queryRaw<{ id: string }[]>(sql);
  return rows.length > SEARCH_PROBE_LIMIT ? null : rows.map((r) => r.id);
}

/** The probe's SQL, or null when the query needs none; exported for the benchmark's EXPLAIN. */
export function searchProbeSql(q: string | undefined): Prisma.Sql | null {
  if (!q || isIdentifierLike(q)) return null;
  return Prisma.sql`SELECT id FROM "Ticket" WHERE "searchDocument" @@ websearch_to_tsquery('simple', ${q}) LIMIT ${SEARCH_PROBE_LIMIT + 1}`;
}

function createdRange(query: Pick<QueueQuery, 'from' | 'to'>): Prisma.Sql[] {
  const range: Prisma.Sql[] = [];
  if (query.from) range.push(Prisma.sql`t."createdAt" >= ${query.from}::date`);
  if (query.to) range.push(Prisma.sql`t."createdAt" < ${query.to}::date + 1`);
  return range;
}

function filterPredicates(query: QueueQuery, userId: string, hits: string[] | null): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.status.length) where.push(Prisma.sql`t.status = ANY(${query.status}::"TicketStatus"[])`);
  if (query.priority.length) where.push(Prisma.sql`t.priority = ANY(${query.priority}::"TicketPriority"[])`);
  if (query.category.length) where.push(Prisma.sql`t.category = ANY(${query.category}::"TicketCategory"[])`);
  if (query.channel.length) where.push(Prisma.sql`t.channel = ANY(${query.channel}::"Channel"[])`);
  // A semi-join rather than the joined company's column: it reads the same wherever t comes from (the table or a
  // bounded walk of it) and, as a filter, keeps the rows in the order they were read.
  if (query.plan.length)
    where.push(Prisma.sql`t."companyId" IN (SELECT pc.id FROM "Company" pc WHERE pc.plan = ANY(${query.plan}::"Plan"[]))`);
  if (query.assignee.length) {
    const ids = [...new Set(query.assignee.filter((v) => v !== 'none').map((v) => (v === 'me' ? userId : v)))];
    const unassigned = query.assignee.includes('none');
    const anyOf = Prisma.sql`t."assigneeId" = ANY(${ids}::uuid[])`;
    if (unassigned && ids.length) where.push(Prisma.sql`(t."assigneeId" IS NULL OR ${anyOf})`);
    else if (unassigned) where.push(Prisma.sql`t."assigneeId" IS NULL`);
    else where.push(anyOf);
  }
  if (query.tag) where.push(Prisma.sql`t.tags @> ARRAY[${query.tag}]::text[]`);
  where.push(...createdRange(query));
  if (query.q) where.push(searchPredicate(query.q, hits));
  return where;
}

export interface QueueRow {
  id: string;
  number: string;
  subject: string;
  category: TicketCategory;
  status: TicketStatus;
  priority: TicketPriority;
  channel: Channel;
  tags: string[];
  createdAt: Date;
  lastActivityAt: Date;
  reporter: { name: string | null; email: string };
  company: { name: string; plan: Plan } | null;
  assignee: { id: string; name: string | null; email: string } | null;
  sla: QueueSla;
}

/** The ticket's SLA standing (sla/due.ts). */
export type QueueSla = SlaState;

interface RawRow {
  id: string;
  number: number;
  subject: string;
  category: TicketCategory;
  status: TicketStatus;
  priority: TicketPriority;
  channel: Channel;
  tags: string[];
  createdAt: Date;
  lastActivityAt: Date;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  firstResponseBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
  slaPausedAt: Date | null;
  reporterName: string | null;
  reporterEmail: string;
  companyName: string | null;
  companyPlan: Plan | null;
  assigneeId: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  k0: string;
  k1: string;
  k2: string | null;
}

export interface QueuePage {
  rows: QueueRow[];
  /** Opaque: pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * How far a filtered page walks the sort index before it gives up on meeting a page of matches there: filters
 * matching at least ~1 % of the walked rows fill a page within this many rows (about 10 ms).
 */
const WALK_LIMIT = 10_000;

function hasColumnFilters(query: QueueQuery): boolean {
  return Boolean(
    query.status.length ||
    query.priority.length ||
    query.category.length ||
    query.channel.length ||
    query.plan.length ||
    query.assignee.length ||
    query.tag ||
    query.from ||
    query.to,
  );
}

/**
 * The columns a bounded walk carries: the filters' and the sort's, nothing else, so on the default sort the walk
 * is an index-only scan of "Ticket_queue_walk_activity_idx" (about 100 index pages for 10,000 rows instead of
 * 10,000 heap pages), and only the page's rows are then read from the table.
 */
function walkColumns(query: QueueQuery, filtered: QueueQuery): Prisma.Sql {
  const columns = new Set(['id', 'status', 'priority', 'category', 'channel', '"companyId"', '"assigneeId"']);
  const bySort: Record<QueueSort, string[]> = {
    activity: ['"lastActivityAt"'],
    created: ['"createdAt"'],
    priority: ['"lastActivityAt"'],
    sla: ['"slaPausedAt"', '"firstRespondedAt"', '"firstResponseDueAt"', '"resolutionDueAt"'],
  };
  for (const column of bySort[query.sort]) columns.add(column);
  if (filtered.tag) columns.add('tags');
  if (filtered.from || filtered.to) columns.add('"createdAt"');
  return Prisma.raw([...columns].map((column) => `t.${column}`).join(', '));
}

const SELECT_COLUMNS = Prisma.sql`t.id, t.number, t.subject, t.category, t.status, t.priority, t.channel, coalesce(t.tags, ARRAY[]::text[]) AS tags, t."createdAt", t."lastActivityAt",
           t."firstResponseDueAt", t."resolutionDueAt", t."firstRespondedAt", t."firstResponseBreachedAt", t."resolutionBreachedAt",
           t."slaPausedAt", r.name AS "reporterName", r.email AS "reporterEmail", c.name AS "companyName", c.plan AS "companyPlan",
           a.id AS "assigneeId", a.name AS "assigneeName", a.email AS "assigneeEmail"`;

const JOINS = Prisma.sql`JOIN "User" r ON r.id = t."reporterId"
    LEFT JOIN "Company" c ON c.id = t."companyId"
    LEFT JOIN "User" a ON a.id = t."assigneeId"`;

/**
 * The SQL of one queue page, exported for the benchmark's EXPLAIN, which must look at exactly what runs.
 *
 * `first` is what runs first. Unfiltered (views, sorts, searches) it walks the sort index and stops after a page.
 * With column filters, Postgres estimates each filter's share independently: for a combination that is rare or
 * impossible (ON_HOLD + URGENT + START + API + BILLING) it still walks the sort index hoping to meet 50 matches,
 * which on 1M tickets means reading every ticket (3–7 s), while for a common one it may read all matches to sort
 * them. So a filtered page never trusts the estimate: `first` walks at most WALK_LIMIT rows of the sort index (a
 * subquery with LIMIT, which the planner cannot merge with the filters), and when that does not fill the page,
 * `fallback` collects the (then few) matches through the filter indexes (queue_filter_indexes migration) and sorts
 * them. Both CTEs there are fences, so no estimate can send it back to walking the sort index.
 */
export async function queuePageSql(
  principal: Extract<Principal, { kind: 'user' }>,
  query: QueueQuery,
  now = new Date(),
  pageSize = QUEUE_PAGE_SIZE,
): Promise<{ first: Prisma.Sql; fallback: Prisma.Sql | null }> {
  const sort = SORTS[query.sort];
  const hits = await probeSearch(query.q);
  const base = [viewPredicate(query.view, principal.userId, now)];
  const after = decodeCursor(query.cursor, query.sort);
  if (after) {
    const values = after.map((value, i) => Prisma.sql`${value}::${Prisma.raw(sort.casts[i]!)}`);
    base.push(Prisma.sql`(${Prisma.join(sort.columns)}) ${Prisma.raw(sort.direction === 'DESC' ? '<' : '>')} (${Prisma.join(values)})`);
  }
  // Sorted by creation, the created range is a range of the walked index itself: part of the walk, not a filter.
  const rangeWalk = query.sort === 'created' && Boolean(query.from || query.to);
  const filtered = rangeWalk ? { ...query, from: undefined, to: undefined } : query;
  if (rangeWalk) base.push(...createdRange(query));
  const filters = filterPredicates(filtered, principal.userId, hits);
  const orderBy = Prisma.join(
    sort.columns.map((column) => Prisma.sql`${column} ${Prisma.raw(sort.direction)}`),
    ', ',
  );
  // The sort key as k0, k1[, k2]: as text for the cursor, or typed inside the fallback, which sorts on it.
  const keyColumns = (text: boolean) => {
    const keys = sort.columns.map((column, i) =>
      text ? Prisma.sql`(${column})::text AS ${Prisma.raw(`k${i}`)}` : Prisma.sql`${column} AS ${Prisma.raw(`k${i}`)}`,
    );
    if (text && keys.length === 2) keys.push(Prisma.sql`NULL::text AS k2`);
    return Prisma.join(keys);
  };

  if (!hasColumnFilters(filtered) || hits !== null) {
    // A rare word's hits are already a short id list: Postgres fetches them by primary key and sorts them.
    return {
      first: Prisma.sql`
    SELECT ${SELECT_COLUMNS}, ${keyColumns(true)}
    FROM "Ticket" t
    ${JOINS}
    WHERE ${Prisma.join([...base, ...filters], ' AND ')}
    ORDER BY ${orderBy}
    LIMIT ${pageSize + 1}`,
      fallback: null,
    };
  }

  const first = Prisma.sql`
    SELECT ${SELECT_COLUMNS}, ${keyColumns(true)}
    FROM (
      SELECT t.id FROM (
        SELECT ${walkColumns(query, filtered)} FROM "Ticket" t WHERE ${Prisma.join(base, ' AND ')} ORDER BY ${orderBy} LIMIT ${WALK_LIMIT}
      ) t
      WHERE ${Prisma.join(filters, ' AND ')}
      ORDER BY ${orderBy}
      LIMIT ${pageSize + 1}
    ) w
    JOIN "Ticket" t ON t.id = w.id
    ${JOINS}
    ORDER BY ${orderBy}`;
  const order = (alias: string) =>
    Prisma.join(
      sort.columns.map((_, i) => Prisma.sql`${Prisma.raw(`${alias}.k${i}`)} ${Prisma.raw(sort.direction)}`),
      ', ',
    );
  const fallback = Prisma.sql`
    WITH matches AS MATERIALIZED (
      SELECT t.id, ${keyColumns(false)} FROM "Ticket" t WHERE ${Prisma.join([...base, ...filters], ' AND ')}
    ), p AS MATERIALIZED (
      SELECT * FROM matches m ORDER BY ${order('m')} LIMIT ${pageSize + 1}
    )
    SELECT ${SELECT_COLUMNS}, ${Prisma.join(sort.columns.map((_, i) => Prisma.sql`${Prisma.raw(`p.k${i}`)}::text AS ${Prisma.raw(`k${i}`)}`))}${sort.columns.length === 2 ? Prisma.sql`, NULL::text AS k2` : Prisma.empty}
    FROM p
    JOIN "Ticket" t ON t.id = p.id
    ${JOINS}
    ORDER BY ${order('p')}`;
  return { first, fallback };
}

function staff(principal: Principal): StaffPrincipal | null {
  return principal.kind === 'user' && canAccessAgentArea(principal) ? principal : null;
}

/** One page of the queue, or null for anyone who is not staff. */
export async function listQueue(principal: Principal, query: QueueQuery, pageSize = QUEUE_PAGE_SIZE): Promise<QueuePage | null> {
  const agent = staff(principal);
  if (!agent) return null;
  const now = new Date();
  const sql = await queuePageSql(agent, query, now, pageSize);
  let raw = await db().$queryRaw<RawRow[]>(sql.first);
  // The bounded walk did not fill the page: the matches are few (or none), and the fallback finds them all.
  if (raw.length <= pageSize && sql.fallback) raw = await db().$queryRaw<RawRow[]>(sql.fallback);
  const more = raw.length > pageSize;
  const rows = more ? raw.slice(0, pageSize) : raw;
  const last = rows.at(-1);
  return {
    rows: rows.map((row) => ({
      id: row.id,
      number: formatTicketNumber(row.number),
      subject: row.subject,
      category: row.category,
      status: row.status,
      priority: row.priority,
      channel: row.channel,
      tags: row.tags,
      createdAt: row.createdAt,
      lastActivityAt: row.lastActivityAt,
      reporter: { name: row.reporterName, email: row.reporterEmail },
      company: row.companyName !== null && row.companyPlan !== null ? { name: row.companyName, plan: row.companyPlan } : null,
      assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName, email: row.assigneeEmail ?? '' } : null,
      sla: slaStateOf(row, now),
    })),
    nextCursor: more && last ? encodeCursor(query.sort, [last.k0, last.k1, ...(last.k2 === null ? [] : [last.k2])]) : null,
  };
}

/** Per view: how many tickets, exact up to QUEUE_COUNT_CAP; `capped` means "more than the cap". */
export type QueueCounts = Record<QueueView, { count: number; capped: boolean }>;

const COUNTED_VIEWS: QueueView[] = ['mine', 'unassigned', 'waiting', 'sla', 'all'];

/** The SQL of the views' counts (one round trip), exported for the benchmark's EXPLAIN. */
export function queueCountsSql(principal: StaffPrincipal, now = new Date()): Prisma.Sql {
  const columns = COUNTED_VIEWS.map(
    (view) =>
      // The SLA view's rows are found through the SLA-due expression index: ordering by it keeps the planner on
      // that index even when its estimate says a sequential scan would find the first rows sooner.
      Prisma.sql`(SELECT count(*) FROM (SELECT 1 FROM "Ticket" t WHERE ${viewPredicate(view, principal.userId, now)}${view === 'sla' ? Prisma.sql` ORDER BY ${SLA_DUE}` : Prisma.empty} LIMIT ${QUEUE_COUNT_CAP + 1}) x)::int AS ${Prisma.raw(`"${view}"`)}`,
  );
  return Prisma.sql`SELECT ${Prisma.join(columns)}`;
}

export async function queueCounts(principal: Principal): Promise<QueueCounts | null> {
  const agent = staff(principal);
  if (!agent) return null;
  const [row] = await db().$queryRaw<Record<QueueView, number>[]>(queueCountsSql(agent));
  const counts = {} as QueueCounts;
  for (const view of COUNTED_VIEWS) {
    const n = row?.[view] ?? 0;
    counts[view] = { count: Math.min(n, QUEUE_COUNT_CAP), capped: n > QUEUE_COUNT_CAP };
  }
  return counts;
}

export interface StaffMember {
  id: string;
  name: string | null;
  email: string;
  role: Role;
  active: boolean;
}

/** Who tickets can be assigned to: the assignee filter's options. */
export async function queueAssignees(principal: Principal): Promise<StaffMember[] | null> {
  if (!staff(principal)) return null;
  return db().user.findMany({
    where: { role: { in: ['AGENT', 'ADMIN'] }, active: true },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    select: { id: true, name: true, email: true, role: true, active: true },
  });
}
