import { z } from 'zod';
import { safeString } from '@/server/tickets/schemas';

/** The call panel's input on /agent/telefon, shared by the form and the server. Zod only: importable from client components. */

export const CALL_OUTCOMES = ['answered', 'no_answer', 'voicemail', 'wrong_number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
/** After this many unanswered attempts the customer is e-mailed and the ticket waits on them. */
export const MAX_CALLBACK_ATTEMPTS = 3;

export const callOutcomeSchema = z.object({
  callbackId: z.uuid(),
  outcome: z.enum(CALL_OUTCOMES, { error: 'phone.errors.outcome' }),
  publicSummary: safeString().trim().max(5000, { error: 'phone.errors.tooLong' }).optional(),
  internalNote: safeString().trim().max(5000, { error: 'phone.errors.tooLong' }).optional(),
  /** "Spróbuj ponownie o …" (no answer): an ISO date-time; absent: two hours from now. */
  retryAt: z.iso.datetime({ offset: true, error: 'phone.errors.retryAt' }).optional(),
});
export type CallOutcomeInput = z.input<typeof callOutcomeSchema>;
