import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sign, verify } from '@/server/auth/signing';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { hit } from '@/server/rate-limit';
import { err, ok, type Result } from '@/server/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { isUuid } from './articles';
import { feedbackSchema } from './schemas';

/**
 * "Czy to pomogło?" answers and page views, and the contact form's suggestion sessions (deflection).
 *
 * A deflection session is a signed cookie (DEFLECTION_COOKIE) that the suggestions endpoint hands out the first
 * time it shows a visitor articles. Its row lists what was suggested and what was opened; opening a suggested
 * article and not filing a ticket is a deflection; filing one anyway links the ticket to the row, so the agent
 * sees which articles the customer read first.
 */

export type FeedbackError = { kind: 'not_found' } | { kind: 'invalid'; fieldErrors: FieldErrors } | { kind: 'rate_limited' };

/** Answers per address per window: a person answers a few articles; a script does not get to stuff the figures. */
export async function recordFeedback(articleId: string, input: unknown, ip: string): Promise<Result<{ id: string }, FeedbackError>> {
  const parsed = feedbackSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  if (!isUuid(articleId)) return err({ kind: 'not_found' });
  const limit = await hit(`kb-feedback:ip:${ip}`, env().KB_FEEDBACK_PER_IP);
  if (!limit.allowed) return err({ kind: 'rate_limited' });
  const article = await db().kbArticle.findFirst({ where: { id: articleId, status: 'PUBLISHED' }, select: { id: true } });
  if (!article) return err({ kind: 'not_found' });
  const row = await db().kbFeedback.create({
    data: { articleId, helpful: parsed.data.helpful, comment: parsed.data.comment ?? null },
    select: { id: true },
  });
  return ok(row);
}

export const DEFLECTION_COOKIE = 'vch-kb-session';
export const DEFLECTION_TTL_SECONDS = 2 * 60 * 60;
const PURPOSE = 'kb-deflection';
const payloadSchema = z.object({ s: z.string().regex(/^[A-Za-z0-9_-]{22}$/), x: z.number().int() });

export function issueDeflectionSession(now = new Date()): { id: string; cookie: string } {
  const id = randomBytes(16).toString('base64url');
  return { id, cookie: sign(PURPOSE, { s: id, x: Math.floor(now.getTime() / 1000) + DEFLECTION_TTL_SECONDS }) };
}

export function verifyDeflectionSession(value: string | null | undefined, now = new Date()): string | null {
  if (!value || value.length > 200) return null;
  const parsed = payloadSchema.safeParse(verify(PURPOSE, value));
  if (!parsed.success || parsed.data.x * 1000 <= now.getTime()) return null;
  return parsed.data.s;
}

/** Adds articles the visitor was just shown to their session (created on first use); capped at 30 ids. */
export async function noteSuggested(sessionId: string, locale: string, articleIds: string[]): Promise<void> {
  if (!articleIds.length) return;
  await db().$executeRaw`
    INSERT INTO "KbDeflection" (id, locale, "suggestedArticleIds", "openedArticleIds", "createdAt", "updatedAt")
    VALUES (${sessionId}, ${locale}, ${articleIds}::uuid[], '{}', now(), now())
    ON CONFLICT (id) DO UPDATE SET
      "suggestedArticleIds" = (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM unnest("KbDeflection"."suggestedArticleIds" || EXCLUDED."suggestedArticleIds") AS x)[1:30],
      "updatedAt" = now()
    WHERE "KbDeflection"."ticketId" IS NULL`;
}

/**
 * A page view of a published article. With a suggestion session that suggested this article, the view also marks
 * the session as having opened it (a deflection until a ticket is filed).
 */
export async function recordView(slug: string, sessionId: string | null): Promise<boolean> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return false;
  const article = await db().kbArticle.findFirst({ where: { slug, status: 'PUBLISHED' }, select: { id: true } });
  if (!article) return false;
  let fromSuggestion = false;
  if (sessionId) {
    fromSuggestion =
      (await db().$executeRaw`
      UPDATE "KbDeflection" SET
        "openedArticleIds" = CASE WHEN ${article.id}::uuid = ANY("openedArticleIds") THEN "openedArticleIds"
                                  ELSE "openedArticleIds" || ${article.id}::uuid END,
        "openedAt" = coalesce("openedAt", now()), "updatedAt" = now()
      WHERE id = ${sessionId} AND ${article.id}::uuid = ANY("suggestedArticleIds") AND "ticketId" IS NULL`) > 0;
  }
  await db().kbView.create({ data: { articleId: article.id, sessionId: fromSuggestion ? sessionId : null } });
  return true;
}

/** A ticket was filed from the contact form: it keeps the session's suggestions (no longer a deflection). */
export async function linkSessionToTicket(sessionId: string | null, ticketId: string): Promise<void> {
  if (!sessionId) return;
  await db().kbDeflection.updateMany({ where: { id: sessionId, ticketId: null }, data: { ticketId } });
}

export interface SeenArticle {
  id: string;
  slug: string;
  title: string;
  opened: boolean;
}

/** What the customer was shown (and opened) on the contact form before filing this ticket. Staff pages only. */
export async function articlesSeenBeforeTicket(ticketId: string): Promise<SeenArticle[]> {
  const sessions = await db().kbDeflection.findMany({ where: { ticketId }, select: { suggestedArticleIds: true, openedArticleIds: true } });
  const suggested = [...new Set(sessions.flatMap((s) => s.suggestedArticleIds))];
  if (!suggested.length) return [];
  const opened = new Set(sessions.flatMap((s) => s.openedArticleIds));
  const articles = await db().kbArticle.findMany({ where: { id: { in: suggested } }, select: { id: true, slug: true, title: true } });
  const byId = new Map(articles.map((a) => [a.id, a]));
  return suggested.flatMap((id) => {
    const article = byId.get(id);
    return article ? [{ ...article, opened: opened.has(id) }] : [];
  });
}
