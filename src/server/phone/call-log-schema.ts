import { z } from 'zod';
import { safeString } from '@/server/tickets/schemas';
import { CALL_OUTCOMES } from './callback-schemas';
import { normalizePhone } from './numbers';

/**
 * "Zarejestruj rozmowę" (/agent/telefon, the incoming-call pop-up, the ticket view): the dialog's input, shared by
 * the form and the server. Zod and libphonenumber-js only, so client components import it.
 */

/** A logged call lasts at most this long (a longer figure is a typo: 300 meant as seconds, not minutes). */
export const MAX_CALL_SECONDS = 4 * 60 * 60;
export const SUMMARY_LIMITS = { min: 10, max: 5000 } as const;

/**
 * The duration as an agent types it: "4:30" (minutes:seconds), "1:02:03" (hours:minutes:seconds), or minutes as a
 * number ("5", "2,5", "2.5"). Null for text that is none of those; the range is checked separately.
 */
export function parseCallDuration(raw: string): number | null {
  const text = raw.trim().replace(/\s*(min|m)\.?$/i, '');
  if (!text) return null;
  if (/^\d{1,3}(:\d{1,2}){1,2}$/.test(text)) {
    const parts = text.split(':').map(Number);
    if (parts.slice(1).some((part) => part >= 60)) return null;
    return parts.reduce((total, part) => total * 60 + part, 0);
  }
  if (/^\d{1,4}([.,]\d{1,2})?$/.test(text)) return Math.round(Number(text.replace(',', '.')) * 60);
  return null;
}

/** "4:30" for 270 s, "1:02:03" for 3723 s: how a logged duration is shown back. */
export function formatCallDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** A new ticket's subject from the summary: its first non-empty line, cut at a word near 150 characters. */
export function subjectFromSummary(summary: string, max = 150): string {
  const line = summary
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return '';
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const phoneNumber = safeString({ error: 'phone.errors.badNumber' })
  .trim()
  .min(1, { error: 'phone.errors.numberRequired' })
  .transform((raw, ctx) => {
    const e164 = normalizePhone(raw);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'phone.errors.badNumber' });
      return z.NEVER;
    }
    return e164;
  });

const knownCaller = z.object({ kind: z.literal('known'), id: z.uuid({ error: 'phone.errors.callerRequired' }) });
const newCaller = z.object({
  kind: z.literal('new'),
  name: safeString({ error: 'phone.errors.nameRequired' })
    .trim()
    .min(2, { error: 'phone.errors.nameRequired' })
    .max(120, { error: 'phone.errors.nameTooLong' }),
  phone: phoneNumber,
  email: z
    .union([z.literal(''), z.email({ error: 'errors.email.invalid' }).max(254, { error: 'errors.email.invalid' })])
    .optional()
    .transform((email) => (email ? email.toLowerCase() : undefined)),
});

export const CALL_DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;
export const LOG_TARGETS = ['new', 'existing'] as const;
export const NOTE_KINDS = ['internal', 'public'] as const;

export const callLogSchema = z
  .object({
    caller: z.discriminatedUnion('kind', [knownCaller, newCaller], { error: 'phone.errors.callerRequired' }),
    direction: z.enum(CALL_DIRECTIONS, { error: 'phone.errors.direction' }),
    /** Empty: not noted. */
    duration: z
      .string()
      .max(20, { error: 'phone.errors.duration' })
      .optional()
      .transform((raw, ctx) => {
        if (!raw?.trim()) return null;
        const seconds = parseCallDuration(raw);
        if (seconds === null) {
          ctx.addIssue({ code: 'custom', message: 'phone.errors.duration' });
          return z.NEVER;
        }
        if (seconds > MAX_CALL_SECONDS) {
          ctx.addIssue({ code: 'custom', message: 'phone.errors.durationRange' });
          return z.NEVER;
        }
        return seconds;
      }),
    outcome: z.enum(CALL_OUTCOMES, { error: 'phone.errors.outcome' }),
    summary: safeString({ error: 'phone.errors.summaryRequired' })
      .trim()
      .min(1, { error: 'phone.errors.summaryRequired' })
      .min(SUMMARY_LIMITS.min, { error: 'phone.errors.summaryTooShort' })
      .max(SUMMARY_LIMITS.max, { error: 'phone.errors.tooLong' }),
    target: z.enum(LOG_TARGETS, { error: 'phone.errors.target' }),
    /** New ticket: its subject; empty takes the summary's first line. */
    topic: safeString().trim().max(150, { error: 'errors.subject.tooLong' }).optional(),
    /** Existing ticket: its number (the caller's open tickets are offered). */
    ticketNumber: z.number({ error: 'phone.errors.ticketRequired' }).int().positive().optional(),
    noteKind: z.enum(NOTE_KINDS).default('internal'),
    /** Logged from the incoming-call pop-up: the CTI call this is, so it is not counted twice. */
    ctiCallId: z.uuid().optional(),
    idempotencyKey: safeString().min(8).max(128).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.target === 'existing' && input.ticketNumber === undefined)
      ctx.addIssue({ code: 'custom', path: ['ticketNumber'], message: 'phone.errors.ticketRequired' });
    if (input.target === 'existing' && input.caller.kind === 'new')
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'phone.errors.newCallerHasNoTickets' });
    if (input.target === 'new' && input.caller.kind === 'new' && !input.caller.email)
      ctx.addIssue({ code: 'custom', path: ['caller', 'email'], message: 'phone.errors.emailForTicket' });
    if (input.direction === 'INBOUND' && input.outcome === 'no_answer')
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'phone.errors.inboundNoAnswer' });
  });

export type CallLogInput = z.input<typeof callLogSchema>;
export type CallLog = z.output<typeof callLogSchema>;

/** The caller search field: at least two characters, so one keystroke does not list everyone. */
export const callerSearchSchema = z.object({ query: z.string().trim().min(2).max(120) });

/** A customer's (or an agent's for a customer) phone number edit: empty removes it. */
export const contactPhoneSchema = z.object({
  userId: z.uuid().optional(),
  phone: z
    .string({ error: 'phone.errors.badNumber' })
    .trim()
    .max(40, { error: 'phone.errors.badNumber' })
    .transform((raw, ctx) => {
      if (!raw) return null;
      const e164 = normalizePhone(raw);
      if (!e164) {
        ctx.addIssue({ code: 'custom', message: 'phone.errors.badNumber' });
        return z.NEVER;
      }
      return e164;
    }),
});
export type ContactPhoneInput = z.input<typeof contactPhoneSchema>;

/** A number as saved: E.164 and as shown, or both null when it was removed. */
export interface SavedPhone {
  phone: string | null;
  phoneDisplay: string | null;
}
