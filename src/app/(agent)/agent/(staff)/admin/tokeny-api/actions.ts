'use server';

import { runAction, type ActionContext, type ActionResult } from '@/server/actions/run-action';
import { createApiToken, revokeApiToken, type ApiTokenError } from '@/server/admin/api-tokens';
import type { CreateApiTokenInput } from '@/server/admin/api-token-schemas';

/** The API tokens page's actions: create (answers with the secret, once) and revoke. */

export type CreatedApiToken = { name: string; secret: string; prefix: string };

function describe(error: Exclude<ApiTokenError, { kind: 'invalid' }>, { t }: ActionContext) {
  return { formError: t(`adminApiTokens.errors.${error.kind}`) };
}

export async function createApiTokenAction(input: CreateApiTokenInput): Promise<ActionResult<CreatedApiToken>> {
  return runAction({
    name: 'createApiToken',
    run: ({ principal }) => createApiToken(principal, input),
    expected: describe,
    success: ({ name, secret, prefix }, { t }) => ({
      data: { name, secret, prefix },
      message: t('adminApiTokens.toast.created', { name }),
    }),
  });
}

export async function revokeApiTokenAction(tokenId: string): Promise<ActionResult> {
  return runAction({
    name: 'revokeApiToken',
    run: ({ principal }) => revokeApiToken(principal, tokenId),
    expected: describe,
    success: (_value, { t }) => ({ data: null, message: t('adminApiTokens.toast.revoked') }),
  });
}
