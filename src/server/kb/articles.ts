import type { KbArticleStatus, TicketCategory } from '@/generated/prisma/enums';
import { canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db, type Tx } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { err, ok, type Result } from '@/server/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { markdownToPlainText, renderArticleMarkdown } from './markdown';
import { articleSchema, KB_LIMITS, slugify, type ArticleFields, type KbLocale, type KbSection } from './schemas';

/**
 * Articles as staff write them (/agent/baza-wiedzy): every save renders the Markdown once (the stored `bodyHtml` is
 * what pages show) and records a KbArticleVersion, so the history says who changed what and any version can be
 * restored (which is itself a new version). `version` is the editor's optimistic-concurrency check. Staff only:
 * anyone else gets `forbidden`.
 */

export type ArticleError =
  | { kind: 'forbidden' }
  | { kind: 'not_found' }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'conflict'; currentVersion: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export interface StaffArticleRow {
  id: string;
  title: string;
  slug: string;
  section: KbSection;
  locale: KbLocale;
  status: KbArticleStatus;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface StaffArticle extends StaffArticleRow {
  groupId: string;
  summary: string;
  body: string;
  tags: string[];
  categories: TicketCategory[];
  version: number;
  publishedAt: Date | null;
}

export interface ArticleVersionRow {
  version: number;
  title: string;
  action: string;
  restoredFrom: number | null;
  editor: string | null;
  createdAt: Date;
}

async function userNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const users = await db().user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, u.name ?? u.email]));
}

const asSection = (value: string) => value as KbSection;
const asLocale = (value: string): KbLocale => (value === 'en' ? 'en' : 'pl');

/** Words of a staff search, for a case- and accent-insensitive match on title, slug and tags. */
export async function listArticlesForStaff(
  principal: Principal,
  filters: { q?: string; status?: KbArticleStatus | null } = {},
): Promise<Result<StaffArticleRow[], ArticleError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  const q = (filters.q ?? '').trim().slice(0, KB_LIMITS.query);
  const rows = await db().kbArticle.findMany({
    where: {
      ...(filters.status ? { status: filters.status } : {}),
      ...(q
        ? {
            OR: [
              { title: { contains: q, mode: 'insensitive' } },
              { slug: { contains: slugify(q) || q, mode: 'insensitive' } },
              { tags: { has: q.toLowerCase() } },
              { body: { contains: q, mode: 'insensitive' } },
            ],
          }
        : {}),
    },
    orderBy: { updatedAt: 'desc' },
    take: 500,
    select: { id: true, title: true, slug: true, section: true, locale: true, status: true, updatedAt: true, updatedById: true },
  });
  const names = await userNames(rows.map((r) => r.updatedById));
  return ok(
    rows.map(({ updatedById, ...row }) => ({
      ...row,
      section: asSection(row.section),
      locale: asLocale(row.locale),
      updatedBy: updatedById ? (names.get(updatedById) ?? null) : null,
    })),
  );
}

export async function getArticleForStaff(
  principal: Principal,
  id: string,
): Promise<Result<{ article: StaffArticle; versions: ArticleVersionRow[]; translations: StaffArticleRow[] }, ArticleError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  if (!isUuid(id)) return err({ kind: 'not_found' });
  const row = await db().kbArticle.findUnique({
    where: { id },
    include: { versions: { orderBy: { version: 'desc' }, take: 100 } },
  });
  if (!row) return err({ kind: 'not_found' });
  const others = await db().kbArticle.findMany({
    where: { groupId: row.groupId, id: { not: row.id } },
    select: { id: true, title: true, slug: true, section: true, locale: true, status: true, updatedAt: true, updatedById: true },
  });
  const names = await userNames([row.updatedById, ...row.versions.map((v) => v.editorId), ...others.map((o) => o.updatedById)]);
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return ok({
    article: {
      id: row.id,
      groupId: row.groupId,
      title: row.title,
      slug: row.slug,
      summary: row.summary,
      body: row.body,
      section: asSection(row.section),
      locale: asLocale(row.locale),
      tags: row.tags,
      categories: row.categories,
      status: row.status,
      version: row.version,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      updatedBy: name(row.updatedById),
    },
    versions: row.versions.map((v) => ({
      version: v.version,
      title: v.title,
      action: v.action,
      restoredFrom: v.restoredFrom,
      editor: name(v.editorId),
      createdAt: v.createdAt,
    })),
    translations: others.map(({ updatedById, ...o }) => ({
      ...o,
      section: asSection(o.section),
      locale: asLocale(o.locale),
      updatedBy: name(updatedById),
    })),
  });
}

