import {
  DIAGNOSTIC_CATEGORIES,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  type IdentifierKind,
  type TicketCategory,
  type TicketPriority,
} from '@/server/tickets/constants';
import type { ContactFormInput } from '@/server/tickets/schemas';
import { ENVIRONMENT_FIELDS, type EnvironmentField, type EnvironmentValues } from './detect-environment';
import { rowKey } from '@/lib/row-key';
import { readOpenedAt, toLocalInputValue } from './opened-at';

export interface ReproStep {
  key: string;
  text: string;
}

export interface IdentifierRow {
  key: string;
  kind: IdentifierKind;
  value: string;
}

/** Everything the user typed; kept whole across category switches and failed submissions. */
export interface ContactFormValues {
  name: string;
  email: string;
  category: TicketCategory | null;
  subject: string;
  attempted: string;
  actual: string;
  expected: string;
  reproSteps: ReproStep[];
  errorMessage: string;
  /** `YYYY-MM-DDTHH:mm` in the user's zone; null until the user changes the suggested "now". */
  occurredAt: string | null;
  priority: TicketPriority;
  identifiers: IdentifierRow[];
  /** Only what the user corrected; the rest comes from detection. */
  environmentEdits: Partial<EnvironmentValues>;
  website: string;
}

/** Paths as zod reports them (`identifiers.0.value`) → messages already in the user's language. */
export type FieldMessages = Record<string, string[]>;

export function initialValues(): ContactFormValues {
  return {
    name: '',
    email: '',
    category: null,
    subject: '',
    attempted: '',
    actual: '',
    expected: '',
    reproSteps: [{ key: rowKey(), text: '' }],
    errorMessage: '',
    occurredAt: null,
    priority: 'NORMAL',
    identifiers: [],
    environmentEdits: {},
    website: '',
  };
}

export function isDiagnostic(category: TicketCategory | null): boolean {
  return category !== null && DIAGNOSTIC_CATEGORIES.includes(category);
}

/** What the form shows for a category; hidden fields keep their values but are not sent. */
export function visibleSections(category: TicketCategory | null) {
  const suggestion = category === 'SUGGESTION';
  return {
    attemptedAndExpected: !suggestion,
    diagnostics: isDiagnostic(category),
    occurredAt: !suggestion,
  };
}

