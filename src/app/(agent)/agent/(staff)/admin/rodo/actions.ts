'use server';

import { runAction, type ActionContext, type ActionResult } from '@/server/actions/run-action';
import { privacyPersonPath } from '@/server/links';
import { lookUpPerson } from '@/server/privacy/access';
import { requestErasure, type ErasureBlocker, type ErasureError } from '@/server/privacy/erasure';
import { queueDataExport, type QueueExportError } from '@/server/privacy/export-jobs';
import { placeLegalHold, releaseLegalHold, type HoldError } from '@/server/privacy/holds';
import { saveRetentionPolicy, type RetentionError } from '@/server/privacy/retention';
import type { ErasureRequestInput, LegalHoldInput, PersonLookupInput, RetentionPolicyInput } from '@/server/privacy/schemas';

/** The RODO page's actions (/agent/admin/rodo): look a person up, erase, export in the background, rules, holds. */

type Simple = { kind: 'forbidden' } | { kind: 'not_found' } | { kind: 'already_queued' };

function describe(error: Simple, { t }: ActionContext) {
  return { formError: t(`rodo.errors.${error.kind}`) };
}

export async function lookUpPersonAction(input: PersonLookupInput): Promise<ActionResult<{ href: string }>> {
  return runAction({
    name: 'privacyLookUpPerson',
    run: ({ principal }) => lookUpPerson(principal, input),
    expected: (error, context) => describe(error.kind === 'too_large' ? { kind: 'not_found' } : error, context),
    success: ({ id }) => ({ data: { href: privacyPersonPath(id) } }),
    refresh: false,
  });
}

export async function requestErasureAction(input: ErasureRequestInput): Promise<ActionResult<{ tombstone: string }, ErasureBlocker[]>> {
  return runAction({
    name: 'privacyRequestErasure',
    run: ({ principal }) => requestErasure(principal, input),
    expected: (error: Exclude<ErasureError, { kind: 'invalid' }>, context) =>
      error.kind === 'blocked'
        ? { formError: context.t('rodo.errors.blocked'), detail: error.blockers, refresh: true }
        : describe(error, context),
    success: ({ tombstone }, { t }) => ({ data: { tombstone }, message: t('rodo.toast.erased', { tombstone }) }),
  });
}

export async function queuePersonExportAction(input: { subjectId: string; purpose: string; caseRef: string }): Promise<ActionResult> {
  return runAction({
    name: 'privacyQueuePersonExport',
    run: ({ principal }) =>
      queueDataExport(principal, {
        scope: 'admin',
        subjectId: input.subjectId,
        purpose: input.purpose,
        caseRef: input.caseRef.trim().slice(0, 60) || null,
      }),
    expected: (error: Exclude<QueueExportError, { kind: 'invalid' }>, context) => describe(error, context),
    success: (_value, { t }) => ({ data: null, message: t('rodo.toast.exportQueued') }),
  });
}

export async function saveRetentionPolicyAction(input: RetentionPolicyInput): Promise<ActionResult> {
  return runAction({
    name: 'privacySaveRetention',
    run: ({ principal }) => saveRetentionPolicy(principal, input),
    expected: (error: Exclude<RetentionError, { kind: 'invalid' }>, context) => describe(error, context),
    success: (_value, { t }) => ({ data: null, message: t('rodo.toast.retentionSaved') }),
  });
}

export async function placeLegalHoldAction(input: LegalHoldInput): Promise<ActionResult> {
  return runAction({
    name: 'privacyPlaceHold',
    run: ({ principal }) => placeLegalHold(principal, input),
    expected: (error: Exclude<HoldError, { kind: 'invalid' }>, context) => describe(error, context),
    success: (_value, { t }) => ({ data: null, message: t('rodo.toast.holdPlaced') }),
  });
}

export async function releaseLegalHoldAction(holdId: string): Promise<ActionResult> {
  return runAction({
    name: 'privacyReleaseHold',
    run: ({ principal }) => releaseLegalHold(principal, holdId),
    expected: (error: Exclude<HoldError, { kind: 'invalid' }>, context) => describe(error, context),
    success: (_value, { t }) => ({ data: null, message: t('rodo.toast.holdReleased') }),
  });
}
