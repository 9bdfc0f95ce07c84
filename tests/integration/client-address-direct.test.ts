import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveRoute, type Listening } from './client-address-stack';

// No proxy configured (the default): the socket's peer is the client, whatever X-Forwarded-For says.
process.env.RATE_LIMIT_SSO_PER_IP = '3';
process.env.VOUCHIE_SSO_SECRET = 'integration-panel-secret-0123456789-abcdefghij';

const { db } = await import('@/server/db/client');
const { installPeerAddressHeader } = await import('@/server/client-address');
const { clientIp } = await import('@/server/rate-limit');
const sso = await import('@/app/sso/vouchie/route');

let app: Listening;
let seen: string[] = [];

beforeAll(async () => {
  installPeerAddressHeader();
  app = await serveRoute({
    '/sso/vouchie': sso.GET,
    '/whoami': async (request) => {
      seen.push(clientIp(request.headers));
      return new Response(null, { status: 204 });
    },
  });
});

// Every request here comes from 127.0.0.1: each test starts with that address's counters at zero.
beforeEach(async () => {
  await db().rateLimitBucket.deleteMany({ where: { key: { endsWith: ':127.0.0.1' } } });
});

afterAll(async () => {
  await app?.close();
});

describe('per-IP limits with no trusted proxy (default)', () => {
  it('ignores X-Forwarded-For and a forged peer header, and uses the socket address', async () => {
    seen = [];
    await fetch(`${app.url}/whoami`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    await fetch(`${app.url}/whoami`, { headers: { 'x-vouchie-peer': 'guess 198.51.100.8', 'x-real-ip': '198.51.100.9' } });
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('refuses the fourth SSO hand-off from one socket address however X-Forwarded-For rotates', async () => {
    const reasons: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${app.url}/sso/vouchie?token=not-a-jwt`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      reasons.push(new URL(response.headers.get('location') ?? '', 'http://x').searchParams.get('powod') ?? '');
    }
    expect(reasons).toEqual(['sso_invalid', 'sso_invalid', 'sso_invalid', 'sso_rate_limited', 'sso_rate_limited']);
  });
});
