import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendingProxy, serveRoute, type Listening } from './client-address-stack';

// One appending proxy in front of the app; env() is read lazily, so these precede its first use.
process.env.TRUSTED_PROXY_HOPS = '1';
process.env.RATE_LIMIT_UPLOADS_PER_IP = '3';
process.env.RATE_LIMIT_SSO_PER_IP = '3';
process.env.VOUCHIE_SSO_SECRET = 'integration-panel-secret-0123456789-abcdefghij';

const { db } = await import('@/server/db/client');
const { installPeerAddressHeader } = await import('@/server/client-address');
const { clientIp } = await import('@/server/rate-limit');
const { FORM_SESSION_COOKIE, issueFormSession } = await import('@/server/attachments/form-session');
const uploads = await import('@/app/api/uploads/route');
const sso = await import('@/app/sso/vouchie/route');

let app: Listening;
let proxy: Listening;
let seen: string[] = [];

beforeAll(async () => {
  installPeerAddressHeader();
  app = await serveRoute({
    '/api/uploads': uploads.POST,
    '/sso/vouchie': sso.GET,
    '/whoami': async (request) => {
      seen.push(clientIp(request.headers));
      return new Response(null, { status: 204 });
    },
  });
  proxy = await appendingProxy(app.url);
});

// Every request here comes from 127.0.0.1: each test starts with that address's counters at zero.
beforeEach(async () => {
  await db().rateLimitBucket.deleteMany({ where: { key: { endsWith: ':127.0.0.1' } } });
});

afterAll(async () => {
  await proxy?.close();
  await app?.close();
});

const forged = () => `203.0.113.${Math.floor(Math.random() * 250)}, 10.${Math.floor(Math.random() * 250)}.0.1`;

function uploadForm(): FormData {
  const form = new FormData();
  form.append('file', new Blob([`log line ${randomUUID()}\n`]), 'app.log');
  return form;
}

describe('per-IP limits behind one appending proxy (TRUSTED_PROXY_HOPS=1)', () => {
  it('takes the hop the proxy appended, not the ones the client wrote', async () => {
    seen = [];
    await fetch(`${proxy.url}/whoami`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    await fetch(`${proxy.url}/whoami`);
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('counts uploads with a rotated X-Forwarded-For against the one real address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${proxy.url}/api/uploads`, {
        method: 'POST',
        body: uploadForm(),
        headers: { 'x-forwarded-for': forged(), cookie: `${FORM_SESSION_COOKIE}=${issueFormSession()}` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('counts SSO hand-offs with a rotated X-Forwarded-For against the one real address', async () => {
    const reasons: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${proxy.url}/sso/vouchie?token=not-a-jwt`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': forged() },
      });
      reasons.push(new URL(response.headers.get('location') ?? '', 'http://x').searchParams.get('powod') ?? '');
    }
    expect(reasons).toEqual(['sso_invalid', 'sso_invalid', 'sso_invalid', 'sso_rate_limited', 'sso_rate_limited']);
  });
});
