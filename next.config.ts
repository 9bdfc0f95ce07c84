import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

// The catalogues are compiled at build time (icu-minify), so the browser gets a small formatter instead of
// intl-messageformat and the ICU parser (≈ 8 kB gzip on every page). `t.raw` is not available with compiled
// messages: a template filled in on the client is made by formatting its placeholders as themselves.
const withNextIntl = createNextIntlPlugin({
  requestConfig: './src/i18n/request.ts',
  experimental: { messages: { path: './src/i18n/messages', format: 'json', locales: 'infer', precompile: true } },
});

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks with `tsc --noEmit` as a stage of its own and sets this for the e2e build
  // (tests/e2e/build.ts); every other build (npm run build, the demo) still type-checks.
  typescript: { ignoreBuildErrors: process.env.VOUCHIE_BUILD_SKIP_TYPECHECK === '1' },
  serverExternalPackages: ['@prisma/schema-engine-wasm', '@electric-sql/pglite', 'pino'],
  experimental: {
    serverActions: { bodySizeLimit: '1mb' },
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
      // X-Frame-Options cannot name several sites: the chat widget's page (framed by CHAT_WIDGET_ORIGINS) relies on
      // its CSP frame-ancestors alone (src/proxy.ts); every other page keeps DENY as well.
      {
        source: '/((?!czat/widget(?:/|$)).*)',
        headers: [{ key: 'X-Frame-Options', value: 'DENY' }],
      },
      // The widget's loader is embedded by other sites: cached briefly, so a fix reaches them within minutes.
      {
        source: '/widget.js',
        headers: [
          { key: 'Cache-Control', value: 'public, max-age=300, stale-while-revalidate=86400' },
          { key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