export { forgetOpenedAt, readOpenedAt, toLocalInputValue } from './opened-at';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-27T14:32` (local) → `2026-11-27T14:32:00+01:00`, keeping the user's offset for the agent. */
export function localInputToIso(value: string): string | undefined {
  const date = new Date(value);
  if (!value || Number.isNaN(date.getTime())) return value || undefined;
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${toLocalInputValue(date)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A ContactFormInput minus the category, which stays optional until zod has checked it. */
export type ContactFormDraft = Omit<ContactFormInput, 'category'> & { category?: TicketCategory };

export function buildDraft(
  values: ContactFormValues,
  {
    isGuest,
    environment,
    defaultOccurredAt,
    attachmentTokens,
  }: { isGuest: boolean; environment: EnvironmentValues | null; defaultOccurredAt: string; attachmentTokens: string[] },
): ContactFormDraft {
  const shown = visibleSections(values.category);
  const env = Object.fromEntries(
    ENVIRONMENT_FIELDS.map((field) => [field, values.environmentEdits[field] ?? environment?.[field] ?? '']),
  ) as Record<EnvironmentField, string>;
  return {
    category: values.category ?? undefined,
    subject: values.subject,
    actual: values.actual,
    ...(shown.attemptedAndExpected ? { attempted: values.attempted, expected: values.expected } : {}),
    ...(shown.diagnostics ? { reproSteps: values.reproSteps.map((s) => s.text), errorMessage: values.errorMessage } : {}),
    ...(shown.occurredAt ? { occurredAt: localInputToIso(values.occurredAt ?? defaultOccurredAt) } : {}),
    priority: values.priority,
    identifiers: values.identifiers.map(({ kind, value }) => ({ kind, value })),
    environment: env,
    attachmentTokens,
    ...(isGuest ? { reporter: { name: values.name, email: values.email } } : {}),
  };
}

/** The DOM id of the control a zod path points at (the first radio of a group, a row's input…). */
export function fieldId(path: string): string {
  return `f-${path.replace(/\./g, '-')}`;
}

// Document order of the form, so the summary lists errors top to bottom and focus lands on the first.
const ORDER = [
  'reporter.name',
  'reporter.email',
  'category',
  'subject',
  'attempted',
  'actual',
  'expected',
  'reproSteps',
  'errorMessage',
  'occurredAt',
  'priority',
  'identifiers',
  'attachmentTokens',
  'environment',
];

function rank(path: string): [number, number, number] {
  const index = ORDER.findIndex((prefix) => path === prefix || path.startsWith(`${prefix}.`));
  const [, row = '-1'] = /\.(\d+)/.exec(path) ?? [];
  return [index === -1 ? ORDER.length : index, Number(row), path.endsWith('.kind') ? 0 : 1];
}

export function sortPaths(paths: string[]): string[] {
  return [...paths].sort((a, b) => {
    const [a1, a2, a3] = rank(a);
    const [b1, b2, b3] = rank(b);
    return a1 - b1 || a2 - b2 || a3 - b3;
  });
}

/** Drops the messages of `prefix` and everything under it (a row that moved or was removed). */
export function withoutErrors(errors: FieldMessages, ...prefixes: string[]): FieldMessages {
  const keep = Object.entries(errors).filter(([path]) => !prefixes.some((p) => path === p || path.startsWith(`${p}.`)));
  return keep.length === Object.keys(errors).length ? errors : Object.fromEntries(keep);
}

/** The text fields the server renders, by the id of their control. */
const TEXT_CONTROLS = {
  name: fieldId('reporter.name'),
  email: fieldId('reporter.email'),
  subject: fieldId('subject'),
  attempted: fieldId('attempted'),
  actual: fieldId('actual'),
  expected: fieldId('expected'),
  errorMessage: fieldId('errorMessage'),
  website: 'contact-website',
} as const satisfies Partial<Record<keyof ContactFormValues, string>>;

const oneOf = <T extends string>(options: readonly T[], value: string): T | undefined => options.find((option) => option === value);

/**
 * What was typed or chosen in the server-rendered form before it hydrated (deferred-contact-form.tsx): hydration keeps
 * the controls' DOM values but starts the form's state from the server's, and the next render would write that state
 * back over them. Only the fields that differ from `values`; null when none do.
 */
export function valuesFromDom(form: HTMLFormElement, values: ContactFormValues): Partial<ContactFormValues> | null {
  const changed: Partial<ContactFormValues> = {};
  for (const [key, id] of Object.entries(TEXT_CONTROLS) as [keyof typeof TEXT_CONTROLS, string][]) {
    const control = form.querySelector(`#${id}`);
    if ((control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) && control.value !== values[key]) {
      changed[key] = control.value;
    }
  }
  const occurredAt = form.querySelector(`#${fieldId('occurredAt')}`);
  // The suggested "now" is filled in before hydration too; only another value is the visitor's.
  if (occurredAt instanceof HTMLInputElement && occurredAt.value && occurredAt.value !== (values.occurredAt ?? readOpenedAt())) {
    changed.occurredAt = occurredAt.value;
  }
  const checked = (name: string) => {
    const list = form.elements.namedItem(name);
    if (list instanceof RadioNodeList) return list.value;
    // A group of one (an admin left one category) is the input itself.
    return list instanceof HTMLInputElement && list.checked ? list.value : '';
  };
  const category = oneOf(TICKET_CATEGORIES, checked('category'));
  if (category && category !== values.category) changed.category = category;
  const priority = oneOf(TICKET_PRIORITIES, checked('priority'));
  if (priority && priority !== values.priority) changed.priority = priority;
  return Object.keys(changed).length ? changed : null;
}
