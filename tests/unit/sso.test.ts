import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { safeReturnPath, sameSitePath } from '@/server/auth/return-path';
import { mintSsoToken, SSO_AUDIENCE, SSO_ISSUER, verifySsoToken, type SsoClaimsInput } from '@/server/auth/sso';

const SECRET = 'unit-test-panel-secret-0123456789-abcdefghij';
const now = new Date('2026-11-27T10:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const key = new TextEncoder().encode(SECRET);

const claims: SsoClaimsInput = {
  sub: 'usr-48213',
  email: 'Katarzyna@SpaZdroj.pl',
  name: 'Katarzyna Nowak',
  company: { id: 'cmp-spa', name: 'Spa Zdrój Kołobrzeg', plan: 'BIZNES' },
  locale: 'pl',
  company_admin: true,
};

/** A token built by hand, for the shapes mintSsoToken refuses to make. */
async function handMade(payload: JWTPayload, { alg = 'HS256', secret = key }: { alg?: string; secret?: Uint8Array } = {}) {
  return new SignJWT({
    email: 'katarzyna@spazdroj.pl',
    name: 'Katarzyna Nowak',
    company: { id: 'cmp-spa', name: 'Spa Zdrój', plan: 'BIZNES' },
    locale: 'pl',
    iss: SSO_ISSUER,
    aud: SSO_AUDIENCE,
    sub: 'usr-48213',
    jti: 'b8a4f0c2-6a0e-4c8e-9d1f-3f2a1b0c9d8e',
    iat: nowSeconds,
    exp: nowSeconds + 120,
    ...payload,
  })
    .setProtectedHeader({ alg })
    .sign(secret);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('SSO hand-off tokens', () => {
  it('accepts a token minted with the shared secret and returns the claims as an identity', async () => {
    const token = await mintSsoToken({ ...claims, jti: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }, SECRET, { now });
    const result = await verifySsoToken(token, SECRET, now);
    expect(result).toEqual({
      ok: true,
      value: {
        panelUserId: 'usr-48213',
        email: 'katarzyna@spazdroj.pl',
        name: 'Katarzyna Nowak',
        company: { externalId: 'cmp-spa', name: 'Spa Zdrój Kołobrzeg', plan: 'BIZNES' },
        isCompanyAdmin: true,
        locale: 'pl',
        jti: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
        usableUntil: new Date((nowSeconds + 120 + 30) * 1000),
        returnTo: '/pomoc/kontakt',
      },
    });
  });

  it('refuses an expired token as expired, but tolerates a few seconds of clock skew', async () => {
    const token = await mintSsoToken(claims, SECRET, { now, lifetimeSeconds: 120 });
    expect(await verifySsoToken(token, SECRET, new Date(now.getTime() + 130_000))).toMatchObject({ ok: true });
    expect(await verifySsoToken(token, SECRET, new Date(now.getTime() + 10 * 60_000))).toEqual({ ok: false, error: 'sso_expired' });
  });

  it('refuses a token that lives longer than 300 seconds, even while it is fresh', async () => {
    const token = await handMade({ exp: nowSeconds + 301 });
    expect(await verifySsoToken(token, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
    expect(await verifySsoToken(await handMade({ exp: nowSeconds + 300 }), SECRET, now)).toMatchObject({ ok: true });
    await expect(mintSsoToken(claims, SECRET, { lifetimeSeconds: 301 })).rejects.toThrow(RangeError);
  });

  it('refuses a token issued in the future beyond the clock skew', async () => {
    const token = await handMade({ iat: nowSeconds + 120, exp: nowSeconds + 240 });
    expect(await verifySsoToken(token, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
  });

  it('refuses a tampered signature or payload', async () => {
    const token = await mintSsoToken(claims, SECRET, { now });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await verifySsoToken(`${header}.${payload}.${flipped}`, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });

    const forged = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), email: 'mallory@evil.pl' });
    expect(await verifySsoToken(`${header}.${forged}.${signature}`, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mintSsoToken(claims, 'another-panel-secret-0123456789-abcdefghij', { now });
    expect(await verifySsoToken(token, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
  });

  it('refuses the wrong audience or issuer', async () => {
    expect(await verifySsoToken(await handMade({ aud: 'vouchie-api' }), SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
    expect(await verifySsoToken(await handMade({ iss: 'evil-panel' }), SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
  });

  it('refuses alg "none", RS256 and any HMAC other than HS256', async () => {
    const payload = {
      iss: SSO_ISSUER,
      aud: SSO_AUDIENCE,
      sub: 'usr-1',
      jti: 'b8a4f0c2-6a0e-4c8e-9d1f-3f2a1b0c9d8e',
      iat: nowSeconds,
      exp: nowSeconds + 60,
    };
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    expect(await verifySsoToken(unsigned, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });

    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect(await verifySsoToken(rs256, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
    // The classic confusion: an "RS256" token whose HMAC key is the public key's text.
    const publicJwk = JSON.stringify(await exportJWK(publicKey));
    expect(await verifySsoToken(rs256, publicJwk, now)).toEqual({ ok: false, error: 'sso_invalid' });

    expect(await verifySsoToken(await handMade({}, { alg: 'HS512' }), SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
  });

  it('refuses malformed tokens and incomplete claim sets', async () => {
    for (const garbage of ['', 'garbage', 'a.b.c', `${'x'.repeat(9000)}.y.z`]) {
      expect(await verifySsoToken(garbage, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
    }
    expect(await verifySsoToken(null, SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
    expect(await verifySsoToken(await handMade({ email: 'not-an-address' }), SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
    expect(await verifySsoToken(await handMade({ company: { id: 'cmp-spa', name: 'Spa', plan: 'GOLD' } }), SECRET, now)).toEqual({
      ok: false,
      error: 'sso_invalid',
    });
    expect(await verifySsoToken(await handMade({ locale: 'de' }), SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
    expect(await verifySsoToken(await handMade({ jti: 'short' }), SECRET, now)).toEqual({ ok: false, error: 'sso_invalid' });
  });

  it('refuses every token while no secret is configured', async () => {
    const token = await mintSsoToken(claims, SECRET, { now });
    expect(await verifySsoToken(token, undefined, now)).toEqual({ ok: false, error: 'sso_unavailable' });
  });

  it.each([
    ['//evil.com', '/pomoc/kontakt'],
    ['https://evil.com', '/pomoc/kontakt'],
    ['/\\evil.com', '/pomoc/kontakt'],
    ['\\\\evil.com', '/pomoc/kontakt'],
    ['javascript:alert(1)', '/pomoc/kontakt'],
    ['/\t/evil.com', '/pomoc/kontakt'],
    ['/pomoc//evil.com', '/pomoc/kontakt'],
    ['pomoc/zgloszenia', '/pomoc/kontakt'],
    ['/pomoc/zgloszenia?x=1', '/pomoc/zgloszenia?x=1'],
    ['/pomoc/zgloszenia/VCH-10001#odpowiedz', '/pomoc/zgloszenia/VCH-10001#odpowiedz'],
  ])('return_to %j leads to %s', async (returnTo, expected) => {
    expect(safeReturnPath(returnTo, '/pomoc/kontakt')).toBe(expected);
    const token = await mintSsoToken({ ...claims, return_to: returnTo }, SECRET, { now });
    const result = await verifySsoToken(token, SECRET, now);
    expect(result.ok && result.value.returnTo).toBe(expected);
  });
});

describe('where Auth.js may send someone after a magic link or sign-out', () => {
  const origins = ['http://localhost:3291', 'https://support.vouchie.pl'];

  it('keeps paths of this site, always as a relative path', () => {
    expect(sameSitePath('/pomoc/kontakt', origins)).toBe('/pomoc/kontakt');
    expect(sameSitePath('https://support.vouchie.pl/agent?x=1#top', origins)).toBe('/agent?x=1#top');
    // Next.js reports 127.0.0.1 as localhost: the same site.
    expect(sameSitePath('http://127.0.0.1:3291/pomoc/zgloszenia', origins)).toBe('/pomoc/zgloszenia');
  });

  it('sends anything else to the home page', () => {
    for (const url of ['https://evil.example/pomoc', '//evil.example', 'http://localhost:9999/x', 'javascript:alert(1)', 'not a url']) {
      expect(sameSitePath(url, origins)).toBe('/');
    }
  });
});
