import { createEvent } from 'ics';
import type { EmailAttachment } from '@/server/mail/outbound/outbox';

/**
 * The calendar invitation of a booked callback (RFC 5546 iTIP over e-mail). One UID per callback, so a calendar
 * updates the same entry: METHOD:REQUEST with SEQUENCE 0 when booked and +1 on every move, METHOD:CANCEL with a
 * higher SEQUENCE when cancelled. Times are written in UTC (`…Z`), which every client shows in its own zone; the
 * slots themselves are Europe/Warsaw wall times (slots.ts).
 */

export interface CallbackInvitation {
  callbackId: string;
  method: 'REQUEST' | 'CANCEL';
  sequence: number;
  start: Date;
  end: Date;
  title: string;
  description: string;
  /** The move-or-cancel page. */
  url: string;
  organizer: { name: string; email: string };
  attendee: { name: string | null; email: string };
  /** Stable host part of the UID (the support domain). */
  domain: string;
}

export function callbackUid(callbackId: string, domain: string): string {
  return `callback-${callbackId}@${domain}`;
}

export function callbackIcs(input: CallbackInvitation): string {
  const { error, value } = createEvent({
    uid: callbackUid(input.callbackId, input.domain),
    method: input.method,
    sequence: input.sequence,
    productId: 'vouchie-support/callbacks',
    start: input.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: input.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: input.title,
    description: input.description,
    url: input.url,
    status: input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    busyStatus: 'BUSY',
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: [
      {
        ...(input.attendee.name ? { name: input.attendee.name } : {}),
        email: input.attendee.email,
        rsvp: false,
        partstat: 'ACCEPTED',
        role: 'REQ-PARTICIPANT',
      },
    ],
  });
  if (error || !value) throw error ?? new Error('ics produced no calendar');
  return value;
}

export function icsAttachment(ics: string, method: 'REQUEST' | 'CANCEL'): EmailAttachment {
  return { filename: 'rozmowa-zwrotna.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, content: ics };
}
