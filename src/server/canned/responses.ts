import type { Prisma } from '@/generated/prisma/client';
import type { TicketCategory } from '@/generated/prisma/enums';
import { canAccessAdmin, canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { err, ok, type Result } from '@/server/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { unknownPlaceholders } from './placeholders';
import { renderCanned } from './render';
import { CANNED_LIMITS, cannedResponseSchema, type CannedResponseFields } from './schemas';

/**
 * Canned responses: admins manage them in /agent/admin/odpowiedzi; every staff member picks them in the ticket
 * composer, where the server renders one for the ticket at hand. Each function asks policy.ts first; anyone not
 * allowed gets `forbidden` (the admin pages themselves answer 404 before getting here).
 */

export interface CannedResponseRow {
  id: string;
  title: string;
  body: string;
  locale: 'pl' | 'en' | null;
  category: TicketCategory | null;
  active: boolean;
  usageCount: number;
  updatedAt: Date;
  createdBy: string | null;
}

export type CannedError =
  | { kind: 'forbidden' }
  | { kind: 'not_found' }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'unknown_placeholders'; names: string[] };

const rowSelect = {
  id: true,
  title: true,
  body: true,
  locale: true,
  category: true,
  active: true,
  usageCount: true,
  updatedAt: true,
  createdBy: { select: { name: true, email: true } },
} as const;

type SelectedRow = Prisma.CannedResponseGetPayload<{ select: typeof rowSelect }>;

function toRow(row: SelectedRow): CannedResponseRow {
  return {
    ...row,
    locale: row.locale === 'pl' || row.locale === 'en' ? row.locale : null,
    createdBy: row.createdBy ? (row.createdBy.name ?? row.createdBy.email) : null,
  };
}

/** The admin list: every response (inactive ones too), matching `query` in the title or text, A–Z. */
export async function listCannedResponses(principal: Principal, query = ''): Promise<Result<CannedResponseRow[], CannedError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const q = query.trim().slice(0, CANNED_LIMITS.search);
  const rows = await db().cannedResponse.findMany({
    where: q ? { OR: [{ title: { contains: q, mode: 'insensitive' } }, { body: { contains: q, mode: 'insensitive' } }] } : {},
    orderBy: [{ active: 'desc' }, { title: 'asc' }],
    select: rowSelect,
  });
  return ok(rows.map(toRow));
}

export async function getCannedResponse(principal: Principal, id: string): Promise<Result<CannedResponseRow, CannedError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  if (!isUuid(id)) return err({ kind: 'not_found' });
  const row = await db().cannedResponse.findUnique({ where: { id }, select: rowSelect });
  return row ? ok(toRow(row)) : err({ kind: 'not_found' });
}

function validate(input: unknown): Result<CannedResponseFields, CannedError> {
  const parsed = cannedResponseSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const unknown = [...unknownPlaceholders(parsed.data.title), ...unknownPlaceholders(parsed.data.body)];
  if (unknown.length) return err({ kind: 'unknown_placeholders', names: [...new Set(unknown)] });
  return ok(parsed.data);
}

/** `id` null creates a response; otherwise updates it. Returns the saved response's id. */
export async function saveCannedResponse(
  principal: Principal,
  id: string | null,
  input: unknown,
): Promise<Result<{ id: string }, CannedError>> {
  if (!canAccessAdmin(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  const valid = validate(input);
  if (!valid.ok) return valid;
  if (id === null) {
    const created = await db().cannedResponse.create({ data: { ...valid.value, createdById: principal.userId }, select: { id: true } });
    return ok(created);
  }
  if (!isUuid(id)) return err({ kind: 'not_found' });
  const updated = await db().cannedResponse.updateMany({ where: { id }, data: valid.value });
  return updated.count ? ok({ id }) : err({ kind: 'not_found' });
}

/** Deactivating keeps the response (and its usage count) but takes it out of the composer's picker. */
export async function setCannedResponseActive(
  principal: Principal,
  id: string,
  active: boolean,
): Promise<Result<{ id: string }, CannedError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  if (!isUuid(id)) return err({ kind: 'not_found' });
  const updated = await db().cannedResponse.updateMany({ where: { id }, data: { active } });
  return updated.count ? ok({ id }) : err({ kind: 'not_found' });
}

export async function deleteCannedResponse(principal: Principal, id: string): Promise<Result<{ id: string }, CannedError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  if (!isUuid(id)) return err({ kind: 'not_found' });
  const deleted = await db().cannedResponse.deleteMany({ where: { id } });
  return deleted.count ? ok({ id }) : err({ kind: 'not_found' });
}

