import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiTokenKind } from '@/generated/prisma/enums';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import type { HeaderReader } from '@/server/http/plain';

/**
 * Server-to-server calls (the Vouchie panel, scripts): `Authorization: Bearer <token>`, where the token is either
 * one an admin created in /agent/admin/tokeny-api (stored only as its SHA-256) or the operator's SUPPORT_API_TOKEN
 * from the environment, which bootstraps a fresh install and keeps working for deployments that set it.
 */

/** Every token minted here starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'vst_';
/** A minted token's length is fixed; anything far longer is not worth hashing and looking up. */
const MAX_PRESENTED_LENGTH = 200;
/** lastUsedAt is a hint for admins ("still in use?"), not an audit log: one write a minute per token is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;
/**
 * How long a process trusts what it read about a minted token (found, not revoked, its expiry) before reading it
 * again: saves the look-up on all but one request in this window. A revocation in this process clears the entry
 * at once (revokeApiToken); another web instance honours it within this window. Expiry is checked every time.
 */
const LOOKUP_CACHE_MS = 5_000;
const LOOKUP_CACHE_MAX = 1_000;

interface CachedToken {
  id: string;
  kind: ApiTokenKind;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  readAt: number;
}
/**
 * Valid tokens by hash; unknown and revoked ones are never cached (a guessed token costs its look-up). On globalThis,
 * so the route handlers and the admin's revoke action share one map even where the bundler loads this module twice.
 */
const holder = globalThis as unknown as { vouchieApiTokenLookups?: Map<string, CachedToken> };
const lookups = (holder.vouchieApiTokenLookups ??= new Map<string, CachedToken>());

/** Forgets what this process read about a token (called when it is revoked here). */
export function forgetApiToken(tokenId: string): void {
  for (const [hash, cached] of lookups) if (cached.id === tokenId) lookups.delete(hash);
}

async function findValidToken(tokenHash: string, now: Date): Promise<CachedToken | null> {
  const cached = lookups.get(tokenHash);
  if (cached && now.getTime() - cached.readAt < LOOKUP_CACHE_MS && now.getTime() >= cached.readAt) return cached;
  lookups.delete(tokenHash);
  // Looked up by its hash (a unique index), so timing reveals nothing about stored secrets.
  const token = await db().apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, kind: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
  });
  if (!token || token.revokedAt) return null;
  if (lookups.size >= LOOKUP_CACHE_MAX) lookups.clear();
  const fresh = { id: token.id, kind: token.kind, expiresAt: token.expiresAt, lastUsedAt: token.lastUsedAt, readAt: now.getTime() };
  lookups.set(tokenHash, fresh);
  return fresh;
}

/** What is stored for a minted token: the hex SHA-256 of the whole secret (it carries 256 random bits, so no salt or slow hash is needed). */
export function hashApiToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export type ApiCaller = { kind: 'operator' } | { kind: 'token'; tokenId: string };

function bearerToken(headers: HeaderReader): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '');
  const token = match?.[1];
  return token && token.length <= MAX_PRESENTED_LENGTH ? token : null;
}

function isOperatorToken(presented: string): boolean {
  const expected = env().SUPPORT_API_TOKEN;
  if (!expected) return false;
  // Compare digests so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Who is calling the ticket API, or null for a missing, unknown, revoked or expired token, or a CTI token. */
export async function authenticateApiRequest(headers: HeaderReader, now = new Date()): Promise<ApiCaller | null> {
  const presented = bearerToken(headers);
  if (!presented) return null;
  if (isOperatorToken(presented)) return { kind: 'operator' };
  return mintedToken(presented, 'API', now);
}

/**
 * Who is posting to the CTI hook (/api/v1/cti/*): only a token an admin made of kind CTI. The operator's token and
 * ticket-API tokens are refused, so a PBX's credential cannot file tickets and the panel's cannot fake calls.
 */
export async function authenticateCtiRequest(headers: HeaderReader, now = new Date()): Promise<{ kind: 'token'; tokenId: string } | null> {
  const presented = bearerToken(headers);
  if (!presented) return null;
  return mintedToken(presented, 'CTI', now);
}

async function mintedToken(presented: string, kind: ApiTokenKind, now: Date): Promise<{ kind: 'token'; tokenId: string } | null> {
  if (!presented.startsWith(API_TOKEN_PREFIX)) return null;

  const token = await findValidToken(hashApiToken(presented), now);
  if (!token || token.kind !== kind || (token.expiresAt && token.expiresAt <= now)) return null;

  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests within the same minute write at most once between them.
    await db().apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
    token.lastUsedAt = now;
  }
  return { kind: 'token', tokenId: token.id };
}

export async function isValidApiRequest(headers: HeaderReader, now = new Date()): Promise<boolean> {
  return (await authenticateApiRequest(headers, now)) !== null;
}
