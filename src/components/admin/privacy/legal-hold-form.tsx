'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Lock } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { legalHoldSchema, PRIVACY_LIMITS, type LegalHoldInput } from '@/server/privacy/schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

/** A legal hold on a ticket (by its number) or a company (from the list), with the reason erasure will quote. */
export function LegalHoldForm({
  companies,
  action,
}: {
  companies: { id: string; name: string }[];
  action: (input: LegalHoldInput) => Promise<ActionResult>;
}) {
  const t = useTranslations('rodo.holds');
  const [ticket, setTicket] = useState('');
  const [companyId, setCompanyId] = useState('');
  const [reason, setReason] = useState('');
  const { fieldErrors: errors, formError, isPending, submit } = useActionForm(action, { schema: legalHoldSchema });

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    submit(
      { ticket: ticket || undefined, companyId: companyId || undefined, reason },
      {
        onSuccess: () => {
          setTicket('');
          setCompanyId('');
          setReason('');
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="hold-form-title" className="space-y-4">
      <h3 id="hold-form-title" className="text-base font-semibold text-slate-900">
        {t('formTitle')}
      </h3>
      {formError ? (
        <Alert tone="error" role="alert">
          {formError}
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Field id="hold-ticket" label={t('ticket')} hint={t('ticketHint')} errors={errors.ticket}>
          {(control) => (
            <Input
              {...control}
              autoComplete="off"
              placeholder="VCH-10001"
              value={ticket}
              disabled={Boolean(companyId)}
              onChange={(e) => setTicket(e.target.value)}
            />
          )}
        </Field>
        <Field id="hold-company" label={t('company')} errors={errors.companyId}>
          {(control) => (
            <Select {...control} value={companyId} disabled={Boolean(ticket)} onChange={(e) => setCompanyId(e.target.value)}>
              <option value="">{t('companyPlaceholder')}</option>
              {companies.map((company) => (
                <option key={company.id} value={company.id}>
                  {company.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Field id="hold-reason" label={t('reason')} hint={t('reasonHint')} required errors={errors.reason}>
        {(control) => (
          <Textarea
            {...control}
            rows={2}
            maxLength={PRIVACY_LIMITS.holdReason.max}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <div className="flex justify-end">
        <SubmitButton pending={isPending} icon={<Lock aria-hidden="true" />} className="w-full sm:w-auto">
          {t('submit')}
        </SubmitButton>
      </div>
    </form>
  );
}
