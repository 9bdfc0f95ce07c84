/** Cookie (path /pomoc/logowanie, 15 min) holding the address a magic link was just requested for. */
export const PENDING_SIGN_IN_COOKIE = 'vouchie-sign-in-email';
