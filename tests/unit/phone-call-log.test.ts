import { describe, expect, it } from 'vitest';
import {
  callLogSchema,
  contactPhoneSchema,
  formatCallDuration,
  parseCallDuration,
  subjectFromSummary,
} from '@/server/phone/call-log-schema';
import { isCallbackOverdue, OVERDUE_AFTER_MS } from '@/server/phone/callbacks';
import { toFieldErrors } from '@/server/tickets/schemas';

describe('call duration as agents type it', () => {
  it.each([
    ['4:30', 270],
    ['0:45', 45],
    ['1:02:03', 3723],
    ['5', 300],
    ['2,5', 150],
    ['2.5', 150],
    ['12 min', 720],
    [' 3 ', 180],
  ])('reads %s as %i s', (raw, seconds) => {
    expect(parseCallDuration(raw)).toBe(seconds);
  });

  it.each(['', 'pięć', '4:75', '1:2:3:4', '-3', '4:30:', 'abc:de'])('refuses %j', (raw) => {
    expect(parseCallDuration(raw)).toBeNull();
  });

  it('shows a duration back as m:ss or h:mm:ss', () => {
    expect(formatCallDuration(270)).toBe('4:30');
    expect(formatCallDuration(5)).toBe('0:05');
    expect(formatCallDuration(3723)).toBe('1:02:03');
  });
});

describe('a new ticket subject from the summary', () => {
  it('takes the first non-empty line and cuts a long one at a word', () => {
    expect(subjectFromSummary('\n  Voucher nie działa \nreszta')).toBe('Voucher nie działa');
    const long = `${'słowo '.repeat(40)}koniec`;
    const subject = subjectFromSummary(long);
    expect(subject.length).toBeLessThanOrEqual(150);
    expect(subject.endsWith('słowo…')).toBe(true);
  });
});

describe('the call log schema', () => {
  const known = { kind: 'known', id: '7d0f7d5e-7a43-4c1f-9a9e-0b7f9a4f6a11' };
  const base = { caller: known, direction: 'INBOUND', outcome: 'answered', summary: 'Klient pyta o fakturę.', target: 'new' };
  const errorsOf = (input: Record<string, unknown>) => {
    const parsed = callLogSchema.safeParse(input);
    return parsed.success ? {} : toFieldErrors(parsed.error);
  };

  it("normalises a new caller's number and e-mail, and the duration to seconds", () => {
    const parsed = callLogSchema.parse({
      ...base,
      caller: { kind: 'new', name: 'Jan Nowak', phone: '0048 601-234-567', email: 'Jan@Sklep.PL' },
      duration: '4:30',
    });
    expect(parsed.caller).toEqual({ kind: 'new', name: 'Jan Nowak', phone: '+48601234567', email: 'jan@sklep.pl' });
    expect(parsed.duration).toBe(270);
    expect(callLogSchema.parse(base).duration).toBeNull();
  });

  it("says which field is wrong, in the catalogue's words", () => {
    expect(errorsOf({ ...base, caller: undefined })).toEqual({ caller: ['phone.errors.callerRequired'] });
    expect(errorsOf({ ...base, caller: { kind: 'new', name: 'Jan Nowak', phone: '123', email: 'jan@sklep.pl' } })).toEqual({
      'caller.phone': ['phone.errors.badNumber'],
    });
    expect(errorsOf({ ...base, duration: '4:99' })).toEqual({ duration: ['phone.errors.duration'] });
    expect(errorsOf({ ...base, duration: '241' })).toEqual({ duration: ['phone.errors.durationRange'] });
    expect(errorsOf({ ...base, summary: 'krótko' })).toEqual({ summary: ['phone.errors.summaryTooShort'] });
    expect(errorsOf({ ...base, target: 'existing' })).toEqual({ ticketNumber: ['phone.errors.ticketRequired'] });
    expect(errorsOf({ ...base, outcome: 'no_answer' })).toEqual({ outcome: ['phone.errors.inboundNoAnswer'] });
    expect(errorsOf({ ...base, direction: 'OUTBOUND', outcome: 'no_answer' })).toEqual({});
  });

  it('a phone number edit: empty removes it, anything else must parse', () => {
    expect(contactPhoneSchema.parse({ phone: ' ' }).phone).toBeNull();
    expect(contactPhoneSchema.parse({ phone: '22 123 45 67' }).phone).toBe('+48221234567');
    expect(toFieldErrors(contactPhoneSchema.safeParse({ phone: '12' }).error!)).toEqual({ phone: ['phone.errors.badNumber'] });
  });
});

describe('a callback is overdue', () => {
  it('only once it is more than the threshold past due', () => {
    const due = new Date('2026-12-08T09:00:00Z');
    expect(isCallbackOverdue(due, new Date(due.getTime() + OVERDUE_AFTER_MS))).toBe(false);
    expect(isCallbackOverdue(due, new Date(due.getTime() + OVERDUE_AFTER_MS + 1))).toBe(true);
  });
});
