import { randomBytes } from 'node:crypto';
import { db } from '@/server/db/client';
import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { API_TOKEN_PREFIX, forgetApiToken, hashApiToken } from '@/server/auth/api-token';
import { childLogger } from '@/server/logger';
import { err, ok, type Result } from '@/server/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { apiTokenIdSchema, createApiTokenSchema } from './api-token-schemas';

/**
 * API tokens for the REST API, issued and revoked by admins on /agent/admin/tokeny-api. The secret is shown once,
 * at creation; only its SHA-256 is stored (src/server/auth/api-token.ts checks requests against it), plus its
 * first characters so admins can tell tokens apart.
 */

const audit = childLogger({ module: 'admin-api-tokens' });

/** `vst_` and the first four random characters: enough to recognise a token, far too little to guess it. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 4;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ApiTokenError =
  { kind: 'forbidden' } | { kind: 'invalid'; fieldErrors: FieldErrors } | { kind: 'not_found' } | { kind: 'already_revoked' };

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

export interface ApiTokenRow {
  id: string;
  name: string;
  kind: 'API' | 'CTI';
  prefix: string;
  createdAt: Date;
  createdBy: { name: string | null; email: string } | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  status: ApiTokenStatus;
}

function adminId(principal: Principal): string | null {
  return principal.kind === 'user' && canAccessAdmin(principal) ? principal.userId : null;
}

/** `vst_` + 43 base64url characters (32 random bytes). */
export function generateApiTokenSecret(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function apiTokenStatus(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiTokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
}

/** Creates a token and returns its secret: the only time anyone sees it. */
export async function createApiToken(
  principal: Principal,
  input: unknown,
  now = new Date(),
): Promise<Result<{ id: string; name: string; secret: string; prefix: string; expiresAt: Date | null }, ApiTokenError>> {
  const actorId = adminId(principal);
  if (!actorId) return err({ kind: 'forbidden' });
  const parsed = createApiTokenSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });

  const secret = generateApiTokenSecret();
  const prefix = secret.slice(0, DISPLAY_PREFIX_LENGTH);
  const expiresAt = parsed.data.expiresInDays ? new Date(now.getTime() + parsed.data.expiresInDays * DAY_MS) : null;
  const token = await db().apiToken.create({
    data: {
      name: parsed.data.name,
      kind: parsed.data.kind ?? 'API',
      prefix,
      tokenHash: hashApiToken(secret),
      createdById: actorId,
      createdAt: now,
      expiresAt,
    },
    select: { id: true },
  });
  audit.info({ action: 'create', actorId, tokenId: token.id, prefix, expiresAt }, 'API token created');
  return ok({ id: token.id, name: parsed.data.name, secret, prefix, expiresAt });
}

/** Every token, newest first, with who created it and whether it still works. */
export async function listApiTokens(principal: Principal, now = new Date()): Promise<Result<ApiTokenRow[], ApiTokenError>> {
  if (!adminId(principal)) return err({ kind: 'forbidden' });
  const tokens = await db().apiToken.findMany({
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      kind: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      createdBy: { select: { name: true, email: true } },
    },
  });
  return ok(tokens.map((token) => ({ ...token, status: apiTokenStatus(token, now) })));
}

/** Revoked at once: the next request with it to this process gets 401, to another web instance within 5 s (api-token.ts). */
export async function revokeApiToken(principal: Principal, tokenId: unknown, now = new Date()): Promise<Result<null, ApiTokenError>> {
  const actorId = adminId(principal);
  if (!actorId) return err({ kind: 'forbidden' });
  const id = apiTokenIdSchema.safeParse(tokenId);
  if (!id.success) return err({ kind: 'not_found' });
  const revoked = await db().apiToken.updateMany({
    where: { id: id.data, revokedAt: null },
    data: { revokedAt: now, revokedById: actorId },
  });
  if (revoked.count === 0) {
    const exists = await db().apiToken.count({ where: { id: id.data } });
    return err(exists ? { kind: 'already_revoked' } : { kind: 'not_found' });
  }
  forgetApiToken(id.data);
  audit.info({ action: 'revoke', actorId, tokenId: id.data }, 'API token revoked');
  return ok(null);
}
