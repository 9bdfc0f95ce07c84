import {
  CHECK_INBOX_PATH,
  CUSTOMER_HOME_PATH,
  SIGN_IN_ERROR_PATH,
  SIGN_IN_PATH,
  STAFF_SIGN_IN_PATH,
  AGENT_HOME_PATH,
} from '@/server/auth/paths';
import { formatTicketNumber } from '@/server/tickets/numbering';

/**
 * Every address of the site's own pages, for pages, components, route handlers, e-mails and the worker. Plain
 * strings, no server imports: client components use it too. Ticket numbers are taken as shown (`VCH-10001`) or as
 * the bare number. The sign-in pages' addresses live in auth/paths.ts (Auth.js's `pages` config) and are
 * re-exported here.
 */
export { AGENT_HOME_PATH, CHECK_INBOX_PATH, CUSTOMER_HOME_PATH, SIGN_IN_ERROR_PATH, SIGN_IN_PATH, STAFF_SIGN_IN_PATH };

export const PORTAL_PATHS = {
  contact: CUSTOMER_HOME_PATH,
  tickets: '/pomoc/zgloszenia',
  myData: '/pomoc/zgloszenia/moje-dane',
  /** The ZIP itself (route handler): the signed-in person's own data, nothing in the address to guess. */
  myDataDownload: '/api/rodo/moje-dane',
  kb: '/pomoc/baza-wiedzy',
  /** Moving or cancelling a booked callback, opened from its e-mail with the signed `?t=` token. */
  callback: '/pomoc/rozmowa-zwrotna',
} as const;

export const AGENT_PATHS = {
  queue: AGENT_HOME_PATH,
  dashboard: '/agent/pulpit',
  phone: '/agent/telefon',
  settings: '/agent/ustawienia',
  admin: '/agent/admin',
  team: '/agent/admin/agenci',
  categories: '/agent/admin/kategorie',
  canned: '/agent/admin/odpowiedzi',
  newCanned: '/agent/admin/odpowiedzi/nowa',
  sla: '/agent/admin/sla',
  hours: '/agent/admin/godziny',
  apiTokens: '/agent/admin/tokeny-api',
  outbox: '/agent/admin/poczta',
  privacy: '/agent/admin/rodo',
  privacyAuditExport: '/api/agent/rodo/dziennik',
  chat: '/agent/czat',
  kb: '/agent/baza-wiedzy',
  newKbArticle: '/agent/baza-wiedzy/nowy',
} as const;

/** An admin's page of one person's data (RODO), opened after a recorded look-up. */
export function privacyPersonPath(userId: string): string {
  return `${AGENT_PATHS.privacy}/osoba/${encodeURIComponent(userId)}`;
}

/** The admin's ZIP of one person's data (a GET form adds `cel`, the purpose, and `sprawa`, the case reference). */
export function privacyPersonExportBase(userId: string): string {
  return `/api/agent/rodo/osoby/${encodeURIComponent(userId)}/eksport`;
}

export function privacyPersonExportPath(userId: string, purpose: string, caseRef?: string | null): string {
  const query = new URLSearchParams({ cel: purpose, ...(caseRef ? { sprawa: caseRef } : {}) });
  return `${privacyPersonExportBase(userId)}?${query.toString()}`;
}

type TicketNumber = string | number;
const shown = (number: TicketNumber) => (typeof number === 'number' ? formatTicketNumber(number) : number);

/** The customer's page of a ticket (signed-in view; e-mails add the signed `?t=` link token). */
export function customerTicketPath(number: TicketNumber): string {
  return `${PORTAL_PATHS.tickets}/${encodeURIComponent(shown(number))}`;
}

/** The agent view's page of a ticket. */
export function agentTicketPath(number: TicketNumber): string {
  return `/agent/zgloszenia/${encodeURIComponent(shown(number))}`;
}

/** The agent's chat inbox with one conversation open. */
export function agentChatPath(chatId: string): string {
  return `${AGENT_PATHS.chat}?czat=${encodeURIComponent(chatId)}`;
}

export function cannedResponsePath(id: string): string {
  return `${AGENT_PATHS.canned}/${encodeURIComponent(id)}`;
}

/** A published knowledge-base article on the help centre. */
export function kbArticlePath(slug: string): string {
  return `${PORTAL_PATHS.kb}/${encodeURIComponent(slug)}`;
}

/** The help centre's search results for `query`. */
export function kbSearchPath(query: string): string {
  return `${PORTAL_PATHS.kb}?${new URLSearchParams({ q: query })}`;
}

/** An article in the agents' editor. */
export function kbEditorPath(id: string): string {
  return `${AGENT_PATHS.kb}/${encodeURIComponent(id)}`;
}

export function outboundEmailPath(id: string): string {
  return `${AGENT_PATHS.outbox}/${encodeURIComponent(id)}`;
}

/** The sign-in page, coming back to `returnTo` (a path on this site) afterwards. */
export function signInPath(returnTo?: string): string {
  return returnTo ? `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(returnTo).replace(/%2F/g, '/')}` : SIGN_IN_PATH;
}

/** The sign-in error page explaining `reason` (see src/server/auth/sso.ts). */
export function signInErrorPath(reason: string): string {
  return `${SIGN_IN_ERROR_PATH}?powod=${encodeURIComponent(reason)}`;
}

/** `path` on the site at `appUrl` (APP_URL), for e-mails and API answers. */
export function absoluteUrl(appUrl: string, path: string): string {
  return `${appUrl.replace(/\/$/, '')}${path}`;
}

/**
 * An attachment's bytes (`/api/attachments/{id}`): with the page's ticket link token when it was opened by one, and
 * `download=1` for a download rather than a view.
 */
export function attachmentPath(id: string, options: { ticketLinkToken?: string | null; download?: boolean } = {}): string {
  const query = new URLSearchParams();
  if (options.ticketLinkToken) query.set('t', options.ticketLinkToken);
  if (options.download) query.set('download', '1');
  const search = query.toString();
  return `/api/attachments/${encodeURIComponent(id)}${search ? `?${search}` : ''}`;
}

/** The raw e-mail (`.eml`) a thread message came in as, for staff. */
export function messageRawEmailPath(messageId: string): string {
  return `/api/agent/messages/${encodeURIComponent(messageId)}/eml`;
}
