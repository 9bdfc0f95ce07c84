/**
 * The contact form's suggested "when did it happen": the moment the form was first shown, in the browser's zone. Its
 * own module (no other imports) because the page's first load fills it in before the form's code has loaded
 * (src/components/contact/deferred-contact-form.tsx).
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** A datetime-local value for `date` in the browser's zone. */
export function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

let openedAt: string | undefined;

/** "Now" as the form first showed it; stable across renders, renewed by `forgetOpenedAt` for a fresh form. */
export function readOpenedAt(): string {
  openedAt ??= toLocalInputValue(new Date());
  return openedAt;
}

export function forgetOpenedAt(): void {
  openedAt = undefined;
}
