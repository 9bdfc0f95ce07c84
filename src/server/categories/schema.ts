import { z } from 'zod';
import { TICKET_CATEGORIES, TICKET_PRIORITIES, safeString } from '@/server/tickets/schemas';

/**
 * The category settings as the admin form sends them: every category once, in the order the contact form should
 * show them. Empty names and descriptions mean "the catalogue's text". Client-importable: zod only.
 */
export const CATEGORY_LIMITS = { label: 60, description: 200 } as const;

const optionalText = (max: number, tooLong: string) =>
  safeString({ error: 'errors.invalid' })
    .trim()
    .max(max, { error: tooLong })
    .nullable()
    .default(null)
    .transform((v) => (v ? v : null));

export const categorySettingSchema = z.object({
  category: z.enum(TICKET_CATEGORIES, { error: 'errors.invalid' }),
  labelPl: optionalText(CATEGORY_LIMITS.label, 'adminCategories.errors.labelTooLong'),
  labelEn: optionalText(CATEGORY_LIMITS.label, 'adminCategories.errors.labelTooLong'),
  descriptionPl: optionalText(CATEGORY_LIMITS.description, 'adminCategories.errors.descriptionTooLong'),
  descriptionEn: optionalText(CATEGORY_LIMITS.description, 'adminCategories.errors.descriptionTooLong'),
  active: z.boolean({ error: 'errors.invalid' }),
  defaultPriority: z.enum(TICKET_PRIORITIES, { error: 'errors.invalid' }).nullable().default(null),
  defaultAssigneeId: z.uuid({ error: 'errors.invalid' }).nullable().default(null),
});

export const categorySettingsSchema = z
  .array(categorySettingSchema, { error: 'errors.invalid' })
  .length(TICKET_CATEGORIES.length, { error: 'errors.invalid' })
  .refine((rows) => new Set(rows.map((r) => r.category)).size === TICKET_CATEGORIES.length, { error: 'errors.invalid' })
  .refine((rows) => rows.some((r) => r.active), { error: 'adminCategories.errors.oneVisible' });

export type CategorySettingInput = z.input<typeof categorySettingSchema>;
