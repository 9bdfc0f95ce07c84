'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { CALL_OUTCOMES, callOutcomeSchema, type CallOutcome, type CallOutcomeInput } from '@/server/phone/callback-schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

/**
 * The call panel under each callback on /agent/telefon: the outcome, a public summary (an agent reply on the
 * callback's ticket, e-mailed to the customer), an internal note, and for "no answer" when to try again.
 */
export function CallPanel({
  callbackId,
  action,
  canReply,
}: {
  callbackId: string;
  action: (input: CallOutcomeInput) => Promise<ActionResult>;
  canReply: boolean;
}) {
  const t = useTranslations('phone.panel');
  const to = useTranslations('phone.outcome');
  const [outcome, setOutcome] = useState<CallOutcome>('answered');
  const [publicSummary, setPublicSummary] = useState('');
  const [internalNote, setInternalNote] = useState('');
  const [retryAt, setRetryAt] = useState('');
  const { fieldErrors: errors, formError, isPending, submit: send } = useActionForm(action, { schema: callOutcomeSchema });
  const id = (name: string) => `${name}-${callbackId}`;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    // datetime-local is the agent's wall-clock time; the browser turns it into an instant.
    const retry = outcome === 'no_answer' && retryAt ? new Date(retryAt).toISOString() : undefined;
    send(
      {
        callbackId,
        outcome,
        publicSummary: canReply && publicSummary.trim() ? publicSummary : undefined,
        internalNote: internalNote.trim() ? internalNote : undefined,
        retryAt: retry,
      },
      {
        onSuccess: () => {
          setPublicSummary('');
          setInternalNote('');
          setRetryAt('');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('title')} className="mt-4 border-t border-slate-100 pt-4">
      {formError ? (
        <Alert tone="error" role="alert" className="mb-3">
          {formError}
        </Alert>
      ) : null}
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">{t('outcome')}</legend>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
          {CALL_OUTCOMES.map((value) => (
            <label key={value} className="inline-flex min-h-11 items-center gap-2 text-sm text-slate-800">
              <input
                type="radio"
                name={id('outcome')}
                value={value}
                checked={outcome === value}
                onChange={() => setOutcome(value)}
                className="size-4 accent-brand-700"
              />
              {to(value)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        {canReply ? (
          <Field id={id('summary')} label={t('publicSummary')} errors={errors.publicSummary}>
            {(control) => <Textarea {...control} rows={3} value={publicSummary} onChange={(e) => setPublicSummary(e.target.value)} />}
          </Field>
        ) : null}
        <Field id={id('note')} label={t('internalNote')} errors={errors.internalNote}>
          {(control) => <Textarea {...control} rows={3} value={internalNote} onChange={(e) => setInternalNote(e.target.value)} />}
        </Field>
      </div>
      <div className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        {outcome === 'no_answer' ? (
          <Field id={id('retry')} label={t('retryAt')} hint={t('retryHint')} errors={errors.retryAt}>
            {(control) => <Input {...control} type="datetime-local" value={retryAt} onChange={(e) => setRetryAt(e.target.value)} />}
          </Field>
        ) : (
          <span />
        )}
        <SubmitButton pending={isPending} icon={<Save aria-hidden="true" />}>
          {t('submit')}
        </SubmitButton>
      </div>
    </form>
  );
}
