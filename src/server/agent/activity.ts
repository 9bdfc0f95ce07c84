import { eventField, TICKET_EVENTS } from '@/server/tickets/events';

/**
 * "Wyślij i ustaw: …" writes two events in one go, the reply and the status move (via 'reply'); the log tells
 * them as one line ("replied and set the status"), so the reply's own event is left out when its move is there.
 */
export function activityLines<E extends { type: string; data: unknown; createdAt: Date; actor: { name: string | null } | null }>(
  events: readonly E[],
): E[] {
  const movedWithReply = new Set(
    events
      .filter((event) => event.type === TICKET_EVENTS.statusChanged && eventField(event.data, 'via', 'string') === 'reply')
      // Written in one transaction with one timestamp by one agent: the pair shares the moment and the actor.
      .map((event) => `${event.actor?.name ?? ''}@${event.createdAt.getTime()}`),
  );
  return events.filter(
    (event) =>
      !(event.type === TICKET_EVENTS.agentReplied && movedWithReply.has(`${event.actor?.name ?? ''}@${event.createdAt.getTime()}`)),
  );
}
