import type { MetadataRoute } from 'next';
import { env } from '@/server/env';
import { sitemapArticles } from '@/server/kb/public';
import { absoluteUrl, kbArticlePath, PORTAL_PATHS } from '@/server/links';

// Read per request: publishing or withdrawing an article changes it at once (and APP_URL is a run-time setting).
export const dynamic = 'force-dynamic';

/** The public pages worth indexing: the contact page, the knowledge base and every published article. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const appUrl = env().APP_URL;
  const articles = await sitemapArticles();
  const newest = articles.reduce<Date | undefined>((latest, a) => (!latest || a.updatedAt > latest ? a.updatedAt : latest), undefined);
  return [
    { url: absoluteUrl(appUrl, PORTAL_PATHS.contact) },
    { url: absoluteUrl(appUrl, PORTAL_PATHS.kb), ...(newest ? { lastModified: newest } : {}) },
    ...articles.map((a) => ({ url: absoluteUrl(appUrl, kbArticlePath(a.slug)), lastModified: a.updatedAt })),
  ];
}
