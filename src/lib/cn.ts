import { clsx, type ClassValue } from 'clsx';

/**
 * Joins class names (falsy parts dropped). It does not resolve conflicts: two utilities for the same property
 * (`px-4` and `px-3`) would both apply, and the stylesheet's order, not the call's, would decide. So a component's
 * `className` only adds; a different size or colour is a prop of the component (`Button`'s `size`, `variant`).
 * tests/unit/class-conflicts.test.ts checks every `cn` call and every override given to the ui components with
 * tailwind-merge, which the browser no longer downloads (8.5 kB gzip on every page).
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
