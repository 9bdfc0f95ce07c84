import { Prisma } from '@/generated/prisma/client';
import { canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { DASHBOARD_DAYS, DASHBOARD_TIME_ZONE, warsawDayStart, windowDays } from '@/server/agent/dashboard';
import { OVERDUE_AFTER_MS } from './callbacks';

/**
 * The dashboard's phone figures (/agent/pulpit) over the same window as the rest of it (the last N Europe/Warsaw
 * days, today included), from two aggregate queries:
 * - calls by the day they started: inbound answered, missed (inbound, nobody picked up — CTI hang-ups before an
 *   answer and logged voicemails) and outbound; CTI calls and calls agents logged by hand (Call.source) alike;
 * - callbacks kept on time: of the callbacks due in the window and settled (done, or given up / wrong number after
 *   at least one attempt), or still open past due + OVERDUE_AFTER_MS, the share done by due + OVERDUE_AFTER_MS —
 *   the same threshold the Telefon list flags as "Po terminie". Open callbacks not yet overdue are left out, as are
 *   callbacks cancelled with no attempt (a customer who called off a booking).
 */

export interface PhoneDay {
  day: string;
  inboundAnswered: number;
  missed: number;
  outbound: number;
}

export interface PhoneFigures {
  days: number;
  perDay: PhoneDay[];
  totals: { inboundAnswered: number; missed: number; outbound: number; calls: number };
  callbacks: {
    kept: number;
    /** Kept plus not kept. */
    total: number;
    /** kept / total, 0–1; null when none was settled. */
    rate: number | null;
    /** Still open and already past due + the threshold (part of `total`, not kept). */
    overdueOpen: number;
    thresholdMinutes: number;
  };
}

export function callsPerDaySql(from: Date, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT GROUPING(w.day)::int AS grp, w.day::text AS day,
           count(*) FILTER (WHERE w.direction = 'INBOUND' AND w.answered)::int AS "inboundAnswered",
           count(*) FILTER (WHERE w.direction = 'INBOUND' AND w.missed)::int AS missed,
           count(*) FILTER (WHERE w.direction = 'OUTBOUND')::int AS outbound
    FROM (
      SELECT ((c."startedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${DASHBOARD_TIME_ZONE})::date AS day, c.direction::text AS direction,
             c."answeredAt" IS NOT NULL AS answered, c.missed
      FROM "Call" c
      WHERE c."startedAt" >= ${from.toISOString()}::timestamp(3) AND c."startedAt" <= ${now.toISOString()}::timestamp(3)
    ) w
    GROUP BY GROUPING SETS ((w.day), ())`;
}

export function callbacksKeptSql(from: Date, now: Date): Prisma.Sql {
  const late = Prisma.sql`(b."dueAt" + make_interval(secs => ${OVERDUE_AFTER_MS / 1000}))`;
  const nowTs = Prisma.sql`${now.toISOString()}::timestamp(3)`;
  return Prisma.sql`
    SELECT count(*) FILTER (WHERE w.settled AND w."doneAt" <= w.late)::int AS kept,
           count(*) FILTER (WHERE w.settled OR w.overdue)::int AS total,
           count(*) FILTER (WHERE w.overdue)::int AS "overdueOpen"
    FROM (
      SELECT b."doneAt", ${late} AS late,
             (b.status = 'DONE' OR (b.status = 'CANCELLED' AND b.attempts > 0)) AND b."doneAt" IS NOT NULL AS settled,
             b.status = 'OPEN' AND ${late} < ${nowTs} AS overdue
      FROM "Callback" b
      WHERE b."dueAt" >= ${from.toISOString()}::timestamp(3) AND b."dueAt" <= ${nowTs}
    ) w`;
}

interface CallDayRow {
  grp: number;
  day: string | null;
  inboundAnswered: number;
  missed: number;
  outbound: number;
}

export async function phoneFigures(principal: Principal, options: { days?: number; now?: Date } = {}): Promise<PhoneFigures | null> {
  if (!canAccessAgentArea(principal)) return null;
  const now = options.now ?? new Date();
  const days = windowDays(now, options.days ?? DASHBOARD_DAYS);
  const from = warsawDayStart(days[0]!);
  const [callRows, [callbacks]] = await Promise.all([
    db().$queryRaw<CallDayRow[]>(callsPerDaySql(from, now)),
    db().$queryRaw<{ kept: number; total: number; overdueOpen: number }[]>(callbacksKeptSql(from, now)),
  ]);
  const byDay = new Map(callRows.filter((r) => r.grp === 0 && r.day !== null).map((r) => [r.day!, r]));
  const all = callRows.find((r) => r.grp === 1);
  const kept = callbacks?.kept ?? 0;
  const total = callbacks?.total ?? 0;
  const totals = { inboundAnswered: all?.inboundAnswered ?? 0, missed: all?.missed ?? 0, outbound: all?.outbound ?? 0 };
  return {
    days: days.length,
    perDay: days.map((day) => {
      const row = byDay.get(day);
      return { day, inboundAnswered: row?.inboundAnswered ?? 0, missed: row?.missed ?? 0, outbound: row?.outbound ?? 0 };
    }),
    totals: { ...totals, calls: totals.inboundAnswered + totals.missed + totals.outbound },
    callbacks: {
      kept,
      total,
      rate: total > 0 ? kept / total : null,
      overdueOpen: callbacks?.overdueOpen ?? 0,
      thresholdMinutes: OVERDUE_AFTER_MS / 60_000,
    },
  };
}
