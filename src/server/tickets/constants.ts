/**
 * The ticket input's constants and the zod-error mapping, without zod: client components import these (limits, the
 * category and priority lists) without pulling the whole of zod into the page's JavaScript. The schemas themselves
 * are in ./schemas.ts, which re-exports everything here.
 */

export const TICKET_CATEGORIES = ['TECHNICAL_ERROR', 'CONFIGURATION', 'BILLING', 'SUGGESTION', 'OTHER'] as const;
export const TICKET_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export const IDENTIFIER_KINDS = ['VOUCHER_ID', 'VOUCHER_CODE', 'CUSTOMER_EMAIL', 'USER_ID', 'ORDER_ID', 'OTHER'] as const;
export const PLANS = ['START', 'BIZNES', 'PREMIUM'] as const;

export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** Categories that describe a malfunction: only these ask for steps to reproduce and error messages. */
export const DIAGNOSTIC_CATEGORIES: readonly TicketCategory[] = ['TECHNICAL_ERROR', 'CONFIGURATION'];

/** Cuts `text` to at most `max` characters, ending in an ellipsis when it was longer. */
export function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const LIMITS = {
  subject: { min: 5, max: 150 },
  description: { min: 10, max: 10_000 },
  longText: 10_000,
  reproStep: 1_000,
  reproSteps: 30,
  errorMessage: 20_000,
  identifiers: 20,
  identifierValue: 200,
  name: { min: 2, max: 120 },
  email: 254,
  envField: 1_000,
  reply: 10_000,
  ratingComment: 2_000,
  /** Tokens one submission may carry; UPLOAD_MAX_FILES (at most this) is enforced when they are claimed. */
  attachmentTokens: 50,
} as const;

/** The part of a zod error the mapping reads (a `z.ZodError` is one). */
export interface ZodErrorLike {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** Field path → message keys, the shape every validation error takes on its way to a form or an API client. */
export type FieldErrors = Record<string, string[]>;

/**
 * The one zod error → field errors mapping, for every schema (server and client alike). One message per field, the
 * first that applies (an empty subject is "required", not also "too short"). A schema's message is a catalogue key
 * (`errors.…`, or an admin area's own `adminSla.errors.…`); anything else (zod's own English) becomes `errors.invalid`.
 */
export function toFieldErrors(error: ZodErrorLike): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form';
    out[key] ??= [/^(errors|admin[A-Z]\w*|rodo|phone)\./.test(issue.message) ? issue.message : 'errors.invalid'];
  }
  return out;
}
