'use server';

import { randomUUID } from 'node:crypto';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { createApiToken, revokeApiToken, type ApiTokenError } from '@/server/admin/api-tokens';
import type { CreateApiTokenInput } from '@/server/admin/api-token-schemas';
import { logger } from '@/server/logger';
import { isLocale, type Locale } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';

/** The API tokens page's actions: create (answers with the secret, once) and revoke. */

export type CreateApiTokenResult =
  | { ok: true; message: string; token: { name: string; secret: string; prefix: string } }
  | { ok: false; message: string | null; fieldErrors: Record<string, string[]> };
export type RevokeApiTokenResult = { ok: true; message: string } | { ok: false; message: string };

async function requestLocale(): Promise<Locale> {
  const locale = await getLocale();
  return isLocale(locale) ? locale : 'pl';
}

function describe(error: Exclude<ApiTokenError, { kind: 'invalid' }>, t: ReturnType<typeof translator>): string {
  return t(`adminApiTokens.errors.${error.kind}`);
}

function failure(action: string, error: unknown, t: ReturnType<typeof translator>): string {
  const requestId = randomUUID();
  logger.error({ err: error, requestId, action }, 'API token action failed');
  return `${t('adminApiTokens.errors.tryAgain')} (${requestId.slice(0, 8)})`;
}

export async function createApiTokenAction(input: CreateApiTokenInput): Promise<CreateApiTokenResult> {
  const locale = await requestLocale();
  const t = translator(locale);
  try {
    const result = await createApiToken(principalFrom({ viewer: await getViewer() }), input);
    if (result.ok) {
      refresh();
      const { name, secret, prefix } = result.value;
      return { ok: true, message: t('adminApiTokens.toast.created', { name }), token: { name, secret, prefix } };
    }
    if (result.error.kind === 'invalid') return { ok: false, message: null, fieldErrors: translateFieldErrors(result.error.fieldErrors, locale) };
    return { ok: false, message: describe(result.error, t), fieldErrors: {} };
  } catch (error) {
    return { ok: false, message: failure('createApiToken', error, t), fieldErrors: {} };
  }
}

export async function revokeApiTokenAction(tokenId: string): Promise<RevokeApiTokenResult> {
  const t = translator(await requestLocale());
  try {
    const result = await revokeApiToken(principalFrom({ viewer: await getViewer() }), tokenId);
    if (result.ok) {
      refresh();
      return { ok: true, message: t('adminApiTokens.toast.revoked') };
    }
    return { ok: false, message: result.error.kind === 'invalid' ? t('adminApiTokens.errors.tryAgain') : describe(result.error, t) };
  } catch (error) {
    return { ok: false, message: failure('revokeApiToken', error, t) };
  }
}
