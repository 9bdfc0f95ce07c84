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

/** A live chat's first-response target, in seconds: chats are answered while the customer waits in the widget. */
export const CHAT_TARGET_MIN_SECONDS = 10;
export const CHAT_TARGET_MAX_SECONDS = 3_600;

export const chatTargetSecondsSchema = z.coerce
  .number({ error: 'adminSla.errors.secondsRequired' })
  .int({ error: 'adminSla.errors.wholeSeconds' })
  .min(CHAT_TARGET_MIN_SECONDS, { error: 'adminSla.errors.secondsMin' })
  .max(CHAT_TARGET_MAX_SECONDS, { error: 'adminSla.errors.secondsMax' });

export const slaPolicySchema = z
  .object({
    plan: z.enum(PLANS, { error: 'errors.invalid' }),
    firstResponseHours: hours('adminSla.errors.required'),
    resolutionHours: hours('adminSla.errors.required'),
    /** Left out (an older client, the API of this action before chats had a target): the stored value stays. */
    chatFirstResponseSeconds: chatTargetSecondsSchema.optional(),
  })
  .refine((v) => v.resolutionHours >= v.firstResponseHours, { path: ['resolutionHours'], error: 'adminSla.errors.resolutionBeforeFirst' });

export type SlaPolicyInput = z.input<typeof slaPolicySchema>;

/** The visitors' chat target ("Odwiedzający strony (bez konta)"). */
export const visitorChatTargetSchema = z.object({ chatFirstResponseSeconds: chatTargetSecondsSchema });
export type VisitorChatTargetInput = z.input<typeof visitorChatTargetSchema>;
