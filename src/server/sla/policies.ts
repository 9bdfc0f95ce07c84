import type { Plan } from '@/generated/prisma/enums';
import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { invalidatePlanSettings } from '@/server/plan-settings/read';
import { err, ok, type Result } from '@/server/result';
import { PLAN_SUPPORT, VISITOR_SUPPORT } from '@/server/plans';
import { defaultSlaTargets, type SlaTargets } from '@/server/sla/targets';
import { PLANS, toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { slaPolicySchema, visitorChatTargetSchema } from './schema';

/** /agent/admin/sla: each plan's targets (set or default) and the admin's changes. Admins only. */

/** The hour targets, and the chat first-response target in seconds. */
export type PlanSlaTargets = SlaTargets & { chatFirstResponseSeconds: number };

export interface PlanSlaRow {
  plan: Plan;
  current: PlanSlaTargets;
  defaults: PlanSlaTargets;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export type SlaAdminError = { kind: 'forbidden' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export async function listSlaPolicies(principal: Principal): Promise<Result<PlanSlaRow[], SlaAdminError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const policies = await db().slaPolicy.findMany();
  const editors = await db().user.findMany({
    where: { id: { in: policies.flatMap((p) => (p.updatedById ? [p.updatedById] : [])) } },
    select: { id: true, name: true, email: true },
  });
  return ok(
    PLANS.map((plan) => {
      const policy = policies.find((p) => p.plan === plan);
      const editor = editors.find((e) => e.id === policy?.updatedById);
      const defaults = { ...defaultSlaTargets(plan), chatFirstResponseSeconds: PLAN_SUPPORT[plan].chatFirstResponseSeconds };
      return {
        plan,
        defaults,
        current: policy
          ? {
              firstResponseMinutes: policy.firstResponseMinutes,
              resolutionMinutes: policy.resolutionMinutes,
              chatFirstResponseSeconds: policy.chatFirstResponseSeconds ?? defaults.chatFirstResponseSeconds,
              configured: true,
            }
          : defaults,
        updatedAt: policy?.updatedAt ?? null,
        updatedBy: editor ? (editor.name ?? editor.email) : null,
      };
    }),
  );
}

export async function saveSlaPolicy(principal: Principal, input: unknown): Promise<Result<{ plan: Plan }, SlaAdminError>> {
  if (!canAccessAdmin(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  const parsed = slaPolicySchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const { plan, firstResponseHours, resolutionHours, chatFirstResponseSeconds } = parsed.data;
  const data = {
    firstResponseMinutes: firstResponseHours * 60,
    resolutionMinutes: resolutionHours * 60,
    ...(chatFirstResponseSeconds === undefined ? {} : { chatFirstResponseSeconds }),
    updatedById: principal.userId,
  };
  await db().slaPolicy.upsert({ where: { plan }, create: { plan, ...data }, update: data });
  invalidatePlanSettings();
  return ok({ plan });
}

/** Back to PLAN_SUPPORT's figures: the row goes, so a later change of the defaults in code applies again. */
export async function resetSlaPolicy(principal: Principal, plan: unknown): Promise<Result<{ plan: Plan }, SlaAdminError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const parsed = slaPolicySchema.shape.plan.safeParse(plan);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: { plan: ['errors.invalid'] } });
  await db().slaPolicy.deleteMany({ where: { plan: parsed.data } });
  invalidatePlanSettings();
  return ok({ plan: parsed.data });
}

export interface VisitorSlaRow {
  chatFirstResponseSeconds: number;
  defaultSeconds: number;
  configured: boolean;
}

/** The visitors' chat first-response target ("Odwiedzający strony (bez konta)"), set or default. */
export async function getVisitorChatTarget(principal: Principal): Promise<Result<VisitorSlaRow, SlaAdminError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const row = await db().visitorChatSetting.findUnique({ where: { id: 1 }, select: { chatFirstResponseSeconds: true } });
  const seconds = row?.chatFirstResponseSeconds ?? null;
  return ok({
    chatFirstResponseSeconds: seconds ?? VISITOR_SUPPORT.chatFirstResponseSeconds,
    defaultSeconds: VISITOR_SUPPORT.chatFirstResponseSeconds,
    configured: seconds !== null,
  });
}

export async function saveVisitorChatTarget(principal: Principal, input: unknown): Promise<Result<void, SlaAdminError>> {
  if (!canAccessAdmin(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  const parsed = visitorChatTargetSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const data = { chatFirstResponseSeconds: parsed.data.chatFirstResponseSeconds, updatedById: principal.userId };
  await db().visitorChatSetting.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
  invalidatePlanSettings();
  return ok(undefined);
}

export async function resetVisitorChatTarget(principal: Principal): Promise<Result<void, SlaAdminError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  await db().visitorChatSetting.updateMany({ where: { id: 1 }, data: { chatFirstResponseSeconds: null } });
  invalidatePlanSettings();
  return ok(undefined);
}
