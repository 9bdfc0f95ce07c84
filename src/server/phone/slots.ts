import { addDays, localDateOf, openingOn, zonedInstant, type BusinessCalendar, type DateKey } from '@/server/calendar';

/**
 * The half-hour slots a customer may book a callback in: inside the plan's phone hours (holidays and the admins'
 * days off excluded, as the calendar says), on the first BOOKING_DAYS working days that still have a slot, never
 * starting sooner than MIN_LEAD_MS from now. Pure: the capacity of each slot is counted elsewhere (booking.ts).
 *
 * Slots are laid out in local (Europe/Warsaw) wall time from the opening minute, so they read 8:00, 8:30, … on
 * both sides of a clock change; the instants are real UTC moments.
 */
export const SLOT_MINUTES = 30;
export const SLOT_MS = SLOT_MINUTES * 60_000;
export const BOOKING_DAYS = 5;
/** Nobody can be ready for a call booked for two minutes from now. */
export const MIN_LEAD_MS = 15 * 60_000;
/** A calendar with fewer working days than this in the look-ahead is simply offered what it has. */
const MAX_LOOKAHEAD_DAYS = 60;

export interface Slot {
  start: Date;
  end: Date;
  /** The Warsaw date of the slot. */
  day: DateKey;
}

/** The bookable slots from `now` on, in time order. */
export function callbackSlots(calendar: BusinessCalendar, now: Date, days = BOOKING_DAYS): Slot[] {
  const earliest = now.getTime() + MIN_LEAD_MS;
  const slots: Slot[] = [];
  let date = localDateOf(now, calendar.timeZone);
  let daysWithSlots = 0;
  for (let i = 0; i < MAX_LOOKAHEAD_DAYS && daysWithSlots < days; i++, date = addDays(date, 1)) {
    const window = openingOn(calendar, date);
    if (!window) continue;
    let found = false;
    for (let minute = calendar.fromMinute; minute + SLOT_MINUTES <= calendar.toMinute; minute += SLOT_MINUTES) {
      const start = zonedInstant(date, minute, calendar.timeZone);
      const end = zonedInstant(date, minute + SLOT_MINUTES, calendar.timeZone);
      // A slot the spring change swallows (the local time does not exist) would collide with the next one.
      if (end <= start || start < window[0] || end > window[1]) continue;
      if (start < earliest) continue;
      if (slots.length && slots[slots.length - 1]!.start.getTime() >= start) continue;
      slots.push({ start: new Date(start), end: new Date(end), day: date });
      found = true;
    }
    if (found) daysWithSlots++;
  }
  return slots;
}

/** Whether `start` is exactly one of the bookable slots' starts. */
export function findSlot(calendar: BusinessCalendar, now: Date, start: Date): Slot | null {
  return callbackSlots(calendar, now).find((slot) => slot.start.getTime() === start.getTime()) ?? null;
}
