import type { Plan } from '@/generated/prisma/enums';
import { db, type Tx } from '@/server/db/client';
import { addBusinessMs, type BusinessCalendar } from '@/server/calendar';
import { PLAN_SUPPORT } from '@/server/plans';

/**
 * The SLA targets of a plan: what an admin set in /agent/admin/sla (SlaPolicy), or PLAN_SUPPORT's defaults for a
 * plan without a row. Targets are business time: they count in the plan's support hours (plan-settings). Everything that computes due dates asks here; a ticket keeps the due dates it got when it
 * was filed, so a changed target applies to new tickets only.
 */
export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  /** Whether an admin's setting (not the built-in default) applies. */
  configured: boolean;
}

/** Tickets from people with no company (guests, e-mail) are held to the smallest plan's targets. */
export const PLAN_FOR_NO_COMPANY: Plan = 'START';

export function defaultSlaTargets(plan: Plan): SlaTargets {
  const support = PLAN_SUPPORT[plan];
  return { firstResponseMinutes: support.firstResponseHours * 60, resolutionMinutes: support.resolutionHours * 60, configured: false };
}

export async function slaTargetsFor(plan: Plan | null | undefined, client: Tx = db()): Promise<SlaTargets> {
  const effective = plan ?? PLAN_FOR_NO_COMPANY;
  const policy = await client.slaPolicy.findUnique({
    where: { plan: effective },
    select: { firstResponseMinutes: true, resolutionMinutes: true },
  });
  return policy ? { ...policy, configured: true } : defaultSlaTargets(effective);
}

/**
 * The targets for a ticket filed by someone of this company (null: no company), in one query: the company's plan
 * and that plan's policy row are read together, for the ticket-filing transaction that knows only the company.
 */
export async function slaTargetsForCompany(companyId: string | null, client: Tx = db()): Promise<SlaTargets & { plan: Plan }> {
  const [row] = await client.$queryRaw<{ plan: Plan; firstResponseMinutes: number | null; resolutionMinutes: number | null }[]>`
    SELECT p."plan", s."firstResponseMinutes", s."resolutionMinutes"
    FROM (SELECT coalesce((SELECT "plan"::text FROM "Company" WHERE "id" = ${companyId}::uuid), ${PLAN_FOR_NO_COMPANY}) AS "plan") p
    LEFT JOIN "SlaPolicy" s ON s."plan"::text = p."plan"`;
  const plan = row?.plan ?? PLAN_FOR_NO_COMPANY;
  if (row && row.firstResponseMinutes !== null && row.resolutionMinutes !== null) {
    return { plan, firstResponseMinutes: row.firstResponseMinutes, resolutionMinutes: row.resolutionMinutes, configured: true };
  }
  return { plan, ...defaultSlaTargets(plan) };
}

/** The wall-clock due dates of a ticket filed at `now` under these targets, counted in the plan's support hours. */
export function dueDatesFrom(
  targets: Pick<SlaTargets, 'firstResponseMinutes' | 'resolutionMinutes'>,
  now: Date,
  calendar: BusinessCalendar,
): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  return {
    firstResponseDueAt: addBusinessMs(calendar, now, targets.firstResponseMinutes * 60_000),
    resolutionDueAt: addBusinessMs(calendar, now, targets.resolutionMinutes * 60_000),
  };
}
