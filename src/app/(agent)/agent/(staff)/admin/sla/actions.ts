'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { resetSlaPolicy, resetVisitorChatTarget, saveSlaPolicy, saveVisitorChatTarget } from '@/server/sla/policies';
import type { SlaPolicyInput, VisitorChatTargetInput } from '@/server/sla/schema';

export async function saveSlaTargets(input: SlaPolicyInput): Promise<ActionResult> {
  return runAction({
    name: 'saveSla',
    run: ({ principal }) => saveSlaPolicy(principal, input),
    expected: (_forbidden, { t }) => ({ formError: t('adminCategories.errors.forbidden') }),
    success: () => ({ data: null }),
  });
}

export async function resetSlaTargets(plan: string): Promise<ActionResult> {
  return runAction({
    name: 'resetSla',
    run: ({ principal }) => resetSlaPolicy(principal, plan),
    expected: (_forbidden, { t }) => ({ formError: t('adminCategories.errors.forbidden') }),
    success: () => ({ data: null }),
  });
}

export async function saveVisitorTarget(input: VisitorChatTargetInput): Promise<ActionResult> {
  return runAction({
    name: 'saveVisitorChatTarget',
    run: ({ principal }) => saveVisitorChatTarget(principal, input),
    expected: (_forbidden, { t }) => ({ formError: t('adminCategories.errors.forbidden') }),
    success: () => ({ data: null }),
  });
}

export async function resetVisitorTarget(): Promise<ActionResult> {
  return runAction({
    name: 'resetVisitorChatTarget',
    run: ({ principal }) => resetVisitorChatTarget(principal),
    expected: (_forbidden, { t }) => ({ formError: t('adminCategories.errors.forbidden') }),
    success: () => ({ data: null }),
  });
}
