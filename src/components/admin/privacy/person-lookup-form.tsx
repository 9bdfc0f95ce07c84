'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Search } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { personLookupSchema, PRIVACY_LIMITS, PRIVACY_PURPOSES, type PersonLookupInput } from '@/server/privacy/schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

/** "Znajdź osobę": an e-mail and why; the look-up is recorded in the audit log before the person's page opens. */
export function PersonLookupForm({ action }: { action: (input: PersonLookupInput) => Promise<ActionResult<{ href: string }>> }) {
  const t = useTranslations('rodo.lookup');
  const tp = useTranslations('rodo.purposes');
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [purpose, setPurpose] = useState('');
  const [caseRef, setCaseRef] = useState('');
  const { fieldErrors: errors, formError, isPending, submit } = useActionForm(action, { schema: personLookupSchema });

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    submit({ email, purpose: purpose as PersonLookupInput['purpose'], caseRef }, { onSuccess: ({ data }) => router.push(data.href) });
  };

  return (
    <Card className="p-5 sm:p-6">
      <form onSubmit={onSubmit} noValidate aria-labelledby="lookup-title">
        <h3 id="lookup-title" className="text-base font-semibold text-slate-900">
          {t('title')}
        </h3>
        <p className="mt-1 text-sm text-slate-600">{t('lead')}</p>
        {formError ? (
          <Alert tone="error" role="alert" className="mt-4">
            {formError}
          </Alert>
        ) : null}
        <div className="mt-4 grid gap-4 md:grid-cols-3">
          <Field id="lookup-email" label={t('email')} required errors={errors.email}>
            {(control) => <Input {...control} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field id="lookup-purpose" label={t('purpose')} required errors={errors.purpose}>
            {(control) => (
              <Select {...control} value={purpose} onChange={(e) => setPurpose(e.target.value)}>
                <option value="">{t('purposePlaceholder')}</option>
                {PRIVACY_PURPOSES.map((code) => (
                  <option key={code} value={code}>
                    {tp(code)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field id="lookup-case" label={t('caseRef')} hint={t('caseRefHint')} errors={errors.caseRef}>
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
          <SubmitButton pending={isPending} icon={<Search aria-hidden="true" />} className="w-full sm:w-auto">
            {t('submit')}
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}