function validate(input: unknown): Result<ArticleFields, ArticleError> {
  const parsed = articleSchema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
}

const slugTaken: ArticleError = { kind: 'invalid', fieldErrors: { slug: ['adminKb.errors.slugTaken'] } };

/** The stored form of the fields: the rendered body, and a summary from the body's first words when none was given. */
function stored(fields: ArticleFields) {
  const summary =
    fields.summary ||
    markdownToPlainText(fields.body)
      .slice(0, KB_LIMITS.summary - 1)
      .replace(/\s+\S*$/, '…');
  return { ...fields, summary, bodyHtml: renderArticleMarkdown(fields.body) };
}

async function writeVersion(
  tx: Tx,
  articleId: string,
  version: number,
  fields: ArticleFields & { summary: string },
  action: string,
  editorId: string | null,
  restoredFrom: number | null = null,
) {
  await tx.kbArticleVersion.create({
    data: {
      articleId,
      version,
      title: fields.title,
      slug: fields.slug,
      summary: fields.summary,
      body: fields.body,
      section: fields.section,
      tags: fields.tags,
      categories: fields.categories,
      action,
      restoredFrom,
      editorId,
    },
  });
}

const editorOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null);

/**
 * Creates (id null) or updates an article. An update names the version it was edited from: if someone saved in
 * between, it is refused as a `conflict` (nothing is overwritten). A slug in use by another article is a field error.
 * `translationOf` (create only) puts the new article in that article's translation group.
 */
export async function saveArticle(
  principal: Principal,
  id: string | null,
  input: unknown,
  options: { expectedVersion?: number; translationOf?: string | null; action?: string } = {},
): Promise<Result<{ id: string; version: number }, ArticleError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  const valid = validate(input);
  if (!valid.ok) return valid;
  const fields = stored(valid.value);
  const editorId = editorOf(principal);
  try {
    if (id === null) {
      let groupId: string | undefined;
      if (options.translationOf && isUuid(options.translationOf)) {
        groupId = (await db().kbArticle.findUnique({ where: { id: options.translationOf }, select: { groupId: true } }))?.groupId;
      }
      const created = await db().$transaction(async (tx) => {
        const row = await tx.kbArticle.create({
          data: { ...fields, ...(groupId ? { groupId } : {}), authorId: editorId, updatedById: editorId },
          select: { id: true, version: true },
        });
        await writeVersion(tx, row.id, row.version, fields, options.action ?? 'saved', editorId);
        return row;
      });
      return ok(created);
    }
    if (!isUuid(id)) return err({ kind: 'not_found' });
    return await db().$transaction(async (tx) => {
      const current = await tx.kbArticle.findUnique({ where: { id }, select: { version: true } });
      if (!current) return err({ kind: 'not_found' as const });
      const expected = options.expectedVersion ?? current.version;
      const updated = await tx.kbArticle.updateMany({
        where: { id, version: expected },
        data: { ...fields, version: { increment: 1 }, updatedById: editorId },
      });
      if (!updated.count) return err({ kind: 'conflict' as const, currentVersion: current.version });
      await writeVersion(tx, id, expected + 1, fields, options.action ?? 'saved', editorId);
      return ok({ id, version: expected + 1 });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return err(slugTaken);
    throw error;
  }
}

/** Publishes or takes an article off the help centre; recorded in the history like a save. */
export async function setArticleStatus(
  principal: Principal,
  id: string,
  status: KbArticleStatus,
): Promise<Result<{ id: string; version: number; slug: string }, ArticleError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  if (!isUuid(id)) return err({ kind: 'not_found' });
  const editorId = editorOf(principal);
  return db().$transaction(async (tx) => {
    const row = await tx.kbArticle.findUnique({ where: { id } });
    if (!row) return err({ kind: 'not_found' as const });
    if (row.status === status) return ok({ id, version: row.version, slug: row.slug });
    const version = row.version + 1;
    await tx.kbArticle.update({
      where: { id },
      data: {
        status,
        version,
        updatedById: editorId,
        ...(status === 'PUBLISHED' ? { publishedAt: row.publishedAt ?? new Date() } : {}),
      },
    });
    const fields = { ...row, section: asSection(row.section), locale: asLocale(row.locale) };
    await writeVersion(tx, id, version, fields, status === 'PUBLISHED' ? 'published' : 'unpublished', editorId);
    return ok({ id, version, slug: row.slug });
  });
}

