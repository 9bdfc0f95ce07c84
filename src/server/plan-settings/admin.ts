import { Prisma } from '@/generated/prisma/client';
import type { CalendarExceptionKind, Plan } from '@/generated/prisma/enums';
import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { isDateKey, localDateOf, type DateKey } from '@/server/calendar';
import { db } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { PLAN_SUPPORT, VISITOR_SUPPORT, type PlanSupport, type VisitorChatSupport } from '@/server/plans';
import { err, ok, type Result } from '@/server/result';
import { PLANS, toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { getAllPlanSupport, getVisitorChatSupport, invalidatePlanSettings, type VisitorChatSetting } from './read';
import { calendarExceptionSchema, planSettingSchema, visitorChatSettingSchema } from './schema';

/** /agent/admin/godziny: each plan's channels and hours, and the team's calendar exceptions. Admins only. */

export type PlanSettingsError = { kind: 'forbidden' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export interface PlanSettingRow {
  plan: Plan;
  current: PlanSupport & { configured: boolean; callbackSlotCapacity: number };
  defaults: PlanSupport;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface CalendarExceptionRow {
  date: DateKey;
  kind: CalendarExceptionKind;
  note: string | null;
  createdBy: string | null;
}

async function editorNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (!wanted.length) return new Map();
  const users = await db().user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, u.name ?? u.email]));
}

export async function listPlanSettings(principal: Principal): Promise<Result<PlanSettingRow[], PlanSettingsError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  invalidatePlanSettings();
  const [current, rows] = await Promise.all([
    getAllPlanSupport(),
    db().planSetting.findMany({ select: { plan: true, updatedAt: true, updatedById: true } }),
  ]);
  const names = await editorNames(rows.map((r) => r.updatedById));
  return ok(
    PLANS.map((plan) => {
      const row = rows.find((r) => r.plan === plan);
      return {
        plan,
        current: current[plan],
        defaults: PLAN_SUPPORT[plan],
        updatedAt: row?.updatedAt ?? null,
        updatedBy: row?.updatedById ? (names.get(row.updatedById) ?? null) : null,
      };
    }),
  );
}

export async function savePlanSetting(principal: Principal, input: unknown): Promise<Result<{ plan: Plan }, PlanSettingsError>> {
  if (!canAccessAdmin(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  const parsed = planSettingSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const { plan, ...values } = parsed.data;
  const data = { ...values, updatedById: principal.userId };
  await db().planSetting.upsert({ where: { plan }, create: { plan, ...data }, update: data });
  invalidatePlanSettings();
  return ok({ plan });
}

/** Back to the built-in channels and hours: the row goes, so later changes of the defaults in code apply again. */
export async function resetPlanSetting(principal: Principal, plan: unknown): Promise<Result<{ plan: Plan }, PlanSettingsError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const parsed = planSettingSchema.shape.plan.safeParse(plan);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: { plan: ['errors.invalid'] } });
  await db().planSetting.deleteMany({ where: { plan: parsed.data } });
  invalidatePlanSettings();
  return ok({ plan: parsed.data });
}

export interface VisitorChatSettingRow {
  current: VisitorChatSetting;
  defaults: VisitorChatSupport;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The visitors' entry: chat for people on the public site whose typed e-mail is no known customer's. */
export async function getVisitorChatSetting(principal: Principal): Promise<Result<VisitorChatSettingRow, PlanSettingsError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  invalidatePlanSettings();
  const [current, row] = await Promise.all([
    getVisitorChatSupport(),
    db().visitorChatSetting.findUnique({ where: { id: 1 }, select: { updatedAt: true, updatedById: true } }),
  ]);
  const names = await editorNames([row?.updatedById ?? null]);
  return ok({
    current,
    defaults: VISITOR_SUPPORT,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedById ? (names.get(row.updatedById) ?? null) : null,
  });
}

export async function saveVisitorChatSetting(principal: Principal, input: unknown): Promise<Result<void, PlanSettingsError>> {
  if (!canAccessAdmin(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  const parsed = visitorChatSettingSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const data = { ...parsed.data, updatedById: principal.userId };
  await db().visitorChatSetting.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
  invalidatePlanSettings();
  return ok(undefined);
}

/** Back to the built-in visitor chat rules (the SLA target, set on /agent/admin/sla, stays). */
export async function resetVisitorChatSetting(principal: Principal): Promise<Result<void, PlanSettingsError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  await db().visitorChatSetting.updateMany({
    where: { id: 1 },
    data: { chatEnabled: null, chatHours: Prisma.DbNull, closedOnPublicHolidays: null },
  });
  invalidatePlanSettings();
  return ok(undefined);
}

/** Today's and later exceptions, in date order (past ones are history and no longer shown). */
export async function listCalendarExceptions(
  principal: Principal,
  now = new Date(),
): Promise<Result<CalendarExceptionRow[], PlanSettingsError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const rows = await db().calendarException.findMany({
    where: { date: { gte: new Date(`${localDateOf(now)}T00:00:00Z`) } },
    orderBy: { date: 'asc' },
  });
  const names = await editorNames(rows.map((r) => r.createdById));
  return ok(
    rows.map((r) => ({
      date: r.date.toISOString().slice(0, 10),
      kind: r.kind,
      note: r.note,
      createdBy: r.createdById ? (names.get(r.createdById) ?? null) : null,
    })),
  );
}

export async function addCalendarException(principal: Principal, input: unknown): Promise<Result<{ date: DateKey }, PlanSettingsError>> {
  if (!canAccessAdmin(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  const parsed = calendarExceptionSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const { date, kind, note } = parsed.data;
  try {
    await db().calendarException.create({
      data: { date: new Date(`${date}T00:00:00Z`), kind, note: note ?? null, createdById: principal.userId },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return err({ kind: 'invalid', fieldErrors: { date: ['adminHours.errors.dateTaken'] } });
    throw error;
  }
  invalidatePlanSettings();
  return ok({ date });
}

export async function removeCalendarException(principal: Principal, date: unknown): Promise<Result<{ date: DateKey }, PlanSettingsError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  // Any real date may go, past ones included (unlike adding, which looks ahead only).
  if (typeof date !== 'string' || !isDateKey(date)) return err({ kind: 'invalid', fieldErrors: { date: ['adminHours.errors.date'] } });
  await db().calendarException.deleteMany({ where: { date: new Date(`${date}T00:00:00Z`) } });
  invalidatePlanSettings();
  return ok({ date });
}
