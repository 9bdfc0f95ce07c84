import { z } from 'zod';
import { LIMITS, IDENTIFIER_KINDS, PLANS, TICKET_CATEGORIES, TICKET_PRIORITIES } from './constants';

/**
 * The ticket input, shared by the contact form (client-side validation), its server action and the REST API.
 * Error messages are message-catalogue keys under `errors.*` (src/i18n/messages), translated where shown.
 * This module must stay importable from client components: zod only, no server imports. Constants a client needs
 * without the schemas (limits, category lists, the error mapping) live in ./constants.ts, re-exported here.
 */

export {
  clamp,
  DIAGNOSTIC_CATEGORIES,
  IDENTIFIER_KINDS,
  LIMITS,
  PLANS,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  toFieldErrors,
  type FieldErrors,
  type IdentifierKind,
  type TicketCategory,
  type TicketPriority,
} from './constants';

/**
 * Every free-text field refuses U+0000 and unpaired UTF-16 surrogates with their own message: Postgres text
 * cannot hold the first, Prisma cannot serialise the second into a JSON column, and either turned a typo-level
 * problem into a failed insert (500 on the API, "try again" for ever on the form). Found by the fuzz tests.
 */
const NO_NUL = /^(?:[^\u0000\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/** `z.string(params)` that refuses U+0000 and broken surrogates; use it for every text a person or a client sends. */
export const safeString = (params?: Parameters<typeof z.string>[0]) => z.string(params).regex(NO_NUL, { error: 'errors.nul' });

/** The earliest `occurredAt` accepted: older dates are typos (year 0000 once crashed the insert). */
export const EARLIEST_OCCURRED_AT = new Date('2000-01-01T00:00:00Z');

const text = (max: number, key: string) =>
  safeString({ error: 'errors.invalid' })
    .trim()
    .max(max, { error: `errors.${key}.tooLong` });

const optionalText = (max: number, key: string) =>
  text(max, key)
    .optional()
    .transform((v) => (v ? v : undefined));

export const emailSchema = safeString({ error: 'errors.email.required' })
  .trim()
  .min(1, { error: 'errors.email.required' })
  .max(LIMITS.email, { error: 'errors.email.invalid' })
  .pipe(z.email({ error: 'errors.email.invalid' }))
  .transform((v) => v.toLowerCase());

export const reporterSchema = z.object({
  name: safeString({ error: 'errors.name.required' })
    .trim()
    .min(1, { error: 'errors.name.required' })
    .min(LIMITS.name.min, { error: 'errors.name.tooShort' })
    .max(LIMITS.name.max, { error: 'errors.name.tooLong' }),
  email: emailSchema,
});

export const identifierSchema = z.object({
  kind: z.enum(IDENTIFIER_KINDS, { error: 'errors.identifier.kind' }),
  value: safeString({ error: 'errors.identifier.required' })
    .trim()
    .min(1, { error: 'errors.identifier.required' })
    .max(LIMITS.identifierValue, { error: 'errors.identifier.tooLong' }),
});

/** What the browser reports about itself; shown to the user, editable, all optional. */
export const environmentSchema = z
  .object({
    browser: optionalText(LIMITS.envField, 'environment'),
    os: optionalText(LIMITS.envField, 'environment'),
    screen: optionalText(LIMITS.envField, 'environment'),
    timeZone: optionalText(LIMITS.envField, 'environment'),
    language: optionalText(LIMITS.envField, 'environment'),
    pageUrl: optionalText(2_000, 'environment'),
    userAgent: optionalText(2_000, 'environment'),
    appVersion: optionalText(LIMITS.envField, 'environment'),
  })
  .strip();

/** Accepts an ISO date-time or the `YYYY-MM-DDTHH:mm` of a datetime-local input; never in the future. */
const occurredAtSchema = z
  .union([z.iso.datetime({ offset: true, local: true, error: 'errors.occurredAt.invalid' }), z.date()])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const date = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'errors.occurredAt.invalid' });
      return z.NEVER;
    }
    if (date.getTime() < EARLIEST_OCCURRED_AT.getTime()) {
      ctx.addIssue({ code: 'custom', message: 'errors.occurredAt.tooOld' });
      return z.NEVER;
    }
    // Allow a few minutes of clock skew between the user's device and the server.
    if (date.getTime() > Date.now() + 10 * 60_000) {
      ctx.addIssue({ code: 'custom', message: 'errors.occurredAt.future' });
      return z.NEVER;
    }
    return date;
  });

