import { z } from 'zod';
import { safeString } from '@/server/tickets/schemas';

/**
 * "Zamów rozmowę zwrotną" on /pomoc/kontakt, and moving a booked slot from the e-mailed link. Shared by the form and
 * the server; messages are catalogue keys. Zod only: importable from client components. The phone number is
 * checked and normalised on the server (libphonenumber-js, numbers.ts), where the field error comes from too.
 */

export const TOPIC_MIN = 5;
export const TOPIC_MAX = 140;

const slotField = z.iso.datetime({ offset: true, error: 'callbackBooking.errors.slot' });

export const bookCallbackSchema = z.object({
  slot: slotField,
  topic: safeString({ error: 'callbackBooking.errors.topic' })
    .trim()
    .min(TOPIC_MIN, { error: 'callbackBooking.errors.topic' })
    .max(TOPIC_MAX, { error: 'callbackBooking.errors.topicTooLong' }),
  phone: safeString({ error: 'callbackBooking.errors.phone' }).trim().min(1, { error: 'callbackBooking.errors.phone' }).max(40, {
    error: 'callbackBooking.errors.phone',
  }),
  /** One of the customer's own tickets the call is about (`VCH-10001`), or empty. */
  ticketNumber: safeString()
    .trim()
    .max(20)
    .transform((v) => v || undefined)
    .optional(),
});
export type BookCallbackInput = z.input<typeof bookCallbackSchema>;

export const moveCallbackSchema = z.object({ slot: slotField });
export type MoveCallbackInput = z.input<typeof moveCallbackSchema>;
