import type { Role } from '@/generated/prisma/enums';
import type { TicketLinkGrant } from './ticket-link';

/**
 * The one place that answers "may this principal see this ticket / attachment". Pages, server actions,
 * route handlers and the API ask here; callers answer "no" with 404 so existence never leaks.
 */
export type Principal =
  | { kind: 'guest' }
  | { kind: 'user'; userId: string; role: Role; companyId: string | null; isCompanyAdmin: boolean }
  | { kind: 'ticketLink'; grant: TicketLinkGrant }
  /** The Vouchie panel calling the REST API with an admin-issued API token (or SUPPORT_API_TOKEN): a trusted server acting for its users. */
  | { kind: 'api' };

export interface TicketAccessFacts {
  id: string;
  reporterId: string;
  companyId: string | null;
  reporterEmail: string;
  /** The people copied on the ticket (TicketCollaborator): their ticket links open it too. Lower-case. */
  collaboratorEmails?: readonly string[];
  /** The same people's user ids, for a collaborator who signs in. */
  collaboratorIds?: readonly string[];
}

export function isStaff(principal: Principal): boolean {
  return principal.kind === 'user' && (principal.role === 'AGENT' || principal.role === 'ADMIN');
}

export function canViewTicket(principal: Principal, ticket: TicketAccessFacts): boolean {
  switch (principal.kind) {
    case 'api':
      return true;
    case 'ticketLink':
      return (
        principal.grant.ticketId === ticket.id &&
        (principal.grant.email === ticket.reporterEmail.toLowerCase() || (ticket.collaboratorEmails ?? []).includes(principal.grant.email))
      );
    case 'user':
      if (isStaff(principal)) return true;
      if (ticket.reporterId === principal.userId) return true;
      if ((ticket.collaboratorIds ?? []).includes(principal.userId)) return true;
      return principal.isCompanyAdmin && principal.companyId !== null && principal.companyId === ticket.companyId;
    case 'guest':
      return false;
  }
}

/** Internal notes and agent-only fields are for staff (and never go out through the API or e-mail). */
export function canSeeInternalNotes(principal: Principal): boolean {
  return isStaff(principal);
}

export interface AttachmentAccessFacts {
  ticket: TicketAccessFacts | null;
  /** Present while the upload is not yet attached to a ticket. */
  uploadToken: string | null;
  isOnInternalNote: boolean;
}

/**
 * An attachment is visible to whoever may see its ticket (internal-note files to staff only); an upload not
 * yet attached to a ticket only to the browser that holds its upload token.
 */
export function canViewAttachment(principal: Principal, attachment: AttachmentAccessFacts, presentedUploadToken?: string | null): boolean {
  if (!attachment.ticket) {
    return Boolean(attachment.uploadToken && presentedUploadToken && attachment.uploadToken === presentedUploadToken);
  }
  if (attachment.isOnInternalNote && !canSeeInternalNotes(principal)) return false;
  return canViewTicket(principal, attachment.ticket);
}

/**
 * Who, on the customer's side, is acting on a ticket: its reporter (signed in or through the e-mailed link), their
 * company's admin, or someone copied on it (a collaborator: may reply and follow it, not rate it).
 */
export type CustomerRole = 'reporter' | 'companyAdmin' | 'collaborator';

/**
 * May this principal act on the ticket as the customer (reply, mark solved, reopen, rate)? Staff may see every
 * ticket but answer through the agent view, never as the customer; the API acts through its own endpoints.
 * Null also for everyone who may not see the ticket, so callers can answer "not found".
 */
export function customerRoleOn(principal: Principal, ticket: TicketAccessFacts): CustomerRole | null {
  if (!canViewTicket(principal, ticket)) return null;
  switch (principal.kind) {
    case 'ticketLink':
      return principal.grant.email === ticket.reporterEmail.toLowerCase() ? 'reporter' : 'collaborator';
    case 'user':
      if (isStaff(principal)) return null;
      if (ticket.reporterId === principal.userId) return 'reporter';
      return principal.isCompanyAdmin && principal.companyId !== null && principal.companyId === ticket.companyId
        ? 'companyAdmin'
        : 'collaborator';
    case 'api':
    case 'guest':
      return null;
  }
}

/** The agent area (/agent: queue, tickets, internal notes) is for staff: agents and admins. */
export function canAccessAgentArea(principal: Principal): boolean {
  return isStaff(principal);
}

/** The admin area (/agent/admin: people, settings) is for admins only. */
export function canAccessAdmin(principal: Principal): boolean {
  return principal.kind === 'user' && principal.role === 'ADMIN';
}
