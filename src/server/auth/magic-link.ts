import { AuthError } from 'next-auth';
import { err, ok, type Result } from '@/server/result';
import { emailSchema } from '@/server/tickets/schemas';
import { signIn } from './auth';
import { safeReturnPath } from './return-path';
import { CHECK_INBOX_PATH, SIGN_IN_ERROR_PATH } from './paths';
import { allowMagicLinkRequest } from './sign-in-limits';

export type MagicLinkError = { kind: 'invalid'; messageKeys: string[] } | { kind: 'rateLimited' };

/**
 * A magic link for the sign-in pages: validates the address with the tickets' `emailSchema`, applies the
 * sign-in limits, and asks Auth.js to send the link (through the outbox). Returns where to go next: the "check
 * your inbox" page whether or not we know the address (the answer must not tell), or the error page when
 * Auth.js refused.
 */
export async function requestMagicLink(input: {
  email: unknown;
  redirectTo: unknown;
  ip: string;
  fallback: string;
}): Promise<Result<{ next: string; email: string }, MagicLinkError>> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) return err({ kind: 'invalid', messageKeys: [...new Set(parsed.error.issues.map((issue) => issue.message))] });
  const email = parsed.data;
  if (!(await allowMagicLinkRequest(input.ip, email))) return err({ kind: 'rateLimited' });

  const redirectTo = safeReturnPath(input.redirectTo, input.fallback);
  let landing: unknown;
  try {
    landing = await signIn('email', { email, redirectTo, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) return ok({ next: `${SIGN_IN_ERROR_PATH}?error=${encodeURIComponent(error.type)}`, email });
    throw error;
  }
  const url = typeof landing === 'string' ? new URL(landing, 'http://auth.invalid') : null;
  if (url?.pathname === SIGN_IN_ERROR_PATH) return ok({ next: `${url.pathname}${url.search}`, email });
  return ok({ next: CHECK_INBOX_PATH, email });
}
