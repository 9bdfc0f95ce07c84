import { z } from 'zod';

/**
 * "Who else is viewing this ticket": the heartbeat's input and timing, shared by the browser (which beats) and
 * the server (which decides who still counts as present). No database imports, so the client can use it.
 */

/** How often an open, visible ticket tab reports in. */
export const PRESENCE_HEARTBEAT_MS = 15_000;

/** A viewer not heard from for this long has gone: three missed beats, so one slow request does not flicker. */
export const PRESENCE_TTL_MS = 45_000;

export const presenceHeartbeatSchema = z.object({
  /** True while this agent's composer holds an unsent draft. */
  composing: z.boolean().default(false),
});

export type PresenceHeartbeatInput = z.input<typeof presenceHeartbeatSchema>;

/** Another staff member on the same ticket, as the ticket header shows them. */
export interface TicketViewer {
  userId: string;
  name: string | null;
  email: string;
  composing: boolean;
  lastSeenAt: string;
}
