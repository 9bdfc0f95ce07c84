import { z } from 'zod';

/**
 * One CTI event as a PBX posts it to /api/v1/cti/events (the mapping from common PBX vocabularies is in
 * docs/phone.md). `newCall` opens a call, `answer` says someone picked up, `hangup` ends it with a `cause`.
 */
export const CTI_EVENTS = ['newCall', 'answer', 'hangup'] as const;
export type CtiEventName = (typeof CTI_EVENTS)[number];

export const ctiEventSchema = z.object({
  event: z.enum(CTI_EVENTS),
  callId: z.string().trim().min(1).max(128),
  direction: z.enum(['in', 'out']).optional(),
  from: z.string().trim().max(64).optional(),
  to: z.string().trim().max(64).optional(),
  /** The agent who took or made the call: their e-mail (an extension is kept only in the event's payload). */
  user: z.string().trim().max(254).optional(),
  /** Hangup cause as the PBX names it: normalClearing, busy, cancel, noAnswer, congestion, ... */
  cause: z.string().trim().max(64).optional(),
});
export type CtiEventInput = z.infer<typeof ctiEventSchema>;
