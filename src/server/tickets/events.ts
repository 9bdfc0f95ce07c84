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
