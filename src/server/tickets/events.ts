/**
 * Activity event types (TicketEvent.type). Each status change records `{ from, to }` in its data; those, and the
 * link to a follow-up, are what a customer sees of the activity log (as small lines in the thread). Everything
 * else (assignments, ratings, internal bookkeeping) stays with the team.
 */
export const TICKET_EVENTS = {
  created: 'ticket.created',
  statusChanged: 'ticket.status_changed',
  customerReplied: 'ticket.customer_replied',
  solvedByCustomer: 'ticket.solved_by_customer',
  reopened: 'ticket.reopened',
  rated: 'ticket.rated',
  followUpCreated: 'ticket.follow_up_created',
  agentReplied: 'ticket.agent_replied',
  noteAdded: 'ticket.note_added',
  priorityChanged: 'ticket.priority_changed',
  categoryChanged: 'ticket.category_changed',
  assigned: 'ticket.assigned',
  tagsChanged: 'ticket.tags_changed',
  collaboratorsAdded: 'ticket.collaborators_added',
  collaboratorRemoved: 'ticket.collaborator_removed',
  mergedInto: 'ticket.merged_into',
  mergedFrom: 'ticket.merged_from',
  firstResponseBreached: 'sla.first_response_breached',
  resolutionBreached: 'sla.resolution_breached',
  /** A customer booked, moved or cancelled a callback slot (src/server/phone/booking.ts). */
  callbackBooked: 'callback.booked',
  callbackMoved: 'callback.moved',
  callbackCancelled: 'callback.cancelled',
  /** A phone call an agent logged on the ticket (src/server/phone/call-log.ts): direction, duration, outcome. */
  callLogged: 'phone.call_logged',
} as const;

/** A live chat's life, written on its ticket (src/server/chat): the ticket's activity log tells it. */
export const CHAT_EVENTS = {
  started: 'chat.started',
  accepted: 'chat.accepted',
  declined: 'chat.declined',
  transferred: 'chat.transferred',
  ended: 'chat.ended',
  rated: 'chat.rated',
  transcriptSent: 'chat.transcript_sent',
} as const;

/** Mail the intake held back for a person to look at, and their decision (mail/inbound/ingest.ts, unverified-replies.ts). */
export const EMAIL_EVENTS = {
  flaggedForReview: 'email.flagged_for_review',
  unverifiedReply: 'email.unverified_reply',
  unverifiedReplyAccepted: 'email.unverified_reply_accepted',
} as const;

export const PUBLIC_STATUS_EVENTS: readonly string[] = [
  TICKET_EVENTS.statusChanged,
  TICKET_EVENTS.solvedByCustomer,
  TICKET_EVENTS.reopened,
];

export const PUBLIC_EVENTS: readonly string[] = [...PUBLIC_STATUS_EVENTS, TICKET_EVENTS.followUpCreated];

/** Reads one field of an event's JSON data, if it is there with the expected type. */
export function eventField(data: unknown, key: string, type: 'string'): string | undefined;
export function eventField(data: unknown, key: string, type: 'number'): number | undefined;
export function eventField(data: unknown, key: string, type: 'string' | 'number'): string | number | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const value: unknown = (data as Record<string, unknown>)[key];
  return typeof value === type ? (value as string | number) : undefined;
}
