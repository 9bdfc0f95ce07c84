import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTreatmentOf } from '@/server/http/fast-lane';

/**
 * What the fast lane adds to an answer, or whether it leaves a path to Next, read from a build's manifests: here
 * manifests shaped as `next build` writes them for this app (next.config.ts's headers(), the proxy's matcher).
 */

const SECURITY = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];
const VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';

function routesManifest(overrides: Record<string, unknown> = {}) {
  return {
    version: 3,
    caseSensitive: false,
    basePath: '',
    redirects: [
      { source: '/:path+/', destination: '/:path+', internal: true, statusCode: 308, regex: '^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))/$' },
    ],
    headers: [
      { source: '/:path*', headers: SECURITY, regex: '^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$' },
      {
        source: '/((?!czat/widget(?:/|$)).*)',
        headers: [{ key: 'X-Frame-Options', value: 'DENY' }],
        regex: '^(?:/((?!czat/widget(?:/|$)).*))(?:/)?$',
      },
      {
        source: '/widget.js',
        headers: [{ key: 'Cache-Control', value: 'public, max-age=300, stale-while-revalidate=86400' }],
        regex: '^/widget\\.js(?:/)?$',
      },
    ],
    rewrites: { beforeFiles: [], afterFiles: [], fallback: [] },
    rsc: { header: 'rsc', varyHeader: VARY },
    ...overrides,
  };
}

const PROXY_MATCHER = {
  regexp:
    '^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?!api|_next\\/static|_next\\/image|favicon.ico|widget.js).*))(\\.json|\\.rsc|\\.segments\\/.+\\.segment\\.rsc)?[\\/#\\?]?$',
};

const dirs: string[] = [];
function build(options: { routes?: Record<string, unknown>; config?: Record<string, unknown>; matchers?: { regexp: string }[] } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fast-lane-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'server'));
  writeFileSync(path.join(dir, 'routes-manifest.json'), JSON.stringify(routesManifest(options.routes)));
  writeFileSync(
    path.join(dir, 'required-server-files.json'),
    JSON.stringify({ config: { compress: true, basePath: '', ...options.config } }),
  );
  writeFileSync(
    path.join(dir, 'server/functions-config-manifest.json'),
    JSON.stringify({
      version: 1,
      functions: { '/_middleware': { runtime: 'nodejs', matchers: options.matchers ?? [PROXY_MATCHER] }, '/api/x': {} },
    }),
  );
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the fast lane's reading of Next's manifests", () => {
  it("adds the headers() rules that match, the app router's Vary and Next's compression", () => {
    const treatment = nextTreatmentOf('/api/v1/tickets', build());
    expect(treatment?.headers).toEqual([...SECURITY.map(({ key, value }) => [key, value]), ['X-Frame-Options', 'DENY']]);
    expect(treatment?.vary).toBe(VARY);
    expect(typeof treatment?.compress).toBe('function');
    // The negative look-ahead of the X-Frame-Options rule is honoured.
    expect(nextTreatmentOf('/czat/widget', build({ matchers: [] }))?.headers.map(([key]) => key)).not.toContain('X-Frame-Options');
  });

  it('compresses nothing when next.config.ts turns compression off', () => {
    expect(nextTreatmentOf('/api/v1/tickets', build({ config: { compress: false } }))?.compress).toBeNull();
  });

  it('leaves to Next a path the proxy, a redirect or a rewrite could take', () => {
    expect(nextTreatmentOf('/pomoc/kontakt', build())).toBeNull();
    expect(nextTreatmentOf('/api/v1/tickets/', build())).toBeNull();
    const rewrites = {
      beforeFiles: [{ source: '/api/v1/tickets', destination: '/x', regex: '^/api/v1/tickets(?:/)?$' }],
      afterFiles: [],
      fallback: [],
    };
    expect(nextTreatmentOf('/api/v1/tickets', build({ routes: { rewrites } }))).toBeNull();
  });

  it('leaves to Next a path whose header rules have conditions, parameters or cookies, and any build with a base path or i18n', () => {
    const rule = (extra: Record<string, unknown>, header = { key: 'X-A', value: 'b' }) => ({
      routes: { headers: [{ source: '/api/:path*', headers: [header], regex: '^/api(?:/(.*))?$', ...extra }] },
    });
    expect(nextTreatmentOf('/api/v1/tickets', build(rule({})))).not.toBeNull();
    expect(nextTreatmentOf('/api/v1/tickets', build(rule({ has: [{ type: 'header', key: 'x-b' }] })))).toBeNull();
    expect(nextTreatmentOf('/api/v1/tickets', build(rule({ missing: [{ type: 'cookie', key: 'c' }] })))).toBeNull();
    expect(nextTreatmentOf('/api/v1/tickets', build(rule({}, { key: 'X-Path', value: ':path' })))).toBeNull();
    expect(nextTreatmentOf('/api/v1/tickets', build(rule({}, { key: 'Set-Cookie', value: 'a=b' })))).toBeNull();
    expect(nextTreatmentOf('/api/v1/tickets', build({ routes: { basePath: '/support' } }))).toBeNull();
    expect(nextTreatmentOf('/api/v1/tickets', build({ config: { i18n: { locales: ['pl'] } } }))).toBeNull();
  });
});
