import { z } from 'zod';
import { TICKET_CATEGORIES, safeString } from '@/server/tickets/schemas';

/**
 * A canned response as the admin editor sends it; the same schema checks the form in the browser and the
 * server action. Messages are catalogue keys (translated where shown). Unknown placeholders are checked
 * separately (`unknownPlaceholders`) because their message names them. Client-importable: zod only.
 */
export const CANNED_LIMITS = { title: 120, body: 10_000, search: 100 } as const;

export const CANNED_LOCALES = ['pl', 'en'] as const;

export const cannedResponseSchema = z.object({
  title: safeString({ error: 'adminCanned.errors.titleRequired' })
    .trim()
    .min(1, { error: 'adminCanned.errors.titleRequired' })
    .max(CANNED_LIMITS.title, { error: 'adminCanned.errors.titleTooLong' }),
  body: safeString({ error: 'adminCanned.errors.bodyRequired' })
    .trim()
    .min(1, { error: 'adminCanned.errors.bodyRequired' })
    .max(CANNED_LIMITS.body, { error: 'adminCanned.errors.bodyTooLong' }),
  /** Null for every language. */
  locale: z.enum(CANNED_LOCALES, { error: 'errors.invalid' }).nullable().default(null),
  /** Null for every category. */
  category: z.enum(TICKET_CATEGORIES, { error: 'errors.invalid' }).nullable().default(null),
  active: z.boolean({ error: 'errors.invalid' }).default(true),
});

export type CannedResponseInput = z.input<typeof cannedResponseSchema>;
export type CannedResponseFields = z.output<typeof cannedResponseSchema>;
