import type { z } from 'zod';
import type { Locale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { describeAttachmentError } from '@/server/attachments';
import { getViewerForRequest, type Viewer } from '@/server/auth/viewer';
import type { ChatError } from '@/server/chat/errors';
import { resolveChatIdentity, type ChatIdentity } from '@/server/chat/sessions';
import { chatTokenFrom, verifyChatToken } from '@/server/chat/token';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { jsonFrom, readBodyWithin } from '@/server/http/body';
import { clientIp, hit } from '@/server/rate-limit';
import { apiLocale } from '@/server/request-context';
import { toFieldErrors } from '@/server/tickets/schemas';
import { guardDatabase } from './route-guard';

/**
 * What every chat route handler shares (src/app/api/chat, src/app/api/agent/chat): JSON answers that are never
 * cached, errors as `{ error: { code, message } }` in the caller's language (Accept-Language, Polish first),
 * capped JSON bodies checked by the shared zod schemas, per-chat and per-IP rate limits, and who may act:
 * - the customer: the chat's signed token (Bearer, or `?token=` for the event stream) or the portal session of
 *   the chat's own customer; anything else is 404, so a chat cannot be found by guessing its id;
 * - staff: the session of an active agent or admin, from our own pages only.
 */

const NO_STORE = { 'Cache-Control': 'no-store' } as const;
/** A chat message is at most 5,000 characters: 64 kB of JSON leaves room for any UTF-8 and the other fields. */
const BODY_LIMIT = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: NO_STORE });
}

type Translate = (key: string, values?: Record<string, string | number>) => string;

function t(locale: Locale): Translate {
  return translator(locale) as unknown as Translate;
}

export function failure(
  request: Request,
  status: number,
  code: string,
  messageKey: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message: t(apiLocale(request.headers))(messageKey), ...extra } }, headers);
}

const SIMPLE: Record<Exclude<ChatError['kind'], 'invalid' | 'attachments' | 'unavailable' | 'sso'>, [number, string, string]> = {
  not_found: [404, 'CHAT_NOT_FOUND', 'errors.chat.notFound'],
  ended: [409, 'CHAT_ENDED', 'errors.chat.ended'],
  identity_required: [422, 'IDENTITY_REQUIRED', 'errors.chat.identityRequired'],
  first_message_required: [422, 'FIRST_MESSAGE_REQUIRED', 'errors.chat.firstMessageRequired'],
  already_open: [409, 'CHAT_ALREADY_OPEN', 'errors.chat.alreadyOpen'],
  not_ended: [409, 'CHAT_NOT_ENDED', 'errors.chat.notEnded'],
  taken: [409, 'CHAT_TAKEN', 'errors.chat.taken'],
  capacity_full: [409, 'CAPACITY_FULL', 'errors.chat.capacityFull'],
  not_yours: [403, 'NOT_YOUR_CHAT', 'errors.chat.notYours'],
  not_offered: [409, 'NOT_OFFERED', 'errors.chat.notOffered'],
  not_waiting: [409, 'NOT_WAITING', 'errors.chat.notWaiting'],
  agent_unavailable: [409, 'AGENT_UNAVAILABLE', 'errors.chat.agentUnavailable'],
};

export function chatFailure(request: Request, error: ChatError): Response {
  const locale = apiLocale(request.headers);
  switch (error.kind) {
    case 'invalid':
      return validationFailure(request, error.fieldErrors);
    case 'attachments':
      return json(422, {
        error: {
          code: 'ATTACHMENTS',
          message: t(locale)('errors.chat.attachments', { reason: describeAttachmentError(error.error, locale) }),
        },
      });
    case 'unavailable':
      return failure(request, 409, 'CHAT_UNAVAILABLE', `errors.chat.unavailable.${error.reason}`, { reason: error.reason });
    case 'sso':
      return failure(request, 401, 'SSO_INVALID', 'errors.chat.sso', { reason: error.failure });
    default: {
      const [status, code, key] = SIMPLE[error.kind];
      return failure(request, status, code, key);
    }
  }
}

/** 422 with the first message as the sentence and every field's messages beside it. */
export function validationFailure(request: Request, fieldErrors: Record<string, string[]>): Response {
  const translate = t(apiLocale(request.headers));
  const fields = Object.fromEntries(Object.entries(fieldErrors).map(([field, keys]) => [field, keys.map((key) => translate(key))]));
  const first = Object.values(fields)[0]?.[0] ?? translate('errors.invalid');
  return json(422, { error: { code: 'VALIDATION', message: first, fields } });
}

