'use server';

import { runAction, type ActionContext, type ActionResult, type Expected } from '@/server/actions/run-action';
import type { Principal } from '@/server/auth/policy';
import { deleteCannedResponse, saveCannedResponse, setCannedResponseActive, type CannedError } from '@/server/canned/responses';
import type { CannedResponseInput } from '@/server/canned/schemas';
import type { Result } from '@/server/result';

function describe(error: Exclude<CannedError, { kind: 'invalid' }>, { t }: ActionContext): Expected {
  switch (error.kind) {
    case 'forbidden':
      return { formError: t('adminCanned.errors.forbidden') };
    case 'not_found':
      return { formError: t('adminCanned.errors.notFound') };
    case 'unknown_placeholders':
      return {
        fieldErrors: {
          body: [
            t('adminCanned.errors.unknownPlaceholders', {
              count: error.names.length,
              names: error.names.map((n) => `{{${n}}}`).join(', '),
            }),
          ],
        },
      };
  }
}

function runCannedAction(
  name: string,
  work: (principal: Principal) => Promise<Result<{ id: string }, CannedError>>,
): Promise<ActionResult<{ id: string }>> {
  return runAction({ name, run: ({ principal }) => work(principal), expected: describe, success: ({ id }) => ({ data: { id } }) });
}

export async function saveCanned(id: string | null, input: CannedResponseInput): Promise<ActionResult<{ id: string }>> {
  return runCannedAction('saveCanned', (principal) => saveCannedResponse(principal, id, input));
}

export async function setCannedActive(id: string, active: boolean): Promise<ActionResult<{ id: string }>> {
  return runCannedAction('setCannedActive', (principal) => setCannedResponseActive(principal, id, active));
}

export async function deleteCanned(id: string): Promise<ActionResult<{ id: string }>> {
  return runCannedAction('deleteCanned', (principal) => deleteCannedResponse(principal, id));
}
