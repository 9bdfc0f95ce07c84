'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { saveCategorySettings } from '@/server/categories/settings';
import type { CategorySettingInput } from '@/server/categories/schema';

export async function saveCategories(input: CategorySettingInput[]): Promise<ActionResult> {
  return runAction({
    name: 'saveCategories',
    run: ({ principal }) => saveCategorySettings(principal, input),
    expected: (_forbidden, { t }) => ({ formError: t('adminCategories.errors.forbidden') }),
    success: () => ({ data: null }),
  });
}
