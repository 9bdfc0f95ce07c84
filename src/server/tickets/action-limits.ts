import { env } from '@/server/env';
import { hitAll } from '@/server/rate-limit';

/**
 * The portal ticket page's actions (reply, mark solved, reopen, rate) are a public entry point: a signed e-mail
 * link is enough to use them. Every action counts against the caller's address and against the ticket, so a
 * script can neither flood one ticket (and, through it, the agents' inboxes) nor spray many.
 */
export async function allowTicketAction(ip: string, ticketNumber: number): Promise<boolean> {
  const settings = env();
  const decision = await hitAll([
    { key: `ticket-action:ip:${ip}`, limit: settings.RATE_LIMIT_TICKET_ACTIONS_PER_IP },
    { key: `ticket-action:ticket:${ticketNumber}`, limit: settings.RATE_LIMIT_TICKET_ACTIONS_PER_TICKET },
  ]);
  return decision.allowed;
}
