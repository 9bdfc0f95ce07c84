import { z } from 'zod';
import { sign, verify } from './signing';

/**
 * The link in every e-mail about a ticket: it lets that recipient open that one ticket without signing in,
 * until it expires. It names the ticket by id (not by its guessable number) and the recipient.
 */
const PURPOSE = 'ticket-link';
export const TICKET_LINK_TTL_DAYS = 30;

const payloadSchema = z.object({ t: z.string().uuid(), e: z.string(), x: z.number().int() });

export interface TicketLinkGrant {
  ticketId: string;
  email: string;
  expiresAt: Date;
}

export function signTicketLink(ticketId: string, email: string, now = new Date()): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + TICKET_LINK_TTL_DAYS * 86_400;
  return sign(PURPOSE, { t: ticketId, e: email.toLowerCase(), x: expiresAt });
}

export function verifyTicketLink(token: string | null | undefined, now = new Date()): TicketLinkGrant | null {
  if (!token || token.length > 1_000) return null;
  const parsed = payloadSchema.safeParse(verify(PURPOSE, token));
  if (!parsed.success || parsed.data.x * 1000 < now.getTime()) return null;
  return { ticketId: parsed.data.t, email: parsed.data.e, expiresAt: new Date(parsed.data.x * 1000) };
}
