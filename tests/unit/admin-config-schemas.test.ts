import { describe, expect, it } from 'vitest';
import { categorySettingsSchema } from '@/server/categories/schema';
import { slaPolicySchema } from '@/server/sla/schema';
import { appliedPriority } from '@/server/categories/settings';

const messages = (result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.') || '_'}: ${i.message}`) ?? [];

describe('SLA targets form', () => {
  it('takes whole positive hours as typed in the form, resolution no sooner than the first response', () => {
    expect(slaPolicySchema.parse({ plan: 'BIZNES', firstResponseHours: '4', resolutionHours: '4' })).toEqual({
      plan: 'BIZNES',
      firstResponseHours: 4,
      resolutionHours: 4,
    });
    expect(messages(slaPolicySchema.safeParse({ plan: 'BIZNES', firstResponseHours: '1.5', resolutionHours: '-2' }))).toEqual([
      'firstResponseHours: adminSla.errors.wholeHours',
      'resolutionHours: adminSla.errors.positive',
    ]);
    expect(messages(slaPolicySchema.safeParse({ plan: 'START', firstResponseHours: 48, resolutionHours: 24 }))).toEqual([
      'resolutionHours: adminSla.errors.resolutionBeforeFirst',
    ]);
    expect(messages(slaPolicySchema.safeParse({ plan: 'START', firstResponseHours: 1, resolutionHours: 2161 }))).toEqual([
      'resolutionHours: adminSla.errors.tooLong',
    ]);
    expect(slaPolicySchema.safeParse({ plan: 'GOLD', firstResponseHours: 1, resolutionHours: 2 }).success).toBe(false);
  });
});

describe('category settings form', () => {
  const all = ['TECHNICAL_ERROR', 'CONFIGURATION', 'BILLING', 'SUGGESTION', 'OTHER'].map((category) => ({ category, active: true }));

  it('turns empty texts into "use the catalogue" and needs every category exactly once', () => {
    const parsed = categorySettingsSchema.parse(
      all.map((row, i) => (i === 0 ? { ...row, labelPl: '  ', descriptionEn: ' Errors ' } : row)),
    );
    expect(parsed[0]).toMatchObject({ labelPl: null, descriptionEn: 'Errors', defaultPriority: null, defaultAssigneeId: null });
    expect(categorySettingsSchema.safeParse(all.slice(1)).success).toBe(false);
    expect(categorySettingsSchema.safeParse([...all.slice(1), all[1]]).success).toBe(false);
  });

  it('keeps at least one category visible', () => {
    expect(messages(categorySettingsSchema.safeParse(all.map((row) => ({ ...row, active: false }))))).toEqual([
      '_: adminCategories.errors.oneVisible',
    ]);
  });
});

describe("a category's default priority", () => {
  it('raises a lower choice and never lowers a higher one', () => {
    expect(appliedPriority('LOW', 'HIGH')).toBe('HIGH');
    expect(appliedPriority('URGENT', 'HIGH')).toBe('URGENT');
    expect(appliedPriority('NORMAL', 'LOW')).toBe('NORMAL');
    expect(appliedPriority('LOW', null)).toBe('LOW');
  });
});
