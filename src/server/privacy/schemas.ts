import { z } from 'zod';
import { safeString } from '@/server/tickets/schemas';

/** The RODO pages' inputs, shared by the forms and the server. Zod only: importable from client components. */

/** Why an admin opens, exports or erases a person's data: the audit log's "why", as a code (never free text about the person). */
export const PRIVACY_PURPOSES = ['access_request', 'erasure_request', 'rectification', 'complaint', 'legal_claim'] as const;
export type PrivacyPurpose = (typeof PRIVACY_PURPOSES)[number];

export const PRIVACY_LIMITS = {
  caseRef: 60,
  holdReason: { min: 5, max: 300 },
  retention: { days: { min: 1, max: 3650 }, months: { min: 1, max: 120 } },
} as const;

const caseRef = safeString({ error: 'rodo.errors.caseRefTooLong' })
  .trim()
  .max(PRIVACY_LIMITS.caseRef, { error: 'rodo.errors.caseRefTooLong' })
  .optional()
  .transform((value) => value || null);

export const purposeSchema = z.enum(PRIVACY_PURPOSES, { error: 'rodo.errors.purposeRequired' });

/** Finding a person: their e-mail address, and why the admin looks. */
export const personLookupSchema = z.object({
  email: safeString({ error: 'rodo.errors.emailRequired' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'rodo.errors.emailInvalid' })),
  purpose: purposeSchema,
  caseRef,
});
export type PersonLookupInput = z.input<typeof personLookupSchema>;

/** Step two of an erasure: the admin types the person's tombstone-to-be confirmation word and gives the case. */
export const ERASURE_CONFIRMATION_WORD = 'USUŃ';
export const erasureRequestSchema = z.object({
  subjectId: z.uuid({ error: 'rodo.errors.notFound' }),
  confirmation: safeString({ error: 'rodo.errors.confirmationMismatch' })
    .trim()
    .refine((value) => value.toUpperCase() === ERASURE_CONFIRMATION_WORD, { error: 'rodo.errors.confirmationMismatch' }),
  caseRef,
});
export type ErasureRequestInput = z.input<typeof erasureRequestSchema>;

const optionalDays = (min: number, max: number, key: string) =>
  z.number({ error: key }).int({ error: key }).min(min, { error: key }).max(max, { error: key }).nullable();

/** Retention rules; null turns a rule off. */
export const retentionPolicySchema = z.object({
  closedTicketFilesDays: optionalDays(PRIVACY_LIMITS.retention.days.min, PRIVACY_LIMITS.retention.days.max, 'rodo.errors.days'),
  inactiveReporterMonths: optionalDays(PRIVACY_LIMITS.retention.months.min, PRIVACY_LIMITS.retention.months.max, 'rodo.errors.months'),
  outboxBodyDays: optionalDays(PRIVACY_LIMITS.retention.days.min, PRIVACY_LIMITS.retention.days.max, 'rodo.errors.days'),
});
export type RetentionPolicyInput = z.input<typeof retentionPolicySchema>;

/** A legal hold on a ticket (`VCH-10001` or 10001) or a company (by id, from the list). */
export const legalHoldSchema = z
  .object({
    ticket: safeString({ error: 'rodo.errors.holdTarget' }).trim().max(20).optional(),
    companyId: z
      .uuid({ error: 'rodo.errors.holdTarget' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    reason: safeString({ error: 'rodo.errors.holdReason' })
      .trim()
      .min(PRIVACY_LIMITS.holdReason.min, { error: 'rodo.errors.holdReason' })
      .max(PRIVACY_LIMITS.holdReason.max, { error: 'rodo.errors.holdReason' }),
  })
  .refine((value) => Boolean(value.ticket) !== Boolean(value.companyId), { error: 'rodo.errors.holdTarget', path: ['ticket'] });
export type LegalHoldInput = z.input<typeof legalHoldSchema>;
