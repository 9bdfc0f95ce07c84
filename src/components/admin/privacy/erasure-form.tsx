'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Trash2 } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { ErasureBlocker } from '@/server/privacy/erasure';
import { ERASURE_CONFIRMATION_WORD, erasureRequestSchema, PRIVACY_LIMITS, type ErasureRequestInput } from '@/server/privacy/schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

/** Step two of an erasure, shown under the dry run: type the confirmation word, give the case, erase. */
export function ErasureForm({
  subjectId,
  action,
}: {
  subjectId: string;
  action: (input: ErasureRequestInput) => Promise<ActionResult<{ tombstone: string }, ErasureBlocker[]>>;
}) {
  const t = useTranslations('rodo.person.erasure');
  const [confirmation, setConfirmation] = useState('');
  const [caseRef, setCaseRef] = useState('');
  const { fieldErrors: errors, formError, isPending, submit } = useActionForm(action, { schema: erasureRequestSchema });

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    submit({ subjectId, confirmation, caseRef });
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="erasure-confirm-title"
      className="mt-5 rounded-lg border border-red-200 bg-red-50/60 p-4 sm:p-5"
    >
      <h4 id="erasure-confirm-title" className="font-semibold text-red-950">
        {t('confirmTitle')}
      </h4>
      <p className="mt-1 text-sm text-red-900">{t('confirmLead', { word: ERASURE_CONFIRMATION_WORD })}</p>
      {formError ? (
        <Alert tone="error" role="alert" className="mt-3">
          {formError}
        </Alert>
      ) : null}
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <Field
          id="erasure-confirmation"
          label={t('confirmLabel', { word: ERASURE_CONFIRMATION_WORD })}
          required
          errors={errors.confirmation}
        >
          {(control) => <Input {...control} autoComplete="off" value={confirmation} onChange={(e) => setConfirmation(e.target.value)} />}
        </Field>
        <Field id="erasure-case" label={t('caseRef')} hint={t('caseRefHint')} errors={errors.caseRef}>
          {(control) => (
            <Input
              {...control}
              autoComplete="off"
              maxLength={PRIVACY_LIMITS.caseRef}
              value={caseRef}
              onChange={(e) => setCaseRef(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="mt-4 flex justify-end">
        <SubmitButton
          pending={isPending}
          icon={<Trash2 aria-hidden="true" />}
          variant="custom"
          className="w-full bg-red-700 text-white shadow-xs hover:bg-red-800 active:bg-red-900 disabled:hover:bg-red-700 sm:w-auto"
        >
          {t('submit')}
        </SubmitButton>
      </div>
    </form>
  );
}
