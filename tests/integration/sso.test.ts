import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { holdLock, race } from './race';

const SECRET = 'integration-panel-secret-0123456789-abcdefghij';
// env() is read lazily: these must precede the first call.
process.env.VOUCHIE_SSO_SECRET = SECRET;
process.env.RATE_LIMIT_SSO_PER_IP = '3';

const { db } = await import('@/server/db/client');
const { mintSsoToken, signInWithSsoToken, sweepUsedSsoTokens } = await import('@/server/auth/sso');
type SsoClaimsInput = import('@/server/auth/sso').SsoClaimsInput;

const unique = () => randomUUID().slice(0, 8);
const ip = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID()}`;

function panelUser(overrides: Partial<SsoClaimsInput> = {}): SsoClaimsInput {
  const tag = unique();
  return {
    sub: `usr-${tag}`,
    email: `katarzyna.${tag}@spazdroj.pl`,
    name: 'Katarzyna Nowak',
    company: { id: `cmp-${tag}`, name: 'Spa Zdrój Kołobrzeg', plan: 'BIZNES' },
    locale: 'pl',
    ...overrides,
  };
}

async function handOff(claims: SsoClaimsInput, options: { jti?: string; ip?: string } = {}) {
  const token = await mintSsoToken({ ...claims, jti: options.jti ?? randomUUID() }, SECRET);
  return signInWithSsoToken({ token, ip: options.ip ?? ip() });
}

describe('SSO hand-off from the Vouchie panel', () => {
  it('refuses claims with U+0000 as an invalid token, and ignores a junk previous-session cookie, instead of failing', async () => {
    for (const claims of [
      panelUser({ name: 'Kasia\u0000 Nowak' }),
      panelUser({ sub: 'usr-\u0000' }),
      panelUser({ company: { id: 'c\u0000', name: 'Spa', plan: 'START' } }),
    ]) {
      expect(await handOff(claims)).toEqual({ ok: false, error: 'sso_invalid' });
    }
    const token = await mintSsoToken({ ...panelUser(), jti: randomUUID() }, SECRET);
    expect((await signInWithSsoToken({ token, ip: ip(), previousSessionToken: 'abc\u0000def' })).ok).toBe(true);
  });

  it('on first use creates the company, the user (a customer) and a database session', async () => {
    const claims = panelUser({ company_admin: true, locale: 'en', return_to: '/pomoc/zgloszenia?x=1' });
    const jti = randomUUID();
    const result = await handOff(claims, { jti });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.returnTo).toBe('/pomoc/zgloszenia?x=1');
    expect(result.value.locale).toBe('en');
    expect(result.value.cookie).toMatchObject({ name: 'authjs.session-token', options: { httpOnly: true, sameSite: 'lax', path: '/' } });

    const company = await db().company.findUniqueOrThrow({ where: { externalId: claims.company.id } });
    expect(company).toMatchObject({ name: 'Spa Zdrój Kołobrzeg', plan: 'BIZNES' });
    const user = await db().user.findUniqueOrThrow({ where: { externalId: claims.sub } });
    expect(user).toMatchObject({
      email: claims.email,
      name: 'Katarzyna Nowak',
      role: 'CUSTOMER',
      companyId: company.id,
      isCompanyAdmin: true,
      locale: 'en',
    });
    expect(user.emailVerified).not.toBeNull();

    const session = await db().session.findUniqueOrThrow({ where: { sessionToken: result.value.cookie.value } });
    expect(session.userId).toBe(user.id);
    expect(await db().ssoTokenUse.count({ where: { jti } })).toBe(1);
  });

  it('refuses a replay of the same jti and starts no second session', async () => {
    const claims = panelUser();
    const token = await mintSsoToken({ ...claims, jti: randomUUID() }, SECRET);
    const first = await signInWithSsoToken({ token, ip: ip() });
    expect(first.ok).toBe(true);
    const user = await db().user.findUniqueOrThrow({ where: { externalId: claims.sub } });

    const replay = await signInWithSsoToken({ token, ip: ip() });
    expect(replay).toEqual({ ok: false, error: 'sso_replayed' });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1);
  });

  it.each(['AGENT', 'ADMIN'] as const)('refuses a hand-off naming an %s by e-mail, changes nothing and starts no session', async (role) => {
    const email = `staff.${unique()}@vouchie.pl`;
    const staff = await db().user.create({ data: { email, name: 'Ewa Dąbrowska', role } });
    const claims = panelUser({ email, name: 'Przejęte Konto', company_admin: true });
    const jti = randomUUID();
    const result = await handOff(claims, { jti });
    expect(result).toEqual({ ok: false, error: 'sso_staff' });

    expect(await db().user.findUniqueOrThrow({ where: { id: staff.id } })).toEqual(staff);
    expect(await db().session.count({ where: { userId: staff.id } })).toBe(0);
    expect(await db().company.count({ where: { externalId: claims.company.id } })).toBe(0);
    expect(await db().user.count({ where: { email } })).toBe(1);
  });

  it('refuses a hand-off for the panel id an agent was once linked to, whatever e-mail it carries', async () => {
    const claims = panelUser();
    const staff = await db().user.create({
      data: { email: `agent.${unique()}@vouchie.pl`, name: 'Ewa Dąbrowska', role: 'AGENT', externalId: claims.sub },
    });
    expect(await handOff(claims)).toEqual({ ok: false, error: 'sso_staff' });
    expect(await db().user.findUniqueOrThrow({ where: { id: staff.id } })).toEqual(staff);
    expect(await db().user.count({ where: { email: claims.email } })).toBe(0);
  });

  it('never makes anyone staff: a new user is a customer whatever the token says', async () => {
    const claims = { ...panelUser(), role: 'ADMIN' } as SsoClaimsInput;
    expect((await handOff(claims)).ok).toBe(true);
    expect(await db().user.findUniqueOrThrow({ where: { externalId: claims.sub } })).toMatchObject({ role: 'CUSTOMER' });
  });

  it('updates the company plan and name from a later token, for the same user', async () => {
    const claims = panelUser({ company: { id: `cmp-${unique()}`, name: 'Escape Room Labirynt', plan: 'START' } });
    expect((await handOff(claims)).ok).toBe(true);
    const before = await db().user.findUniqueOrThrow({ where: { externalId: claims.sub } });

    const upgraded = { ...claims, company: { ...claims.company, name: 'Escape Room Labirynt Sp. z o.o.', plan: 'PREMIUM' as const } };
    expect((await handOff(upgraded)).ok).toBe(true);

    const company = await db().company.findUniqueOrThrow({ where: { externalId: claims.company.id } });
    expect(company).toMatchObject({ name: 'Escape Room Labirynt Sp. z o.o.', plan: 'PREMIUM' });
    const after = await db().user.findUniqueOrThrow({ where: { externalId: claims.sub } });
    expect(after.id).toBe(before.id);
    expect(after.companyId).toBe(company.id);
  });

  it('links a customer known by e-mail (from the contact form) to the panel user id', async () => {
    const email = `piotr.${unique()}@kwiaciarnia-rozana.pl`;
    const known = await db().user.create({ data: { email, name: 'Piotr' } });
    const claims = panelUser({ email, name: 'Piotr Zieliński' });
    expect((await handOff(claims)).ok).toBe(true);
    expect(await db().user.findUniqueOrThrow({ where: { id: known.id } })).toMatchObject({
      externalId: claims.sub,
      name: 'Piotr Zieliński',
      role: 'CUSTOMER',
    });
  });

  it('never merges two accounts that come to share an e-mail: the panel user keeps their account and stored address', async () => {
    const claims = panelUser();
    expect((await handOff(claims)).ok).toBe(true);
    const panelAccount = await db().user.findUniqueOrThrow({ where: { externalId: claims.sub } });
    // Someone else wrote in through the contact form from the address the panel user later switches to.
    const otherEmail = `biuro.${unique()}@spazdroj.pl`;
    const other = await db().user.create({ data: { email: otherEmail, name: 'Biuro' } });
    await db().ticket.create({ data: { subject: 'Faktura', category: 'BILLING', reporterId: other.id } });

    const result = await handOff({ ...claims, email: otherEmail });
    expect(result.ok).toBe(true);
    if (!result.ok) throw new Error('hand-off refused: asserted above');
    // Signed in as the panel's own account, which keeps its stored address; the other account is untouched.
    expect((await db().session.findUniqueOrThrow({ where: { sessionToken: result.value.cookie.value } })).userId).toBe(panelAccount.id);
    expect(await db().user.findUniqueOrThrow({ where: { id: panelAccount.id } })).toMatchObject({
      email: claims.email,
      externalId: claims.sub,
    });
    expect(await db().user.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({
      email: otherEmail,
      externalId: null,
      companyId: null,
    });
    expect(await db().ticket.count({ where: { reporterId: other.id } })).toBe(1);
    expect(await db().session.count({ where: { userId: other.id } })).toBe(0);
  });

  it('drops the company-admin flag when the user moves to another company and the token says nothing', async () => {
    const claims = panelUser({ company_admin: true });
    expect((await handOff(claims)).ok).toBe(true);
    const { company_admin: _flag, ...withoutFlag } = claims;
    const moved = { ...withoutFlag, company: { id: `cmp-${unique()}`, name: 'Hotel Pod Tatrami S.A.', plan: 'PREMIUM' as const } };
    expect((await handOff(moved)).ok).toBe(true);
    expect(await db().user.findUniqueOrThrow({ where: { externalId: claims.sub } })).toMatchObject({ isCompanyAdmin: false });
  });

  it('creates one user when first hand-offs of the same person race, from one company or from two', async () => {
    const claims = panelUser();
    // The same person handed off from another company at the same moment: that one is not queued behind the
    // first company's row, so it really races the others to create the user.
    const elsewhere = { ...claims, company: { id: `cmp-${unique()}`, name: 'Hotel Pod Tatrami S.A.', plan: 'PREMIUM' as const } };
    // Forced: another session holds an uncommitted account under the address, so all three hand-offs are under way
    // (waiting to create the user, or behind the company row) before any commits; it is rolled back once all wait.
    const lock = await holdLock([
      { sql: `INSERT INTO "User" ("id", "email", "updatedAt") VALUES (gen_random_uuid(), $1, now())`, params: [claims.email] },
    ]);
    const results = await race(lock, [() => handOff(claims), () => handOff(claims), () => handOff(elsewhere)]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(await db().user.count({ where: { email: claims.email } })).toBe(1);
    expect(await db().company.count({ where: { externalId: claims.company.id } })).toBe(1);
  });

  it('refuses a deactivated user', async () => {
    const claims = panelUser();
    expect((await handOff(claims)).ok).toBe(true);
    await db().user.update({ where: { externalId: claims.sub }, data: { active: false } });
    expect(await handOff(claims)).toEqual({ ok: false, error: 'sso_inactive' });
  });

  it('limits hand-offs per IP', async () => {
    const address = ip();
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await signInWithSsoToken({ token: 'not-a-token', ip: address }));
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error))).toEqual(['sso_invalid', 'sso_invalid', 'sso_invalid', 'sso_rate_limited']);
  });

  it('sweeps spent jtis once their token can no longer verify', async () => {
    const expired = `expired-${randomUUID()}`;
    const live = `live-${randomUUID()}`;
    await db().ssoTokenUse.createMany({
      data: [
        { jti: expired, expiresAt: new Date(Date.now() - 1_000) },
        { jti: live, expiresAt: new Date(Date.now() + 300_000) },
      ],
    });
    expect(await sweepUsedSsoTokens()).toBeGreaterThanOrEqual(1);
    expect(await db().ssoTokenUse.findUnique({ where: { jti: expired } })).toBeNull();
    expect(await db().ssoTokenUse.findUnique({ where: { jti: live } })).not.toBeNull();
  });
});
