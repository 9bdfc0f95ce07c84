import { canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';

/**
 * The dashboard's knowledge-base cards, over the last `days` days: how many contact-form visitors who were shown
 * suggestions opened one and did not file a ticket (deflection), searches that found nothing (what to write next),
 * the most viewed and the least helpful articles. Four small aggregate queries on indexed time ranges.
 */
export interface KbStats {
  days: number;
  deflection: { sessions: number; opened: number; deflected: number; rate: number | null };
  noResultSearches: { query: string; count: number }[];
  mostViewed: { id: string; slug: string; title: string; views: number }[];
  leastHelpful: { id: string; slug: string; title: string; yes: number; no: number }[];
}

const TOP = 5;

export async function kbStats(principal: Principal, days = 30, now = new Date()): Promise<KbStats | null> {
  if (!canAccessAgentArea(principal)) return null;
  const since = new Date(now.getTime() - days * 86_400_000);
  const [deflection, noResult, viewed, helpful] = await Promise.all([
    db().$queryRaw<{ sessions: bigint; opened: bigint; deflected: bigint }[]>`
      SELECT count(*) AS sessions,
             count(*) FILTER (WHERE "openedAt" IS NOT NULL) AS opened,
             count(*) FILTER (WHERE "openedAt" IS NOT NULL AND "ticketId" IS NULL) AS deflected
      FROM "KbDeflection" WHERE "createdAt" >= ${since}`,
    db().$queryRaw<{ query: string; count: bigint }[]>`
      SELECT lower(query) AS query, count(*) AS count FROM "KbSearch"
      WHERE "createdAt" >= ${since} AND results = 0
      GROUP BY lower(query) ORDER BY count(*) DESC, lower(query) LIMIT ${TOP}`,
    db().$queryRaw<{ id: string; slug: string; title: string; views: bigint }[]>`
      SELECT a.id, a.slug, a.title, v.views FROM (
        SELECT "articleId", count(*) AS views FROM "KbView" WHERE "createdAt" >= ${since}
        GROUP BY "articleId" ORDER BY count(*) DESC LIMIT ${TOP}) v
      JOIN "KbArticle" a ON a.id = v."articleId" ORDER BY v.views DESC, a.title`,
    db().$queryRaw<{ id: string; slug: string; title: string; yes: bigint; no: bigint }[]>`
      SELECT a.id, a.slug, a.title, f.yes, f.no FROM (
        SELECT "articleId", count(*) FILTER (WHERE helpful) AS yes, count(*) FILTER (WHERE NOT helpful) AS no
        FROM "KbFeedback" WHERE "createdAt" >= ${since} GROUP BY "articleId") f
      JOIN "KbArticle" a ON a.id = f."articleId"
      WHERE f.no > 0
      ORDER BY f.yes::float / (f.yes + f.no), f.no DESC, a.title LIMIT ${TOP}`,
  ]);
  const d = deflection[0];
  const sessions = Number(d?.sessions ?? 0);
  const deflected = Number(d?.deflected ?? 0);
  return {
    days,
    deflection: { sessions, opened: Number(d?.opened ?? 0), deflected, rate: sessions ? deflected / sessions : null },
    noResultSearches: noResult.map((r) => ({ query: r.query, count: Number(r.count) })),
    mostViewed: viewed.map((r) => ({ ...r, views: Number(r.views) })),
    leastHelpful: helpful.map((r) => ({ ...r, yes: Number(r.yes), no: Number(r.no) })),
  };
}