/** The fields every way of filing a ticket shares. */
export const ticketFieldsSchema = z.object({
  category: z.enum(TICKET_CATEGORIES, { error: 'errors.category.required' }),
  subject: safeString({ error: 'errors.subject.required' })
    .trim()
    .min(1, { error: 'errors.subject.required' })
    .min(LIMITS.subject.min, { error: 'errors.subject.tooShort' })
    .max(LIMITS.subject.max, { error: 'errors.subject.tooLong' }),
  attempted: optionalText(LIMITS.longText, 'attempted'),
  actual: safeString({ error: 'errors.actual.required' })
    .trim()
    .min(1, { error: 'errors.actual.required' })
    .min(LIMITS.description.min, { error: 'errors.actual.tooShort' })
    .max(LIMITS.description.max, { error: 'errors.actual.tooLong' }),
  expected: optionalText(LIMITS.longText, 'expected'),
  reproSteps: z
    .array(text(LIMITS.reproStep, 'reproSteps'), { error: 'errors.invalid' })
    .max(LIMITS.reproSteps, { error: 'errors.reproSteps.tooMany' })
    .default([])
    .transform((steps) => steps.filter((s) => s.length > 0)),
  errorMessage: optionalText(LIMITS.errorMessage, 'errorMessage'),
  occurredAt: occurredAtSchema,
  identifiers: z
    .array(identifierSchema, { error: 'errors.invalid' })
    .max(LIMITS.identifiers, { error: 'errors.identifier.tooMany' })
    .default([]),
  environment: environmentSchema.optional(),
  priority: z.enum(TICKET_PRIORITIES, { error: 'errors.priority.invalid' }).default('NORMAL'),
});

/**
 * The contact form. `reporter` is required only from guests (the server action checks that against the
 * session); `attachmentTokens` are the tokens returned by POST /api/uploads for this form.
 */
export const contactFormSchema = ticketFieldsSchema.extend({
  reporter: reporterSchema.optional(),
  attachmentTokens: z.array(safeString().min(16).max(128)).max(50).default([]),
  idempotencyKey: safeString().min(8).max(128).optional(),
  /** Honeypot: real people never see or fill it. */
  website: safeString().max(0, { error: 'errors.invalid' }).optional(),
});

export type ContactFormInput = z.input<typeof contactFormSchema>;
export type ContactForm = z.output<typeof contactFormSchema>;

/** POST /api/v1/tickets: the panel also says who the reporter is in its own terms. */
export const apiTicketSchema = ticketFieldsSchema.extend({
  reporter: reporterSchema.extend({
    externalId: safeString().trim().min(1).max(200).optional(),
    locale: z.enum(['pl', 'en']).optional(),
    company: z
      .object({
        externalId: safeString().trim().min(1, { error: 'errors.company.externalId' }).max(200),
        name: safeString().trim().min(1, { error: 'errors.company.name' }).max(200),
        plan: z.enum(PLANS, { error: 'errors.company.plan' }),
      })
      .optional(),
  }),
});

export type ApiTicketInput = z.input<typeof apiTicketSchema>;

/** A customer's reply on the ticket page (and, later, the REST API): the text and the uploads to attach. */
export const replySchema = z.object({
  body: safeString({ error: 'errors.reply.required' })
    .trim()
    .min(1, { error: 'errors.reply.required' })
    .max(LIMITS.reply, { error: 'errors.reply.tooLong' }),
  attachmentTokens: z
    .array(safeString().min(16).max(128), { error: 'errors.invalid' })
    .max(LIMITS.attachmentTokens, { error: 'errors.reply.tooManyFiles' })
    .default([]),
  /** The same key twice (double click, retry after a lost answer) adds the reply once. */
  idempotencyKey: safeString().min(8).max(128).optional(),
});

export type ReplyInput = z.input<typeof replySchema>;
export type Reply = z.output<typeof replySchema>;

/** The reporter's rating of a solved ticket: whole stars 1–5 and an optional comment. */
export const ratingSchema = z.object({
  rating: z
    .number({ error: 'errors.rating.required' })
    .int({ error: 'errors.rating.invalid' })
    .min(1, { error: 'errors.rating.invalid' })
    .max(5, { error: 'errors.rating.invalid' }),
  comment: optionalText(LIMITS.ratingComment, 'rating'),
});

export type RatingInput = z.input<typeof ratingSchema>;
