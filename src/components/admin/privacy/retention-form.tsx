'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { PRIVACY_LIMITS, retentionPolicySchema, type RetentionPolicyInput } from '@/server/privacy/schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

type Values = { closedTicketFilesDays: number | null; inactiveReporterMonths: number | null; outboxBodyDays: number | null };

const RULES = [
  { key: 'closedTicketFilesDays', limits: PRIVACY_LIMITS.retention.days },
  { key: 'inactiveReporterMonths', limits: PRIVACY_LIMITS.retention.months },
  { key: 'outboxBodyDays', limits: PRIVACY_LIMITS.retention.days },
] as const;

/** The three retention rules; an empty field turns a rule off. */
export function RetentionForm({ initial, action }: { initial: Values; action: (input: RetentionPolicyInput) => Promise<ActionResult> }) {
  const t = useTranslations('rodo.retention');
  const [values, setValues] = useState(
    () =>
      Object.fromEntries(RULES.map(({ key }) => [key, initial[key] === null ? '' : String(initial[key])])) as Record<keyof Values, string>,
  );
  const { fieldErrors: errors, formError, isPending, submit } = useActionForm(action, { schema: retentionPolicySchema });

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    const parsed = Object.fromEntries(RULES.map(({ key }) => [key, values[key].trim() === '' ? null : Number(values[key])])) as Values;
    submit(parsed);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="retention-form-title" className="space-y-4">
      <h3 id="retention-form-title" className="text-base font-semibold text-slate-900">
        {t('formTitle')}
      </h3>
      {formError ? (
        <Alert tone="error" role="alert">
          {formError}
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-3">
        {RULES.map(({ key, limits }) => (
          <Field key={key} id={`retention-${key}`} label={t(`rules.${key}.label`)} hint={t(`rules.${key}.hint`)} errors={errors[key]}>
            {(control) => (
              <Input
                {...control}
                type="number"
                inputMode="numeric"
                min={limits.min}
                max={limits.max}
                placeholder={t('off')}
                value={values[key]}
                onChange={(e) => setValues((current) => ({ ...current, [key]: e.target.value }))}
              />
            )}
          </Field>
        ))}
      </div>
      <div className="flex justify-end">
        <SubmitButton pending={isPending} icon={<Save aria-hidden="true" />} className="w-full sm:w-auto">
          {t('save')}
        </SubmitButton>
      </div>
    </form>
  );
}
