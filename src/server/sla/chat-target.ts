/**
 * Live chat's SLA: the first response is due a number of wall-clock seconds after the chat starts (chat is offered
 * only in its hours, so no business calendar is needed), and is shown to the second. Pure: unit-tested, and used by
 * the chat start (src/server/chat/sessions.ts), the ticket's SLA card and the dashboard.
 */

/** When a chat started at `start` must have the agent's first message, under a target of `seconds`. */
export function chatFirstResponseDueAt(start: Date, seconds: number): Date {
  return new Date(start.getTime() + seconds * 1000);
}

/** A span to the second, split for "45 s" / "3 min 05 s" (seconds zero-padded when minutes lead). */
export function chatSpan(ms: number): { minutes: number; seconds: number; padded: string } {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return { minutes, seconds, padded: String(seconds).padStart(2, '0') };
}
