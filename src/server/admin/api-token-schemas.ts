import { z } from 'zod';
import { safeString } from '@/server/tickets/schemas';

/** The "new API token" form's input, shared by the form and the server. Zod only: importable from client components. */

export const API_TOKEN_LIMITS = { name: { min: 2, max: 80 }, expiresInDays: { min: 1, max: 3650 } } as const;

export const createApiTokenSchema = z.object({
  name: safeString({ error: 'adminApiTokens.errors.nameRequired' })
    .trim()
    .min(1, { error: 'adminApiTokens.errors.nameRequired' })
    .min(API_TOKEN_LIMITS.name.min, { error: 'adminApiTokens.errors.nameTooShort' })
    .max(API_TOKEN_LIMITS.name.max, { error: 'adminApiTokens.errors.nameTooLong' }),
  /** Null or absent: the token never expires (until revoked). */
  expiresInDays: z
    .number({ error: 'adminApiTokens.errors.expiresInDays' })
    .int({ error: 'adminApiTokens.errors.expiresInDays' })
    .min(API_TOKEN_LIMITS.expiresInDays.min, { error: 'adminApiTokens.errors.expiresInDays' })
    .max(API_TOKEN_LIMITS.expiresInDays.max, { error: 'adminApiTokens.errors.expiresInDays' })
    .nullable()
    .optional(),
  /** API (the ticket REST API, the default) or CTI (only the telephony hook, docs/phone.md). */
  kind: z.enum(['API', 'CTI'], { error: 'adminApiTokens.errors.kind' }).optional(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

export const apiTokenIdSchema = z.uuid();
