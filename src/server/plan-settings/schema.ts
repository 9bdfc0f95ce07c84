import { z } from 'zod';
import { OPTIONAL_CHANNELS } from '@/server/plans';
import { PLANS, safeString } from '@/server/tickets/schemas';
import { addDays, isDateKey, localDateOf } from '@/server/calendar/zone';

/**
 * The admin's input for /agent/admin/godziny: one plan's channels and hours, and a calendar exception. Shared by
 * the form, the server action and the reader (stored JSON is checked on the way out too). Messages are catalogue
 * keys. Client-importable: zod and pure helpers only.
 */

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const weeklyHoursSchema = z
  .object({
    days: z
      .array(z.coerce.number().int().min(1).max(7), { error: 'adminHours.errors.noDays' })
      .min(1, { error: 'adminHours.errors.noDays' })
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    from: z.string({ error: 'adminHours.errors.time' }).regex(TIME, { error: 'adminHours.errors.time' }),
    to: z.string({ error: 'adminHours.errors.time' }).regex(END_TIME, { error: 'adminHours.errors.endTime' }),
  })
  .refine((v) => v.from < v.to, { path: ['to'], error: 'adminHours.errors.toBeforeFrom' });

export const planSettingSchema = z.object({
  plan: z.enum(PLANS, { error: 'errors.invalid' }),
  channels: z.array(z.enum(OPTIONAL_CHANNELS, { error: 'errors.invalid' }), { error: 'errors.invalid' }).transform((c) => [...new Set(c)]),
  supportHours: weeklyHoursSchema,
  chatHours: weeklyHoursSchema,
  phoneHours: weeklyHoursSchema,
  closedOnPublicHolidays: z.boolean({ error: 'errors.invalid' }),
  /** Customer-booked callbacks per 30-minute phone slot (absent: the default, 2). */
  callbackSlotCapacity: z.coerce
    .number({ error: 'adminHours.errors.slotCapacity' })
    .int({ error: 'adminHours.errors.slotCapacity' })
    .min(1, { error: 'adminHours.errors.slotCapacity' })
    .max(50, { error: 'adminHours.errors.slotCapacity' })
    .default(2),
});

export type PlanSettingInput = z.input<typeof planSettingSchema>;

/** The visitors' entry ("Odwiedzający strony (bez konta)"): chat on or off, its hours, the public-holiday switch. */
export const visitorChatSettingSchema = z.object({
  chatEnabled: z.boolean({ error: 'errors.invalid' }),
  chatHours: weeklyHoursSchema,
  closedOnPublicHolidays: z.boolean({ error: 'errors.invalid' }),
});

export type VisitorChatSettingInput = z.input<typeof visitorChatSettingSchema>;
export type PlanSettingValues = z.output<typeof planSettingSchema>;

export const CALENDAR_EXCEPTION_KINDS = ['DAY_OFF', 'WORKING_DAY'] as const;
export const EXCEPTION_NOTE_MAX = 120;
export const EXCEPTION_MAX_DAYS_AHEAD = 731;

/** Exceptions are for planning ahead: yesterday is history, and more than two years out is a typo. */
export const calendarExceptionSchema = z.object({
  date: z
    .string({ error: 'adminHours.errors.dateRequired' })
    .min(1, { error: 'adminHours.errors.dateRequired' })
    .refine(isDateKey, { error: 'adminHours.errors.date' })
    .refine((date) => date >= localDateOf(new Date()), { error: 'adminHours.errors.datePast' })
    .refine((date) => date <= addDays(localDateOf(new Date()), EXCEPTION_MAX_DAYS_AHEAD), { error: 'adminHours.errors.dateTooFar' }),
  kind: z.enum(CALENDAR_EXCEPTION_KINDS, { error: 'errors.invalid' }),
  note: safeString({ error: 'errors.invalid' })
    .trim()
    .max(EXCEPTION_NOTE_MAX, { error: 'adminHours.errors.noteTooLong' })
    .transform((n) => n || null)
    .optional(),
});

export type CalendarExceptionInput = z.input<typeof calendarExceptionSchema>;
