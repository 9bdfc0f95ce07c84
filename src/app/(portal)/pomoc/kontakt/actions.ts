'use server';

import { cookies, headers } from 'next/headers';
import { runAction, type ActionResult } from '@/server/actions/run-action';
import { DEFLECTION_COOKIE, linkSessionToTicket, verifyDeflectionSession } from '@/server/kb/feedback';
import { clientIp, hit } from '@/server/rate-limit';
import { customerTicketPath } from '@/server/links';
import { bookCallback, slotLabel, type BookedCallback, type BookingError } from '@/server/phone/booking';
import type { BookCallbackInput } from '@/server/phone/booking-schema';
import { formatPhone } from '@/server/phone/numbers';
import type { BookedView, SlotTaken } from '@/components/phone/callback-booking';
import { fileTicketFromForm } from '@/server/tickets/file-from-form';
import type { ContactFormInput } from '@/server/tickets/schemas';
import { err } from '@/server/result';

/** Bookings one customer may make per rate-limit window: plenty for moving plans, not for filling every slot. */
const CALLBACK_BOOKINGS_PER_WINDOW = 10;

export type FiledTicket = { number: string; url: string; email: string };

export async function submitContactForm(input: ContactFormInput): Promise<ActionResult<FiledTicket>> {
  return runAction({
    name: 'submitContactForm',
    run: async ({ viewer, locale }) => {
      const result = await fileTicketFromForm(input, { viewer, ip: clientIp(await headers()), locale });
      if (!result.ok) return err({ kind: 'rejected' as const, ...result.error });
      // Articles the knowledge base suggested beside the form go with the ticket (shown to the agent).
      await linkSessionToTicket(verifyDeflectionSession((await cookies()).get(DEFLECTION_COOKIE)?.value), result.value.id);
      return result;
    },
    // fileTicketFromForm already speaks the reporter's language.
    expected: ({ fieldErrors: { _form: form, ...fieldErrors }, formError }) => ({ fieldErrors, formError: formError ?? form?.join(' ') }),
    success: ({ displayNumber, url, reporterEmail }) => ({ data: { number: displayNumber, url, email: reporterEmail } }),
    refresh: false,
  });
}

export async function bookCallbackAction(input: BookCallbackInput): Promise<ActionResult<BookedView, SlotTaken>> {
  return runAction<BookedCallback, BookingError | { kind: 'rate_limited' }, BookedView, SlotTaken>({
    name: 'bookCallback',
    run: async ({ viewer }) => {
      if (viewer.kind !== 'user') return err({ kind: 'no_phone' as const });
      const limited = await hit(`callback-booking:${viewer.user.id}`, CALLBACK_BOOKINGS_PER_WINDOW);
      if (!limited.allowed) return err({ kind: 'rate_limited' as const });
      return bookCallback({ userId: viewer.user.id }, input);
    },
    expected: (error, { t }) => {
      if (error.kind === 'slot_full')
        return { fieldErrors: { slot: [t('callbackBooking.slotTaken')] }, detail: { alternatives: error.alternatives } };
      if (error.kind === 'rate_limited') return { formError: t('errors.rateLimited') };
      return { formError: t('callbackBooking.errors.noPhone') };
    },
    success: (booked, { locale }) => ({
      data: {
        ticketNumber: booked.ticketNumber,
        ticketPath: customerTicketPath(booked.ticketNumber),
        when: slotLabel(booked.slotStart, booked.slotEnd, locale),
        phone: formatPhone(booked.phone),
      },
    }),
    refresh: false,
  });
}