export interface PickerItem {
  id: string;
  title: string;
  /** The first line or so of the raw text, placeholders as written, for the list. */
  excerpt: string;
  locale: 'pl' | 'en' | null;
  category: TicketCategory | null;
  /** Matches the ticket's category / the reporter's language: shown with a hint and listed first. */
  matchesCategory: boolean;
  matchesLocale: boolean;
}

/**
 * The composer's list for one ticket: active responses, those for the ticket's category first, then those in the
 * reporter's language (a response for any language counts as a weaker match than an exact one; one in the other
 * language comes last), then the most used, then A–Z. Staff only.
 */
export async function cannedResponsesForTicket(principal: Principal, ticketNumber: number): Promise<Result<PickerItem[], CannedError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  const ticket = await db().ticket.findUnique({
    where: { number: ticketNumber },
    select: { category: true, reporter: { select: { locale: true } } },
  });
  if (!ticket) return err({ kind: 'not_found' });
  const rows = await db().cannedResponse.findMany({
    where: { active: true },
    select: { id: true, title: true, body: true, locale: true, category: true, usageCount: true },
  });
  const locale = ticket.reporter.locale;
  const localeRank = (l: string | null) => (l === locale ? 2 : l === null ? 1 : 0);
  const categoryRank = (c: TicketCategory | null) => (c === ticket.category ? 2 : c === null ? 1 : 0);
  const sorted = [...rows].sort(
    (a, b) =>
      categoryRank(b.category) - categoryRank(a.category) ||
      localeRank(b.locale) - localeRank(a.locale) ||
      b.usageCount - a.usageCount ||
      a.title.localeCompare(b.title, 'pl'),
  );
  return ok(
    sorted.map((row) => ({
      id: row.id,
      title: row.title,
      excerpt: excerpt(row.body),
      locale: row.locale === 'pl' || row.locale === 'en' ? row.locale : null,
      category: row.category,
      matchesCategory: row.category === ticket.category,
      matchesLocale: row.locale === locale,
    })),
  );
}

/**
 * One response rendered for one ticket, by the agent inserting it: the customer's and company's names, the
 * number and subject come from the database, the agent's name from the session's user. Counts as a use (on
 * insert rather than on send: a response is a starting point the agent edits, and the count only ranks the list).
 */
export async function insertCannedResponse(
  principal: Principal,
  ticketNumber: number,
  responseId: string,
): Promise<Result<{ text: string }, CannedError>> {
  if (!canAccessAgentArea(principal) || principal.kind !== 'user') return err({ kind: 'forbidden' });
  if (!isUuid(responseId)) return err({ kind: 'not_found' });
  const [ticket, response, agent] = await Promise.all([
    db().ticket.findUnique({
      where: { number: ticketNumber },
      select: { number: true, subject: true, reporter: { select: { name: true, email: true } }, company: { select: { name: true } } },
    }),
    db().cannedResponse.findFirst({ where: { id: responseId, active: true }, select: { id: true, body: true } }),
    db().user.findUnique({ where: { id: principal.userId }, select: { name: true } }),
  ]);
  if (!ticket || !response) return err({ kind: 'not_found' });
  await db().cannedResponse.update({ where: { id: response.id }, data: { usageCount: { increment: 1 } } });
  const text = renderCanned(response.body, {
    customer: ticket.reporter,
    ticket: { number: ticket.number, subject: ticket.subject },
    agent,
    company: ticket.company,
  });
  return ok({ text });
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139).trimEnd()}…` : flat;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(value: string): boolean {
  return UUID.test(value);
}
