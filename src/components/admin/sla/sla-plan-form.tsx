'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { RotateCcw, Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { SLA_MAX_HOURS, slaPolicySchema, type SlaPolicyInput } from '@/server/sla/schema';
import type { PLANS } from '@/server/tickets/schemas';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

type Plan = (typeof PLANS)[number];
type Hours = { firstResponseHours: number; resolutionHours: number };

/** One plan's two targets in hours, checked with the server's schema as you save; "reset" drops the plan's row. */
export function SlaPlanForm({
  actions,
  plan,
  current,
  defaults,
  updatedAt,
  updatedBy,
}: {
  /** The page's actions: save this plan's targets, or drop them for the defaults. */
  actions: { save: (input: SlaPolicyInput) => Promise<ActionResult>; reset: (plan: string) => Promise<ActionResult> };
  plan: Plan;
  current: Hours & { configured: boolean };
  defaults: Hours;
  updatedAt: Date | null;
  updatedBy: string | null;
}) {
  const t = useTranslations('adminSla');
  const format = useFormatter();
  const toast = useToast();
  const [values, setValues] = useState({
    firstResponseHours: String(current.firstResponseHours),
    resolutionHours: String(current.resolutionHours),
  });
  const form = useActionForm((send: () => Promise<ActionResult>) => send());
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, isPending } = form;
  const planName = t(`plans.${plan}`);

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const input = { plan, ...values };
    const parsed = slaPolicySchema.safeParse(input);
    if (!parsed.success) {
      form.showInvalid(parsed.error);
      return;
    }
    form.send(() => actions.save(input), { onSuccess: () => toast(t('saved', { plan: planName })) });
  };

  const reset = () => {
    form.send(() => actions.reset(plan), {
      onSuccess: () => {
        setValues({ firstResponseHours: String(defaults.firstResponseHours), resolutionHours: String(defaults.resolutionHours) });
        toast(t('resetDone', { plan: planName }));
      },
    });
  };

  const field = (name: keyof Hours) => (
    <Field
      id={`${plan}-${name}`}
      label={name === 'firstResponseHours' ? t('firstResponse') : t('resolution')}
      hint={t('defaultValue', { hours: defaults[name] })}
      errors={errors[name]}
    >
      {(control) => (
        <div className="relative">
          <Input
            {...control}
            type="number"
            inputMode="numeric"
            min={1}
            max={SLA_MAX_HOURS}
            step={1}
            required
            value={values[name]}
            onChange={(e) => {
              setValues((v) => ({ ...v, [name]: e.target.value }));
              setErrors(({ [name]: _gone, ...rest }) => rest);
            }}
            className="pr-16 tabular-nums"
          />
          <span aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm text-slate-500">
            {t('hours')}
          </span>
        </div>
      )}
    </Field>
  );

  return (
    <Card data-testid={`sla-${plan}`}>
      <form onSubmit={save} noValidate className="flex h-full flex-col">
        <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-5 py-4">
          <h3 className="text-base font-semibold text-slate-900">{t('plan', { plan: planName })}</h3>
          <Badge tone={current.configured ? 'brand' : 'neutral'}>{current.configured ? t('configured') : t('default')}</Badge>
        </div>
        <div className="flex-1 space-y-4 px-5 py-4">
          {formError ? (
            <Alert tone="error" role="alert">
              {formError}
            </Alert>
          ) : null}
          {field('firstResponseHours')}
          {field('resolutionHours')}
          {current.configured && updatedAt && updatedBy ? (
            <p className="text-xs text-slate-500">
              {t('updated', { date: format.dateTime(updatedAt, { dateStyle: 'medium', timeStyle: 'short' }), name: updatedBy })}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap justify-end gap-2 rounded-b-xl border-t border-slate-200 bg-slate-50 px-5 py-3">
          {current.configured ? (
            <Button variant="ghost" onClick={reset} disabled={isPending}>
              <RotateCcw aria-hidden="true" />
              {t('reset')}
            </Button>
          ) : null}
          <SubmitButton pending={isPending} icon={<Save aria-hidden="true" />}>
            {isPending ? t('saving') : t('save')}
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}
