import type { MetadataRoute } from 'next';
import { env } from '@/server/env';
import { absoluteUrl } from '@/server/links';

// APP_URL is read at run time, not baked into the build.
export const dynamic = 'force-dynamic';

/**
 * The help centre (/pomoc, with the knowledge base) is public and may be indexed; the agents' area, the API, the
 * SSO hand-off and the demo's stand-in panel are not for search engines. The sitemap lists the knowledge base.
 */
export default function robots(): MetadataRoute.Robots {
  return {
    rules: { userAgent: '*', allow: '/pomoc', disallow: ['/agent', '/api', '/sso', '/demo'] },
    sitemap: absoluteUrl(env().APP_URL, '/sitemap.xml'),
  };
}
