import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const { createApiToken, listApiTokens, revokeApiToken } = await import('@/server/admin/api-tokens');
const { authenticateApiRequest, isValidApiRequest } = await import('@/server/auth/api-token');
const { GET: getTicket } = await import('@/app/api/v1/tickets/[number]/route');
const { NextRequest } = await import('next/server');

const tag = () => randomUUID().slice(0, 8);
const MINUTE = 60_000;

async function person(role: Role): Promise<{ id: string; principal: Principal }> {
  const user = await db().user.create({ data: { email: `${role.toLowerCase()}.${tag()}@vouchie.test`, name: `${role} ${tag()}`, role } });
  return { id: user.id, principal: { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false } };
}

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

/** The REST API's answer to GET /api/v1/tickets/VCH-1 (a number no ticket has): 404 when let in, 401 when not. */
async function apiStatus(token: string): Promise<number> {
  const response = await getTicket(new NextRequest('http://localhost:3000/api/v1/tickets/VCH-1', { headers: bearer(token) }), {
    params: Promise.resolve({ number: 'VCH-1' }),
  });
  return response.status;
}

async function newToken(principal: Principal, input: { name: string; expiresInDays?: number | null }, now?: Date) {
  const created = await createApiToken(principal, input, now);
  if (!created.ok) throw new Error(`token refused: ${JSON.stringify(created.error)}`);
  return created.value;
}

describe('admin-managed API tokens', () => {
  it('shows the secret once, stores only its SHA-256 and a short prefix, and the API accepts it until it is revoked', async () => {
    const admin = await person('ADMIN');
    const token = await newToken(admin.principal, { name: 'Panel Vouchie (produkcja)' });
    expect(token.secret).toMatch(/^vst_[A-Za-z0-9_-]{43}$/);
    expect(token.prefix).toBe(token.secret.slice(0, 8));

    const row = await db().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(token.secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token.secret.slice(4));
    expect(row).toMatchObject({
      name: 'Panel Vouchie (produkcja)',
      createdById: admin.id,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    });

    expect(await apiStatus(token.secret)).toBe(404);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).not.toBeNull();

    expect(await revokeApiToken(admin.principal, token.id)).toEqual({ ok: true, value: null });
    expect(await apiStatus(token.secret)).toBe(401);
    expect(await revokeApiToken(admin.principal, token.id)).toEqual({ ok: false, error: { kind: 'already_revoked' } });
    const revoked = await db().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(revoked.revokedById).toBe(admin.id);
  });

  it('refuses an expired token, and lists each token with its status', async () => {
    const admin = await person('ADMIN');
    const longAgo = new Date(Date.now() - 3 * 24 * 60 * MINUTE);
    const expired = await newToken(admin.principal, { name: `Wygasły ${tag()}`, expiresInDays: 1 }, longAgo);
    const fresh = await newToken(admin.principal, { name: `Świeży ${tag()}`, expiresInDays: 30 });
    expect(fresh.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * MINUTE);

    expect(await apiStatus(expired.secret)).toBe(401);
    expect(await apiStatus(fresh.secret)).toBe(404);

    const list = await listApiTokens(admin.principal);
    if (!list.ok) throw new Error('list refused');
    expect(list.value.find((t) => t.id === expired.id)).toMatchObject({ status: 'expired', prefix: expired.prefix });
    expect(list.value.find((t) => t.id === fresh.id)).toMatchObject({
      status: 'active',
      createdBy: { email: expect.stringContaining('admin.') },
    });
    expect(list.value.some((t) => 'tokenHash' in t)).toBe(false);
  });

  it('keeps accepting SUPPORT_API_TOKEN from the environment, and refuses unknown, malformed and missing tokens', async () => {
    expect(process.env.SUPPORT_API_TOKEN).toBeTruthy();
    expect(await authenticateApiRequest(bearer(process.env.SUPPORT_API_TOKEN ?? ''))).toEqual({ kind: 'operator' });
    expect(await apiStatus(process.env.SUPPORT_API_TOKEN ?? '')).toBe(404);

    expect(await apiStatus(`vst_${'A'.repeat(43)}`)).toBe(401);
    expect(await apiStatus('not-a-token')).toBe(401);
    expect(await isValidApiRequest(new Headers())).toBe(false);
    expect(await isValidApiRequest(new Headers({ authorization: 'Basic abc' }))).toBe(false);
  });

  it('records use at most once a minute per token', async () => {
    const admin = await person('ADMIN');
    const token = await newToken(admin.principal, { name: `Skrypt ${tag()}` });
    const t0 = new Date();
    const lastUsed = async () => (await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt?.getTime();

    expect(await authenticateApiRequest(bearer(token.secret), t0)).toEqual({ kind: 'token', tokenId: token.id });
    expect(await lastUsed()).toBe(t0.getTime());
    await authenticateApiRequest(bearer(token.secret), new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toBe(t0.getTime());
    const later = new Date(t0.getTime() + MINUTE + 1);
    await authenticateApiRequest(bearer(token.secret), later);
    expect(await lastUsed()).toBe(later.getTime());
  });

  it('validates the form and refuses non-admins', async () => {
    const admin = await person('ADMIN');
    const agent = await person('AGENT');
    const invalid = await createApiToken(admin.principal, { name: ' x ', expiresInDays: 0 });
    expect(invalid).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        fieldErrors: { name: ['adminApiTokens.errors.nameTooShort'], expiresInDays: ['adminApiTokens.errors.expiresInDays'] },
      },
    });

    const token = await newToken(admin.principal, { name: `Do odwołania ${tag()}` });
    for (const principal of [agent.principal, { kind: 'guest' } as const, { kind: 'api' } as const]) {
      expect(await createApiToken(principal, { name: 'Nie wolno' })).toEqual({ ok: false, error: { kind: 'forbidden' } });
      expect(await listApiTokens(principal)).toEqual({ ok: false, error: { kind: 'forbidden' } });
      expect(await revokeApiToken(principal, token.id)).toEqual({ ok: false, error: { kind: 'forbidden' } });
    }
    expect(await apiStatus(token.secret)).toBe(404);
    expect(await revokeApiToken(admin.principal, randomUUID())).toEqual({ ok: false, error: { kind: 'not_found' } });
  });
});
