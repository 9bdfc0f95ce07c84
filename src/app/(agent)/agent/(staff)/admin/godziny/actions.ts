'use server';

import { runAction, type ActionContext, type ActionResult } from '@/server/actions/run-action';
import {
  addCalendarException,
  removeCalendarException,
  resetPlanSetting,
  resetVisitorChatSetting,
  savePlanSetting,
  saveVisitorChatSetting,
} from '@/server/plan-settings/admin';
import type { CalendarExceptionInput, PlanSettingInput, VisitorChatSettingInput } from '@/server/plan-settings/schema';

const forbidden = (_error: unknown, { t }: ActionContext) => ({ formError: t('adminCategories.errors.forbidden') });

export async function savePlanHours(input: PlanSettingInput): Promise<ActionResult> {
  return runAction({
    name: 'savePlanHours',
    run: ({ principal }) => savePlanSetting(principal, input),
    expected: forbidden,
    success: () => ({ data: null }),
  });
}

export async function resetPlanHours(plan: string): Promise<ActionResult> {
  return runAction({
    name: 'resetPlanHours',
    run: ({ principal }) => resetPlanSetting(principal, plan),
    expected: forbidden,
    success: () => ({ data: null }),
  });
}

export async function saveVisitorHours(input: VisitorChatSettingInput): Promise<ActionResult> {
  return runAction({
    name: 'saveVisitorChatHours',
    run: ({ principal }) => saveVisitorChatSetting(principal, input),
    expected: forbidden,
    success: () => ({ data: null }),
  });
}

export async function resetVisitorHours(): Promise<ActionResult> {
  return runAction({
    name: 'resetVisitorChatHours',
    run: ({ principal }) => resetVisitorChatSetting(principal),
    expected: forbidden,
    success: () => ({ data: null }),
  });
}

export async function addDayException(input: CalendarExceptionInput): Promise<ActionResult> {
  return runAction({
    name: 'addCalendarException',
    run: ({ principal }) => addCalendarException(principal, input),
    expected: forbidden,
    success: () => ({ data: null }),
  });
}

export async function removeDayException(date: string): Promise<ActionResult> {
  return runAction({
    name: 'removeCalendarException',
    run: ({ principal }) => removeCalendarException(principal, date),
    expected: forbidden,
    success: (removed, { t, locale }) => ({
      data: null,
      message: t('adminHours.exceptions.removed', {
        date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${removed.date}T12:00:00Z`)),
      }),
    }),
  });
}