/** Makes an older version the current text again (a new version; the status stays as it is). */
export async function restoreArticleVersion(
  principal: Principal,
  id: string,
  version: number,
): Promise<Result<{ id: string; version: number }, ArticleError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  if (!isUuid(id) || !Number.isInteger(version)) return err({ kind: 'not_found' });
  const old = await db().kbArticleVersion.findUnique({ where: { articleId_version: { articleId: id, version } } });
  const current = await db().kbArticle.findUnique({ where: { id }, select: { version: true, locale: true } });
  if (!old || !current) return err({ kind: 'not_found' });
  const input = { ...old, locale: current.locale };
  const valid = validate(input);
  if (!valid.ok) return valid;
  const fields = stored(valid.value);
  const editorId = editorOf(principal);
  try {
    return await db().$transaction(async (tx) => {
      const updated = await tx.kbArticle.updateMany({
        where: { id, version: current.version },
        data: { ...fields, version: { increment: 1 }, updatedById: editorId },
      });
      if (!updated.count) return err({ kind: 'conflict' as const, currentVersion: current.version });
      await writeVersion(tx, id, current.version + 1, fields, 'restored', editorId, version);
      return ok({ id, version: current.version + 1 });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return err(slugTaken);
    throw error;
  }
}

/** A free slug near `base` ("aktywacja", "aktywacja-2", …), for drafts started from a reply and for imports. */
export async function freeSlug(base: string): Promise<string> {
  const root = slugify(base).slice(0, KB_LIMITS.slug - 4) || 'artykul';
  const taken = new Set(
    (await db().kbArticle.findMany({ where: { slug: { startsWith: root } }, select: { slug: true } })).map((r) => r.slug),
  );
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) if (!taken.has(`${root}-${n}`)) return `${root}-${n}`;
}

/**
 * "Zapisz jako artykuł": a draft whose body is an agent's reply on a ticket, titled with the ticket's subject, in the
 * ticket's category. Internal notes may be saved too (the agent decides what to publish).
 */
export async function draftFromMessage(principal: Principal, messageId: string): Promise<Result<{ id: string }, ArticleError>> {
  if (!canAccessAgentArea(principal)) return err({ kind: 'forbidden' });
  if (!isUuid(messageId)) return err({ kind: 'not_found' });
  const message = await db().message.findUnique({
    where: { id: messageId },
    select: { body: true, type: true, ticket: { select: { subject: true, category: true, reporter: { select: { locale: true } } } } },
  });
  if (!message || message.type === 'CUSTOMER') return err({ kind: 'not_found' });
  const title = message.ticket.subject.slice(0, KB_LIMITS.title);
  const section: KbSection = message.ticket.category === 'BILLING' ? 'platnosci' : 'vouchery';
  const result = await saveArticle(
    principal,
    null,
    {
      title,
      slug: await freeSlug(title),
      body: message.body.slice(0, KB_LIMITS.body),
      section,
      locale: message.ticket.reporter.locale === 'en' ? 'en' : 'pl',
      categories: [message.ticket.category],
    },
    { action: 'fromReply' },
  );
  return result.ok ? ok({ id: result.value.id }) : result;
}
