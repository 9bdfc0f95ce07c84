import { customerRoleOn, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { hit } from '@/server/rate-limit';

/**
 * The portal ticket page's actions (reply, mark solved, reopen, rate) are a public entry point: a signed e-mail
 * link is enough to use them. Every attempt counts against the caller's address, so a script cannot spray
 * tickets. The per-ticket counter is charged only after policy.ts let the caller act on that ticket, and per
 * source (the signed-in person, or the recipient a ticket link names): a stranger who guesses a ticket number
 * spends only their own address's allowance and can never lock the reporter out of their ticket.
 */
export async function allowTicketAction(ip: string, ticketNumber: number, principal: Principal): Promise<boolean> {
  const settings = env();
  const byAddress = await hit(`ticket-action:ip:${ip}`, settings.RATE_LIMIT_TICKET_ACTIONS_PER_IP);
  if (!byAddress.allowed) return false;

  const source = actingSource(principal);
  if (!source) return true;
  const ticket = await db().ticket.findUnique({
    where: { number: ticketNumber },
    select: {
      id: true,
      reporterId: true,
      companyId: true,
      reporter: { select: { email: true } },
      collaborators: { select: { userId: true, user: { select: { email: true } } } },
    },
  });
  // Not theirs (or no such ticket): the action itself answers "not found"; nothing of the ticket's is charged.
  if (
    !ticket ||
    !customerRoleOn(principal, {
      id: ticket.id,
      reporterId: ticket.reporterId,
      companyId: ticket.companyId,
      reporterEmail: ticket.reporter.email,
      collaboratorEmails: ticket.collaborators.map((c) => c.user.email.toLowerCase()),
      collaboratorIds: ticket.collaborators.map((c) => c.userId),
    })
  ) {
    return true;
  }
  const byTicket = await hit(`ticket-action:ticket:${ticketNumber}:${source}`, settings.RATE_LIMIT_TICKET_ACTIONS_PER_TICKET);
  return byTicket.allowed;
}

function actingSource(principal: Principal): string | null {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.userId}`;
    case 'ticketLink':
      return `link:${principal.grant.email}`;
    case 'guest':
    case 'api':
      return null;
  }
}
