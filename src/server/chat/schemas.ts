import { z } from 'zod';
import { LIMITS, emailSchema, reporterSchema, safeString } from '@/server/tickets/schemas';

/**
 * Live chat input (issue 10), shared by the chat UIs (client-side checks) and the route handlers. zod only, no
 * server imports: client components import this. Messages are catalogue keys under `errors.chat.*`.
 */

export const CHAT_LIMITS = {
  /** One chat message: the limit, told to the sender in plain words when passed. */
  body: 5_000,
  attachments: 10,
  pageUrl: 2_000,
  userAgent: 1_000,
  subject: 150,
  ssoToken: 8_192,
} as const;

export const CHAT_STATUSES = ['WAITING', 'ACTIVE', 'ENDED'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];
export const AGENT_CHAT_STATUSES = ['ONLINE', 'AWAY', 'OFFLINE'] as const;
export type AgentChatStatus = (typeof AGENT_CHAT_STATUSES)[number];

/** Why chat is or is not offered right now (GET /api/chat/availability). */
export const AVAILABILITY_REASONS = ['OPEN', 'NOT_IN_PLAN', 'OUTSIDE_HOURS', 'ALL_BUSY', 'NO_AGENTS'] as const;
export type AvailabilityReason = (typeof AVAILABILITY_REASONS)[number];

/** A client-generated message id (a UUID): the same id sent twice is one message. */
export const clientMessageIdSchema = z.uuid({ error: 'errors.chat.clientMessageId' });

export const chatBodySchema = safeString({ error: 'errors.chat.bodyRequired' })
  .trim()
  .min(1, { error: 'errors.chat.bodyRequired' })
  .max(CHAT_LIMITS.body, { error: 'errors.chat.bodyTooLong' });

const optionalUrlText = (max: number) =>
  safeString()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

/**
 * The upload tokens POST /api/uploads returned (`token`, the upload's secret, not its public `id`): claiming by id
 * would let anyone who saw an id take someone else's file. `attachmentIds` is accepted as another name for the
 * same list (the first draft of the contract called it that); both are merged into `attachmentTokens`.
 */
const attachmentTokensSchema = z
  .array(safeString().min(16).max(128), { error: 'errors.invalid' })
  .max(CHAT_LIMITS.attachments, { error: 'errors.chat.tooManyFiles' })
  .default([]);

const attachmentFields = { attachmentTokens: attachmentTokensSchema, attachmentIds: attachmentTokensSchema };

function mergeTokens<T extends { attachmentTokens: string[]; attachmentIds: string[] }>(value: T): Omit<T, 'attachmentIds'> {
  const { attachmentIds, ...rest } = value;
  return { ...rest, attachmentTokens: [...new Set([...value.attachmentTokens, ...attachmentIds])].slice(0, CHAT_LIMITS.attachments) };
}

/**
 * POST /api/chat/sessions. Who: the portal session, else the panel's `ssoToken`, else a visitor's `name` +
 * `email`. `firstMessage` is what starts the chat (every chat is a ticket from its first message); it may be left
 * out only to join a chat that is already open.
 */
export const startChatSchema = z
  .object({
    ssoToken: safeString().min(1).max(CHAT_LIMITS.ssoToken).optional(),
    name: reporterSchema.shape.name.optional(),
    email: emailSchema.optional(),
    pageUrl: optionalUrlText(CHAT_LIMITS.pageUrl),
    userAgent: optionalUrlText(CHAT_LIMITS.userAgent),
    firstMessage: chatBodySchema.optional(),
    clientMessageId: clientMessageIdSchema.optional(),
    ...attachmentFields,
    locale: z.enum(['pl', 'en']).optional(),
  })
  .transform(mergeTokens);
export type StartChatInput = z.input<typeof startChatSchema>;

/** POST /api/chat/offline: a message left when chat is not offered; it becomes a ticket at once. */
export const offlineMessageSchema = z
  .object({
    ssoToken: safeString().min(1).max(CHAT_LIMITS.ssoToken).optional(),
    name: reporterSchema.shape.name.optional(),
    email: emailSchema.optional(),
    subject: safeString()
      .trim()
      .max(CHAT_LIMITS.subject, { error: 'errors.subject.tooLong' })
      .optional()
      .transform((v) => v || undefined),
    body: chatBodySchema,
    pageUrl: optionalUrlText(CHAT_LIMITS.pageUrl),
    userAgent: optionalUrlText(CHAT_LIMITS.userAgent),
    ...attachmentFields,
    locale: z.enum(['pl', 'en']).optional(),
    /** The same key twice (double click, retry) files one ticket. */
    idempotencyKey: safeString().min(8).max(128).optional(),
  })
  .transform(mergeTokens);
export type OfflineMessageInput = z.input<typeof offlineMessageSchema>;

/** POST /api/chat/:id/messages (customer) and /api/agent/chat/:id/messages (agent, which may send `internal` notes). */
const chatMessageFields = {
  clientMessageId: clientMessageIdSchema,
  body: chatBodySchema,
  ...attachmentFields,
};

export const sendChatMessageSchema = z.object(chatMessageFields).transform((v) => ({ ...mergeTokens(v), internal: false }));
export type SendChatMessageInput = z.input<typeof sendChatMessageSchema>;

/** The agent's message: `internal: true` makes it a note only staff see. */
export const agentChatMessageSchema = z.object({ ...chatMessageFields, internal: z.boolean().default(false) }).transform(mergeTokens);
export type AgentChatMessageInput = z.input<typeof agentChatMessageSchema>;
export type ChatMessageInput = z.output<typeof agentChatMessageSchema>;

export const typingSchema = z.object({ typing: z.boolean({ error: 'errors.invalid' }) });

/** Read receipts carry the last seq read, a bigint written as a decimal string (or a number while small). */
export const readSchema = z.object({
  seq: z.union([z.string().regex(/^\d{1,19}$/), z.number().int().nonnegative()], { error: 'errors.invalid' }).transform((v) => BigInt(v)),
});

/** The same 1–5 stars and optional comment as a ticket's rating (tickets/schemas.ts `ratingSchema`). */
export const chatRatingSchema = z.object({
  score: z
    .number({ error: 'errors.rating.required' })
    .int({ error: 'errors.rating.invalid' })
    .min(1, { error: 'errors.rating.invalid' })
    .max(5, { error: 'errors.rating.invalid' }),
  comment: safeString()
    .trim()
    .max(LIMITS.ratingComment, { error: 'errors.rating.tooLong' })
    .optional()
    .transform((v) => v || undefined),
});

export const agentStatusSchema = z.object({ status: z.enum(AGENT_CHAT_STATUSES, { error: 'errors.invalid' }) });

export const transferSchema = z.object({ agentId: z.uuid({ error: 'errors.invalid' }) });

/** The agent's end: the ticket's status afterwards (default Rozwiązane; e.g. Czeka na klienta to follow up by e-mail). */
export const agentEndSchema = z.object({
  status: z.enum(['OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD', 'RESOLVED'], { error: 'errors.invalid' }).optional(),
});