/** Reads a capped JSON body and checks it with a shared schema: the parsed value, or the answer to give. */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; value: z.output<S> } | { ok: false; response: Response }> {
  const body = await readBodyWithin(request, BODY_LIMIT);
  if (!body.ok) return { ok: false, response: failure(request, 413, 'TOO_LARGE', 'errors.api.tooLarge') };
  const raw = body.bytes.byteLength === 0 ? {} : jsonFrom(body.bytes);
  if (raw === undefined) return { ok: false, response: failure(request, 400, 'INVALID_JSON', 'errors.api.json') };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, response: validationFailure(request, toFieldErrors(parsed.error)) };
  return { ok: true, value: parsed.data };
}

/** Counts the call against the chat and the address (both always counted); the 429 to give, or null. */
export async function limitChatCall(
  request: Request,
  options: { chatId?: string; message?: boolean; start?: boolean },
): Promise<Response | null> {
  const config = env();
  const ip = clientIp(request.headers);
  const checks = [hit(`chat:ip:${ip}`, config.RATE_LIMIT_CHAT_PER_IP, 1)];
  if (options.message && options.chatId) checks.push(hit(`chat:messages:${options.chatId}`, config.RATE_LIMIT_CHAT_MESSAGES_PER_CHAT, 1));
  if (options.start) checks.push(hit(`chat:start:ip:${ip}`, config.RATE_LIMIT_CHAT_STARTS_PER_IP));
  const decisions = await Promise.all(checks);
  const blocked = decisions.filter((d) => !d.allowed);
  if (!blocked.length) return null;
  const retryAfter = String(Math.max(...blocked.map((d) => d.retryAfterSeconds)));
  return failure(request, 429, 'RATE_LIMITED', 'errors.chat.rateLimited', {}, { 'Retry-After': retryAfter });
}

/**
 * A visitor's start (name + e-mail, nobody vouching for the address) counts once more against the address, under
 * a tighter limit: each start files a ticket under a typed address. The 429 to give, or null.
 */
export async function limitVisitorStart(request: Request): Promise<Response | null> {
  const decision = await hit(`chat:visitor-start:ip:${clientIp(request.headers)}`, env().RATE_LIMIT_CHAT_VISITOR_STARTS_PER_IP);
  if (decision.allowed) return null;
  return failure(request, 429, 'RATE_LIMITED', 'errors.chat.rateLimited', {}, { 'Retry-After': String(decision.retryAfterSeconds) });
}

/**
 * Our own pages mark their fetches `Sec-Fetch-Site: same-origin` (older browsers send an Origin that must be
 * ours). Only cookie-authenticated writes need this: a bearer token cannot be sent by another site's page.
 */
export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const origin = request.headers.get('origin');
  if (origin === null) return request.method === 'GET' || request.method === 'HEAD';
  try {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    return new URL(origin).host === host || origin === new URL(env().APP_URL).origin;
  } catch {
    return false;
  }
}

export interface CustomerAccess {
  chat: { id: string; ticketId: string; customerId: string; status: 'WAITING' | 'ACTIVE' | 'ENDED' };
  via: 'token' | 'session';
}

/** The chat, if the caller is its customer by the chat's token or by session; null means "answer 404". */
export async function customerAccess(
  request: Request,
  chatId: string,
  options: { allowQueryToken?: boolean } = {},
): Promise<CustomerAccess | null> {
  if (!UUID.test(chatId)) return null;
  const token = chatTokenFrom(request, { allowQuery: options.allowQueryToken });
  const load = () =>
    db().chatSession.findUnique({ where: { id: chatId }, select: { id: true, ticketId: true, customerId: true, status: true } });
  if (token) {
    const grant = await verifyChatToken(token);
    if (!grant || grant.chatId !== chatId) return null;
    const chat = await load();
    return chat && chat.customerId === grant.customerId ? { chat, via: 'token' } : null;
  }
  const viewer = await getViewerForRequest(request);
  if (viewer.kind !== 'user' || viewer.user.role !== 'CUSTOMER') return null;
  if (request.method !== 'GET' && !isSameOrigin(request)) return null;
  const chat = await load();
  return chat && chat.customerId === viewer.user.id ? { chat, via: 'session' } : null;
}

export function chatNotFound(request: Request): Response {
  return failure(request, 404, 'CHAT_NOT_FOUND', 'errors.chat.notFound');
}

export type StaffViewer = Extract<Viewer, { kind: 'user' }>;

