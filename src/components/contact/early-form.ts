/**
 * The contact form before its code has loaded (src/components/contact/deferred-contact-form.tsx): what the visitor did
 * meanwhile, kept for the form to take over once it has hydrated. No React, no translations: this module is part of
 * the page's first load.
 *
 * Typed text, a chosen radio and the focused field need nothing here: they live in the DOM, which hydration keeps and
 * the form reads back (`valuesFromDom` in form-model.ts). What the DOM cannot keep is kept here: files picked, dropped
 * or pasted (their events would otherwise go nowhere), and presses on the form's buttons (replayed in order).
 */

const files: File[] = [];
const presses: HTMLElement[] = [];
let hydrated = false;
let release: (() => void) | null = null;

/** Whether the form has hydrated: from then on it handles everything itself. */
export function isFormHydrated(): boolean {
  return hydrated;
}

/** Files picked, dropped or pasted before the form hydrated, in order. */
export function keepEarlyFiles(more: readonly File[]): void {
  files.push(...more);
}

/** The names of the files kept so far (a pasted screenshot's dated name must not repeat one of them). */
export function earlyFileNames(): string[] {
  return files.map((file) => file.name);
}

/** A press on one of the form's buttons (a submit included) before it hydrated. */
export function keepEarlyPress(button: HTMLElement): void {
  presses.push(button);
}

/** Set by the page's listeners for early input: called once when the form hydrates, to remove them. */
export function onFormHydrated(remove: () => void): void {
  release = remove;
}

/** The uploader takes the files that came before it existed (once). */
export function takeEarlyFiles(): File[] {
  return files.splice(0);
}

/** Called by the form in its first layout effect: the early listeners stop, the form's own handlers take over. */
export function markFormHydrated(): void {
  if (hydrated) return;
  hydrated = true;
  release?.();
  release = null;
}

/** Presses the buttons pressed before hydration again, now that their handlers exist (once, in order). */
export function replayEarlyPresses(): void {
  for (const button of presses.splice(0)) if (button.isConnected) button.click();
}
