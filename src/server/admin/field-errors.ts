import type { z } from 'zod';
import type { FieldErrors } from '@/server/tickets/schemas';

/**
 * Like tickets' `toFieldErrors`, but keeps the admin namespaces' own catalogue keys (`adminSla.errors.…`), which
 * that one would flatten to `errors.invalid`. One message per field, the first that applies.
 */
export function adminFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form';
    out[key] ??= [/^(errors|admin\w+)\./.test(issue.message) ? issue.message : 'errors.invalid'];
  }
  return out;
}
