import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

// Small limits for this file; env() is read lazily, so this must precede the first call.
process.env.RATE_LIMIT_SIGN_IN_PER_IP = '4';
process.env.RATE_LIMIT_SIGN_IN_PER_EMAIL = '2';

const { NextRequest } = await import('next/server');
const { db } = await import('@/server/db/client');
const { POST, GET } = await import('@/app/api/auth/[...nextauth]/route');
const { requestMagicLink } = await import('@/server/auth/magic-link');
const { createDatabaseSession, sessionCookieName } = await import('@/server/auth/session');
const { getViewerForRequest } = await import('@/server/auth/viewer');

const APP_URL = process.env.APP_URL!;
const tag = () => randomUUID().slice(0, 8);
/** An address no other test (or earlier run in this window) has counted against. */
const freshIp = () => `203.0.113.7-${randomUUID()}`;

/** A magic-link request as the sign-in form posts it to Auth.js. */
function askForLink(email: string, ip: string, headers: Record<string, string> = {}) {
  return POST(
    new NextRequest(`${APP_URL}/api/auth/signin/email`, {
      method: 'POST',
      body: new URLSearchParams({ email }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip, ...headers },
    }),
  );
}

describe('sign-in rate limits', () => {
  it('refuses a third magic link for one address within the window, from any IP, with 429, Retry-After and a localised message', async () => {
    const email = `anna.${tag()}@kwiaciarnia.pl`;
    const statuses = [];
    for (let i = 0; i < 2; i++) statuses.push((await askForLink(email, freshIp())).status);
    expect(statuses).not.toContain(429);

    const refused = await askForLink(email.toUpperCase(), freshIp());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/\S/) });
    const inEnglish = await askForLink(email, freshIp(), { cookie: 'NEXT_LOCALE=en' });
    expect(inEnglish.status).toBe(429);
    const [pl, en] = [(await (await askForLink(email, freshIp())).json()).message, (await inEnglish.json()).message];
    expect(en).not.toBe(pl);

    // Another address is not affected.
    expect((await askForLink(`inna.${tag()}@kwiaciarnia.pl`, freshIp())).status).not.toBe(429);
  });

  it('refuses the fifth sign-in request from one IP, whatever the address', async () => {
    const ip = freshIp();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await askForLink(`osoba${i}.${tag()}@firma.pl`, ip)).status);
    expect(statuses.slice(0, 4)).not.toContain(429);
    expect(statuses[4]).toBe(429);
    // Every sign-in POST counts against the IP, not only requests for a link.
    const signOut = await POST(new NextRequest(`${APP_URL}/api/auth/signout`, { method: 'POST', headers: { 'x-forwarded-for': ip } }));
    expect(signOut.status).toBe(429);
  });

  it('applies the same limits to the sign-in pages, which reach Auth.js without the route', async () => {
    const email = `piotr.${tag()}@kwiaciarnia.pl`;
    for (let i = 0; i < 2; i++) expect((await askForLink(email, freshIp())).status).not.toBe(429);
    expect(await requestMagicLink({ email, redirectTo: '/pomoc', ip: freshIp(), fallback: '/pomoc' })).toEqual({
      ok: false,
      error: { kind: 'rateLimited' },
    });

    const ip = freshIp();
    for (let i = 0; i < 4; i++) expect((await askForLink(`ktos${i}.${tag()}@firma.pl`, ip)).status).not.toBe(429);
    expect(await requestMagicLink({ email: `nowy.${tag()}@firma.pl`, redirectTo: '/pomoc', ip, fallback: '/pomoc' })).toEqual({
      ok: false,
      error: { kind: 'rateLimited' },
    });
  });
});

describe('the mailed sign-in link', () => {
  it('points at APP_URL even when the request carries a forged Host', async () => {
    const user = await db().user.create({ data: { email: `ola.${tag()}@spazdroj.pl`, name: 'Ola' } });
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    // Auth.js wants its CSRF token (cookie + form field) before it sends a link.
    const csrf = await GET(new NextRequest('http://evil.example/api/auth/csrf', { headers: forged }));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const response = await POST(
      new NextRequest('http://evil.example/api/auth/signin/email', {
        method: 'POST',
        body: new URLSearchParams({ email: user.email, csrfToken, callbackUrl: '/pomoc' }),
        headers: { ...forged, cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': freshIp() },
      }),
    );
    expect(response.status).toBeLessThan(400);
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { toEmail: user.email, template: 'auth.magicLink' } });
    const links = [...mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
    expect(links.some((link) => link.includes('/api/auth/callback/email'))).toBe(true);
    for (const link of links) expect(new URL(link).origin).toBe(new URL(APP_URL).origin);
    expect(`${mail.text}${mail.html}`).not.toContain('evil.example');
  });
});

describe('sessions', () => {
  const asRequest = (token: string) =>
    new Request(`${APP_URL}/pomoc`, { headers: { cookie: `${sessionCookieName()}=${encodeURIComponent(token)}` } });

  it('sign the user in until the session expires, and never after', async () => {
    const user = await db().user.create({ data: { email: `ewa.${tag()}@spazdroj.pl`, name: 'Ewa' } });
    const cookie = await createDatabaseSession(user.id);
    const days = (cookie.options.expires.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(await getViewerForRequest(asRequest(cookie.value))).toMatchObject({ kind: 'user', user: { id: user.id } });

    // A minute before its end the session still holds; once its end has passed the same cookie is a guest's.
    await db().session.update({ where: { sessionToken: cookie.value }, data: { expires: new Date(Date.now() + 60_000) } });
    expect((await getViewerForRequest(asRequest(cookie.value))).kind).toBe('user');
    await db().session.update({ where: { sessionToken: cookie.value }, data: { expires: new Date(Date.now() - 1_000) } });
    expect(await getViewerForRequest(asRequest(cookie.value))).toEqual({ kind: 'guest' });
  });
});
