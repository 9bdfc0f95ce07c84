import { z } from 'zod';
import { PLANS } from '@/server/tickets/schemas';

/**
 * One plan's SLA targets as the admin form sends them, in whole hours (stored as minutes). Shared by the form and
 * the server action; messages are catalogue keys. Client-importable: zod only.
 */
export const SLA_MAX_HOURS = 2_160; // 90 days: anything longer is a typo, not a promise to a customer.

const hours = (required: string) =>
  z.coerce
    .number({ error: required })
    .int({ error: 'adminSla.errors.wholeHours' })
    .min(1, { error: 'adminSla.errors.positive' })
    .max(SLA_MAX_HOURS, { error: 'adminSla.errors.tooLong' });

export const slaPolicySchema = z
  .object({
    plan: z.enum(PLANS, { error: 'errors.invalid' }),
    firstResponseHours: hours('adminSla.errors.required'),
    resolutionHours: hours('adminSla.errors.required'),
  })
  .refine((v) => v.resolutionHours >= v.firstResponseHours, { path: ['resolutionHours'], error: 'adminSla.errors.resolutionBeforeFirst' });

export type SlaPolicyInput = z.input<typeof slaPolicySchema>;
