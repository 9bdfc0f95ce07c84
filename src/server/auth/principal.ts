import { isValidApiRequest } from './api-token';
import type { Principal } from './policy';
import { verifyTicketLink } from './ticket-link';
import type { Viewer } from './viewer';

/**
 * The principal behind a request: a signed ticket link (`?t=`) or the session's viewer. The strongest
 * applicable one wins.
 */
export function principalFrom(options: { ticketLinkToken?: string | null; viewer?: Viewer }): Principal {
  if (options.viewer?.kind === 'user') {
    const { user, company } = options.viewer;
    return { kind: 'user', userId: user.id, role: user.role, companyId: company?.id ?? null, isCompanyAdmin: user.isCompanyAdmin };
  }
  const grant = verifyTicketLink(options.ticketLinkToken);
  if (grant) return { kind: 'ticketLink', grant };
  return { kind: 'guest' };
}

/** As `principalFrom`, but an API token in the request's headers (checked against the database) wins over both. */
export async function principalForRequest(options: {
  headers: Headers;
  ticketLinkToken?: string | null;
  viewer?: Viewer;
}): Promise<Principal> {
  if (await isValidApiRequest(options.headers)) return { kind: 'api' };
  return principalFrom(options);
}
