import { z } from 'zod';
import { safeString } from '@/server/tickets/schemas';

/**
 * The admin outbox page's inputs (search params and the retry action), shared by the page, its form and the
 * server, so a hand-edited URL is read exactly like one the filter form wrote.
 */

export const OUTBOX_STATUS_FILTERS = ['all', 'pending', 'sent', 'captured', 'failed', 'suppressed'] as const;
export type OutboxStatusFilter = (typeof OUTBOX_STATUS_FILTERS)[number];

/** Anything unexpected in the URL falls back to "everything" instead of an error page. */
export const outboxQuerySchema = z.object({
  status: z.enum(OUTBOX_STATUS_FILTERS).catch('all'),
  template: z
    .string()
    .trim()
    .max(64)
    .regex(/^[\w.-]*$/)
    .optional()
    .catch(undefined),
  /** A recipient (part of the address) or a ticket number (`VCH-10001` or `10001`). */
  q: safeString().trim().max(200).optional().catch(undefined),
  /** Opaque keyset cursor: the last row of the previous page. */
  after: safeString().max(200).optional().catch(undefined),
});

export type OutboxQuery = z.output<typeof outboxQuerySchema>;

export const outboundEmailIdSchema = z.uuid();
