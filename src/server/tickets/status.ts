import type { TicketStatus } from '@/generated/prisma/enums';
import type { CustomerRole } from '@/server/auth/policy';

/**
 * The ticket lifecycle in one place: which status may follow which, and who may make the move.
 *
 *   Nowe → Otwarte → Czeka na klienta → Wstrzymane → Rozwiązane → Zamknięte
 *
 * Customers (the reporter, their company admin, or whoever holds the e-mailed ticket link) may mark any open
 * ticket solved and reopen a solved one; their reply moves a ticket waiting on them back to Otwarte. A closed
 * ticket is final for everyone: a reply to it starts a follow-up ticket instead. Agents' moves are listed so
 * the agent view has one table to ask; `system` is for timed moves (auto-close of solved tickets).
 *
 * Pure data and functions: importable from client components too.
 */

export type { TicketStatus };

export const TICKET_STATUSES = [
  'NEW',
  'OPEN',
  'WAITING_ON_CUSTOMER',
  'ON_HOLD',
  'RESOLVED',
  'CLOSED',
] as const satisfies readonly TicketStatus[];

export type TransitionActor = 'customer' | 'agent' | 'system';

/** Statuses in which somebody still has work to do. */
export const OPEN_STATUSES = ['NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD'] as const satisfies readonly TicketStatus[];
/** Solved or closed: what the customer's "Zamknięte" filter shows. */
export const DONE_STATUSES = ['RESOLVED', 'CLOSED'] as const satisfies readonly TicketStatus[];

type TransitionTable = Record<TicketStatus, Partial<Record<TicketStatus, readonly TransitionActor[]>>>;

const TRANSITIONS: TransitionTable = {
  NEW: {
    OPEN: ['agent'],
    WAITING_ON_CUSTOMER: ['agent'],
    ON_HOLD: ['agent'],
    RESOLVED: ['customer', 'agent'],
  },
  OPEN: {
    WAITING_ON_CUSTOMER: ['agent'],
    ON_HOLD: ['agent'],
    RESOLVED: ['customer', 'agent'],
  },
  WAITING_ON_CUSTOMER: {
    // The customer answers the question they were waiting on.
    OPEN: ['customer', 'agent'],
    ON_HOLD: ['agent'],
    RESOLVED: ['customer', 'agent', 'system'],
  },
  ON_HOLD: {
    OPEN: ['agent'],
    WAITING_ON_CUSTOMER: ['agent'],
    RESOLVED: ['customer', 'agent'],
  },
  RESOLVED: {
    OPEN: ['customer', 'agent'],
    CLOSED: ['agent', 'system'],
  },
  CLOSED: {},
};

export function canTransition(from: TicketStatus, to: TicketStatus, actor: TransitionActor): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

export function isOpenStatus(status: TicketStatus): boolean {
  return (OPEN_STATUSES as readonly TicketStatus[]).includes(status);
}

/** A rating is about how a ticket was solved, so it is asked for (and accepted) only once it is. */
export function isRatable(status: TicketStatus): boolean {
  return (DONE_STATUSES as readonly TicketStatus[]).includes(status);
}

/**
 * What a customer's reply does to the ticket's status: a solved ticket reopens, one waiting on the customer
 * goes back to the team, a closed one cannot take replies (the reply starts a follow-up), the rest keep theirs.
 */
export type CustomerReplyEffect = { kind: 'keep' } | { kind: 'move'; to: TicketStatus } | { kind: 'followUp' };

export function customerReplyEffect(status: TicketStatus): CustomerReplyEffect {
  if (status === 'CLOSED') return { kind: 'followUp' };
  if (status === 'RESOLVED' || status === 'WAITING_ON_CUSTOMER') return { kind: 'move', to: 'OPEN' };
  return { kind: 'keep' };
}

/** What the ticket page offers a customer; the domain functions check the same rules again. */
export interface CustomerActions {
  reply: boolean;
  markSolved: boolean;
  reopen: boolean;
  rate: boolean;
}

export const NO_CUSTOMER_ACTIONS: CustomerActions = { reply: false, markSolved: false, reopen: false, rate: false };

export function customerActionsFor(status: TicketStatus, role: CustomerRole | null): CustomerActions {
  if (!role) return NO_CUSTOMER_ACTIONS;
  return {
    reply: true,
    markSolved: canTransition(status, 'RESOLVED', 'customer'),
    reopen: canTransition(status, 'OPEN', 'customer') && status === 'RESOLVED',
    rate: role === 'reporter' && isRatable(status),
  };
}