/** The signed-in agent or admin, or the answer to give (401 signed out, 404 not staff, 403 another site). */
export async function staffAccess(request: Request): Promise<{ ok: true; viewer: StaffViewer } | { ok: false; response: Response }> {
  const viewer = await getViewerForRequest(request);
  if (viewer.kind !== 'user') return { ok: false, response: failure(request, 401, 'UNAUTHENTICATED', 'errors.chat.notFound') };
  if (viewer.user.role !== 'AGENT' && viewer.user.role !== 'ADMIN') return { ok: false, response: chatNotFound(request) };
  if (!isSameOrigin(request)) return { ok: false, response: failure(request, 403, 'CROSS_ORIGIN', 'errors.chat.crossOrigin') };
  return { ok: true, viewer };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The `[id]` of a chat route's path. */
export type ChatRouteContext = { params: Promise<{ id: string }> };

interface ChatRouteOptions<B> {
  /** The JSON body's schema; without one the body is not read. */
  body?: z.ZodType<B>;
  /** Count the call against the chat and the address; `message` also against the chat's messages. */
  limit?: 'call' | 'message';
}

async function limitAndRead<B>(
  request: Request,
  chatId: string,
  options: ChatRouteOptions<B>,
): Promise<{ ok: true; body: B } | { ok: false; response: Response }> {
  if (options.limit) {
    const limited = await limitChatCall(request, { chatId, message: options.limit === 'message' });
    if (limited) return { ok: false, response: limited };
  }
  if (!options.body) return { ok: true, body: undefined as B };
  const parsed = await parseBody(request, options.body);
  return parsed.ok ? { ok: true, body: parsed.value } : parsed;
}

/**
 * A route of one chat for staff (/api/agent/chat/:id/…): an active agent's or admin's session from our own pages,
 * an id that can be a chat's, the limits and the checked body as `options` say; `handle` does the route's one thing.
 */
export function staffChatRoute<B = undefined>(
  options: ChatRouteOptions<B>,
  handle: (call: { request: Request; chatId: string; staff: StaffViewer; body: B }) => Promise<Response>,
): (request: Request, context: ChatRouteContext) => Promise<Response> {
  return guardDatabase(async (request: Request, context: ChatRouteContext) => {
    const staff = await staffAccess(request);
    if (!staff.ok) return staff.response;
    const { id } = await context.params;
    if (!isUuid(id)) return chatNotFound(request);
    const read = await limitAndRead(request, id, options);
    if (!read.ok) return read.response;
    return handle({ request, chatId: id, staff: staff.viewer, body: read.body });
  });
}

/**
 * A route of one chat for its customer (/api/chat/:id/…): the chat's token or the customer's own session (anyone
 * else gets 404), the limits and the checked body as `options` say; `handle` does the route's one thing.
 */
export function customerChatRoute<B = undefined>(
  options: ChatRouteOptions<B>,
  handle: (call: { request: Request; chat: CustomerAccess['chat']; body: B }) => Promise<Response>,
): (request: Request, context: ChatRouteContext) => Promise<Response> {
  return guardDatabase(async (request: Request, context: ChatRouteContext) => {
    const access = await customerAccess(request, (await context.params).id);
    if (!access) return chatNotFound(request);
    const read = await limitAndRead(request, access.chat.id, options);
    if (!read.ok) return read.response;
    return handle({ request, chat: access.chat, body: read.body });
  });
}

/**
 * What starting a chat and leaving a message while chat is closed share: both file a ticket, so both count as a
 * start per address, read the body, and name who writes (the portal session, the panel's SSO token, or a visitor's
 * name and e-mail). A visitor's start counts once more, under the visitors' tighter limit: it files a ticket under
 * an address nobody vouched for and sends that address an e-mail.
 */
export async function readChatStart<B extends { ssoToken?: string; name?: string; email?: string; locale?: Locale }>(
  request: Request,
  schema: z.ZodType<B>,
): Promise<{ ok: true; body: B; identity: ChatIdentity } | { ok: false; response: Response }> {
  const limited = await limitChatCall(request, { start: true });
  if (limited) return { ok: false, response: limited };
  const body = await parseBody(request, schema);
  if (!body.ok) return body;
  const identity = await resolveChatIdentity({
    viewer: await getViewerForRequest(request),
    ssoToken: body.value.ssoToken,
    name: body.value.name,
    email: body.value.email,
    locale: body.value.locale ?? apiLocale(request.headers),
  });
  if (!identity.ok) return { ok: false, response: chatFailure(request, identity.error) };
  if (identity.value.kind === 'visitor') {
    const visitorLimited = await limitVisitorStart(request);
    if (visitorLimited) return { ok: false, response: visitorLimited };
  }
  return { ok: true, body: body.value, identity: identity.value };
}
