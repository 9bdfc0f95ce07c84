import { Prisma } from '@/generated/prisma/client';
import type { Plan, TicketPriority, TicketStatus } from '@/generated/prisma/enums';
import { canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { queueCountsSql } from './queue';
import { OPEN_STATUSES } from '@/server/tickets/status';
import { QUEUE_COUNT_CAP, type QueueView } from './views';

/**
 * The agents' dashboard (/agent/pulpit): what is open now, and how the last N days went.
 *
 * Three queries, sent together, none of which counts the open tickets one by one (500,000 of them in the
 * benchmark take hundreds of milliseconds to count however they are indexed):
 * - the open snapshot: counters per status × priority × assignee × recorded breach, kept by triggers on Ticket
 *   (TicketOpenCount, dashboard_indexes migration): a few dozen rows, summed here;
 * - the queue's view counts (queueCountsSql), for the "SLA zagrożone / przekroczone" figure exactly as the queue's
 *   tab shows it, capped like it;
 * - the window: tickets created in the last N Europe/Warsaw days (today included) — per-day counts, median and
 *   p90 first-response and resolution times, SLA attainment per plan, CSAT — as one index-only range scan of the
 *   covering window index. Everything in the window is about that one cohort ("tickets created in the last 30
 *   days"), so the figures agree with each other and need one range scan instead of one per timestamp.
 * Raw SQL for the same reasons as the queue (src/server/agent/queue.ts): GROUPING SETS, ordered-set aggregates.
 */

export const DASHBOARD_TIME_ZONE = 'Europe/Warsaw';
export const DASHBOARD_DAYS = 30;

/** TicketOpenCount's stand-in for "unassigned" (see the migration). */
const UNASSIGNED = '00000000-0000-0000-0000-000000000000';

export type OpenStatus = (typeof OPEN_STATUSES)[number];
export const DASHBOARD_PRIORITIES = ['URGENT', 'HIGH', 'NORMAL', 'LOW'] as const satisfies readonly TicketPriority[];

export interface DurationStats {
  /** Milliseconds; null when no ticket in the window has the figure. */
  median: number | null;
  p90: number | null;
  /** How many tickets the figures are computed over. */
  count: number;
}

export interface Attainment {
  met: number;
  /** Met plus missed; tickets whose clock still runs (not yet due) are not counted. */
  total: number;
  /** met / total, 0–1; null when nothing was decided yet. */
  rate: number | null;
}

export interface PlanAttainment {
  /** null: tickets of reporters without a company (the START targets apply). */
  plan: Plan | null;
  tickets: number;
  firstResponse: Attainment;
  resolution: Attainment;
}

export interface WorkloadRow {
  /** null: unassigned. */
  assignee: { id: string; name: string | null; email: string } | null;
  open: number;
  breached: number;
}

export interface Dashboard {
  window: {
    days: number;
    /** The first instant of the first day (Europe/Warsaw midnight) and the moment the figures were read. */
    from: Date;
    to: Date;
    /** The days, oldest first, as YYYY-MM-DD in Europe/Warsaw. */
    firstDay: string;
    lastDay: string;
  };
  open: {
    total: number;
    unassigned: number;
    /** With a missed deadline recorded (the SLA job records them every minute). */
    breached: number;
    /** What the queue's "SLA zagrożone / przekroczone" tab counts (next running deadline within 4 h or past), capped as there. */
    slaView: { count: number; capped: boolean };
    matrix: Record<OpenStatus, Record<TicketPriority, number>>;
    byStatus: Record<OpenStatus, number>;
    byPriority: Record<TicketPriority, number>;
  };
  /** Busiest first; the unassigned pile is one row (assignee null). */
  workload: WorkloadRow[];
  created: number;
  perDay: DayCount[];
  firstResponse: DurationStats;
  resolution: DurationStats;
  /** One row per plan (START, BIZNES, PREMIUM), then "no company" when there are such tickets. */
  sla: PlanAttainment[];
  csat: { average: number | null; count: number; /** Ratings of 4 or 5. */ satisfied: number };
  /** Live chat in the window, by the day each chat started (issue 10). */
  chat: ChatStats;
}

export interface ChatStats {
  total: number;
  perDay: DayCount[];
  /** Start → an agent accepted it, in ms, over the chats that were accepted. */
  wait: DurationStats;
  /** Ended without any agent taking them (the customer left, or nobody answered in time). */
  missed: number;
  csat: { average: number | null; count: number; satisfied: number };
  /**
   * Start → the agent's first chat message, in ms (the chat SLA, measured in seconds), and how many chats met their
   * plan's chat target: `met` of `total`, where total counts the answered chats and the unanswered ones already due.
   */
  firstResponse: DurationStats & { met: number; total: number };
}

export interface DayCount {
  day: string;
  count: number;
}

// ---------------------------------------------------------------------------------------------------------
// Days in Europe/Warsaw: pure helpers (unit-tested), so the window and the chart's buckets agree with the SQL.
// ---------------------------------------------------------------------------------------------------------

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: DASHBOARD_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: DASHBOARD_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Europe/Warsaw calendar day of an instant, YYYY-MM-DD. */
export function warsawDay(instant: Date): string {
  return dayFormat.format(instant);
}

/** How far Warsaw's wall clock is ahead of UTC at an instant, in ms (1 h in winter, 2 h in summer). */
function warsawOffset(instant: Date): number {
  const parts = Object.fromEntries(wallClock.formatToParts(instant).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant Europe/Warsaw's day `day` (YYYY-MM-DD) starts. */
export function warsawDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d);
  // The offset at a guess, then at the corrected instant: right on either side of a DST change (which in Warsaw
  // happens at 02:00 / 03:00, never at midnight).
  const guess = midnightUtc - warsawOffset(new Date(midnightUtc));
  return new Date(midnightUtc - warsawOffset(new Date(guess)));
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The last `days` Warsaw days up to and including `now`'s, oldest first. */
export function windowDays(now: Date, days: number): string[] {
  const today = warsawDay(now);
  return Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
}

/** One entry per day of the window, in order; days without tickets are zeros, rows outside the window ignored. */
export function zeroFill(days: readonly string[], rows: readonly DayCount[]): DayCount[] {
  const counts = new Map(rows.map((r) => [r.day, r.count]));
  return days.map((day) => ({ day, count: counts.get(day) ?? 0 }));
}

export function attainment(met: number, total: number): Attainment {
  return { met, total, rate: total > 0 ? met / total : null };
}

// ---------------------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------------------

/** The open snapshot's SQL, exported for the benchmark's EXPLAIN. */
export function openSnapshotSql(): Prisma.Sql {
  return Prisma.sql`
    SELECT c.status, c.priority, nullif(c."assigneeId", ${UNASSIGNED}::uuid) AS "assigneeId", c.breached, c.n,
           (SELECT u.name FROM "User" u WHERE u.id = c."assigneeId") AS "assigneeName",
           (SELECT u.email FROM "User" u WHERE u.id = c."assigneeId") AS "assigneeEmail"
    FROM (
      -- Each counter is spread over slots (open_count_slots migration): only their sum is the count.
      SELECT status, priority, "assigneeId", breached, sum(count)::int AS n
      FROM "TicketOpenCount" GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0
    ) c`;
}

/**
 * The window's SQL, exported for the benchmark's EXPLAIN. A deadline's clock stops at the first response (for
 * the first-response target) or at resolution / closing (for both: a ticket solved without a reply owes none).
 * Met: stopped by the deadline and never recorded as breached. Missed: recorded as breached, stopped late, or
 * still running past the deadline while not paused. Anything else still runs and is left out.
 */
export function windowSql(from: Date, now: Date): Prisma.Sql {
  const nowTs = Prisma.sql`${now.toISOString()}::timestamp(3)`;
  const frStop = Prisma.sql`coalesce(t."firstRespondedAt", t."resolvedAt", t."closedAt")`;
  const resStop = Prisma.sql`coalesce(t."resolvedAt", t."closedAt")`;
  const frMet = Prisma.sql`(${frStop} <= t."firstResponseDueAt" AND t."firstResponseBreachedAt" IS NULL)`;
  const frMissed = Prisma.sql`(t."firstResponseBreachedAt" IS NOT NULL OR ${frStop} > t."firstResponseDueAt"
      OR (${frStop} IS NULL AND t."slaPausedAt" IS NULL AND t."firstResponseDueAt" <= ${nowTs}))`;
  const resMet = Prisma.sql`(${resStop} <= t."resolutionDueAt" AND t."resolutionBreachedAt" IS NULL)`;
  const resMissed = Prisma.sql`(t."resolutionBreachedAt" IS NOT NULL OR ${resStop} > t."resolutionDueAt"
      OR (${resStop} IS NULL AND t."slaPausedAt" IS NULL AND t."resolutionDueAt" <= ${nowTs}))`;
  const firstResponseSeconds = Prisma.sql`extract(epoch FROM t."firstRespondedAt" - t."createdAt")`;
  const resolutionSeconds = Prisma.sql`extract(epoch FROM ${resStop} - t."createdAt")`;
  const solved = Prisma.sql`t.status IN ('RESOLVED', 'CLOSED') AND ${resStop} IS NOT NULL`;
  return Prisma.sql`
    SELECT GROUPING(w.day, w.plan)::int AS grp, w.day::text AS day, w.plan, count(*)::int AS n,
           count(*) FILTER (WHERE w."frMet")::int AS "frMet", count(*) FILTER (WHERE w."frMet" OR w."frMissed")::int AS "frTotal",
           count(*) FILTER (WHERE w."resMet")::int AS "resMet", count(*) FILTER (WHERE w."resMet" OR w."resMissed")::int AS "resTotal",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY w.fr) AS "frMedian", percentile_cont(0.9) WITHIN GROUP (ORDER BY w.fr) AS "frP90",
           count(w.fr)::int AS "frCount",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY w.res) AS "resMedian", percentile_cont(0.9) WITHIN GROUP (ORDER BY w.res) AS "resP90",
           count(w.res)::int AS "resCount",
           avg(w.rating)::float8 AS "csatAverage", count(w.rating)::int AS "csatCount", count(*) FILTER (WHERE w.rating >= 4)::int AS "csatSatisfied"
    FROM (
      SELECT ((t."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${DASHBOARD_TIME_ZONE})::date AS day, c.plan,
             t."firstResponseDueAt" IS NOT NULL AND ${frMet} AS "frMet", t."firstResponseDueAt" IS NOT NULL AND ${frMissed} AS "frMissed",
             t."resolutionDueAt" IS NOT NULL AND ${resMet} AS "resMet", t."resolutionDueAt" IS NOT NULL AND ${resMissed} AS "resMissed",
             ${firstResponseSeconds} AS fr,
             CASE WHEN ${solved} THEN ${resolutionSeconds} END AS res,
             t.rating
      FROM "Ticket" t
      LEFT JOIN "Company" c ON c.id = t."companyId"
      WHERE t."createdAt" >= ${from.toISOString()}::timestamp(3) AND t."createdAt" <= ${nowTs}
    ) w
    GROUP BY GROUPING SETS ((w.day), (w.plan), ())`;
}

/** Chats started in the window: per day and overall, wait to acceptance, missed chats, and their ratings. */
export function chatWindowSql(from: Date, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT GROUPING(w.day)::int AS grp, w.day::text AS day, count(*)::int AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY w.wait) AS "waitMedian",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY w.wait) AS "waitP90", count(w.wait)::int AS "waitCount",
           count(*) FILTER (WHERE w.missed)::int AS missed,
           avg(w.rating)::float8 AS "csatAverage", count(w.rating)::int AS "csatCount",
           count(*) FILTER (WHERE w.rating >= 4)::int AS "csatSatisfied",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY w.fr) AS "frMedian",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY w.fr) AS "frP90", count(w.fr)::int AS "frCount",
           count(*) FILTER (WHERE w."frMet")::int AS "frMet",
           count(*) FILTER (WHERE w.fr IS NOT NULL OR w."frDue" < ${now.toISOString()}::timestamp(3))::int AS "frTotal"
    FROM (
      SELECT ((s."startedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${DASHBOARD_TIME_ZONE})::date AS day,
             extract(epoch FROM s."acceptedAt" - s."startedAt") AS wait,
             s.status = 'ENDED' AND s."acceptedAt" IS NULL AS missed,
             s.rating,
             extract(epoch FROM l."firstRespondedAt" - s."startedAt") AS fr,
             l."frDue",
             coalesce(l."firstRespondedAt" <= l."frDue", false) AS "frMet"
      FROM "ChatSession" s
      JOIN "Ticket" t ON t.id = s."ticketId"
      -- The chat's own target, and its ticket's first response only if it came in the chat (before the chat
      -- ended): a chat closed unanswered and answered by e-mail later is a missed chat, not a slow one.
      CROSS JOIN LATERAL (
        SELECT coalesce(s."firstResponseDueAt", t."firstResponseDueAt") AS "frDue",
               CASE WHEN s."endedAt" IS NULL OR t."firstRespondedAt" <= s."endedAt" THEN t."firstRespondedAt" END AS "firstRespondedAt"
      ) l
      WHERE s."startedAt" >= ${from.toISOString()}::timestamp(3) AND s."startedAt" <= ${now.toISOString()}::timestamp(3)
    ) w
    GROUP BY GROUPING SETS ((w.day), ())`;
}

interface ChatWindowRow {
  grp: number;
  day: string | null;
  n: number;
  waitMedian: number | null;
  waitP90: number | null;
  waitCount: number;
  missed: number;
  csatAverage: number | null;
  csatCount: number;
  csatSatisfied: number;
  frMedian: number | null;
  frP90: number | null;
  frCount: number;
  frMet: number;
  frTotal: number;
}

interface OpenRow {
  status: TicketStatus;
  priority: TicketPriority;
  assigneeId: string | null;
  breached: boolean;
  n: number;
  assigneeName: string | null;
  assigneeEmail: string | null;
}

interface WindowRow {
  grp: number;
  day: string | null;
  plan: Plan | null;
  n: number;
  frMet: number;
  frTotal: number;
  resMet: number;
  resTotal: number;
  frMedian: number | null;
  frP90: number | null;
  frCount: number;
  resMedian: number | null;
  resP90: number | null;
  resCount: number;
  csatAverage: number | null;
  csatCount: number;
  csatSatisfied: number;
}

/** GROUPING(day, plan) bitmasks. */
const BY_DAY = 1;
const BY_PLAN = 2;
const WINDOW_ALL = 3;

const PLANS: Plan[] = ['START', 'BIZNES', 'PREMIUM'];

function seconds(value: number | null): number | null {
  return value === null ? null : Math.round(Number(value) * 1000);
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** The dashboard, or null for anyone who is not staff. */
export async function dashboardFor(principal: Principal, options: { days?: number; now?: Date } = {}): Promise<Dashboard | null> {
  if (principal.kind !== 'user' || !canAccessAgentArea(principal)) return null;
  const now = options.now ?? new Date();
  const days = windowDays(now, options.days ?? DASHBOARD_DAYS);
  const from = warsawDayStart(days[0]!);
  const [openRows, [viewCounts], windowRows, chatRows] = await Promise.all([
    db().$queryRaw<OpenRow[]>(openSnapshotSql()),
    db().$queryRaw<Record<QueueView, number>[]>(queueCountsSql(principal, now)),
    db().$queryRaw<WindowRow[]>(windowSql(from, now)),
    db().$queryRaw<ChatWindowRow[]>(chatWindowSql(from, now)),
  ]);
  const chatAll = chatRows.find((r) => r.grp === 1);

  const matrix = Object.fromEntries(OPEN_STATUSES.map((s) => [s, zeros(DASHBOARD_PRIORITIES)])) as Record<
    OpenStatus,
    Record<TicketPriority, number>
  >;
  const byStatus = zeros(OPEN_STATUSES);
  const byPriority = zeros(DASHBOARD_PRIORITIES);
  const perAssignee = new Map<string | null, WorkloadRow>();
  let total = 0;
  let breached = 0;
  for (const row of openRows) {
    // A counter can only be open-status (the triggers count nothing else); the check keeps the types honest.
    if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) continue;
    const status = row.status as OpenStatus;
    matrix[status][row.priority] += row.n;
    byStatus[status] += row.n;
    byPriority[row.priority] += row.n;
    total += row.n;
    if (row.breached) breached += row.n;
    const load = perAssignee.get(row.assigneeId) ?? {
      assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName, email: row.assigneeEmail ?? '' } : null,
      open: 0,
      breached: 0,
    };
    load.open += row.n;
    if (row.breached) load.breached += row.n;
    perAssignee.set(row.assigneeId, load);
  }
  const workload = [...perAssignee.values()].filter((w) => w.open > 0);
  workload.sort(
    (a, b) => b.open - a.open || (a.assignee?.name ?? a.assignee?.email ?? '').localeCompare(b.assignee?.name ?? b.assignee?.email ?? ''),
  );
  const sla = viewCounts?.sla ?? 0;

  const all = windowRows.find((r) => r.grp === WINDOW_ALL);
  const perPlan = new Map(windowRows.filter((r) => r.grp === BY_PLAN).map((r) => [r.plan, r]));
  const slaRows: PlanAttainment[] = [...PLANS, null]
    .filter((plan) => plan !== null || perPlan.has(null))
    .map((plan) => {
      const row = perPlan.get(plan);
      return {
        plan,
        tickets: row?.n ?? 0,
        firstResponse: attainment(row?.frMet ?? 0, row?.frTotal ?? 0),
        resolution: attainment(row?.resMet ?? 0, row?.resTotal ?? 0),
      };
    });

  return {
    window: { days: days.length, from, to: now, firstDay: days[0]!, lastDay: days.at(-1)! },
    open: {
      total,
      unassigned: perAssignee.get(null)?.open ?? 0,
      breached,
      slaView: { count: Math.min(sla, QUEUE_COUNT_CAP), capped: sla > QUEUE_COUNT_CAP },
      matrix,
      byStatus,
      byPriority,
    },
    workload,
    created: all?.n ?? 0,
    perDay: zeroFill(
      days,
      windowRows.filter((r) => r.grp === BY_DAY && r.day !== null).map((r) => ({ day: r.day!, count: r.n })),
    ),
    firstResponse: { median: seconds(all?.frMedian ?? null), p90: seconds(all?.frP90 ?? null), count: all?.frCount ?? 0 },
    resolution: { median: seconds(all?.resMedian ?? null), p90: seconds(all?.resP90 ?? null), count: all?.resCount ?? 0 },
    sla: slaRows,
    csat: { average: all?.csatAverage ?? null, count: all?.csatCount ?? 0, satisfied: all?.csatSatisfied ?? 0 },
    chat: {
      total: chatAll?.n ?? 0,
      perDay: zeroFill(
        days,
        chatRows.filter((r) => r.grp === 0 && r.day !== null).map((r) => ({ day: r.day!, count: r.n })),
      ),
      wait: { median: seconds(chatAll?.waitMedian ?? null), p90: seconds(chatAll?.waitP90 ?? null), count: chatAll?.waitCount ?? 0 },
      missed: chatAll?.missed ?? 0,
      csat: { average: chatAll?.csatAverage ?? null, count: chatAll?.csatCount ?? 0, satisfied: chatAll?.csatSatisfied ?? 0 },
      firstResponse: {
        median: seconds(chatAll?.frMedian ?? null),
        p90: seconds(chatAll?.frP90 ?? null),
        count: chatAll?.frCount ?? 0,
        met: chatAll?.frMet ?? 0,
        total: chatAll?.frTotal ?? 0,
      },
    },
  };
}
