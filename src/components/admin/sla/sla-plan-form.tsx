'use client';

import { useState, useTransition } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { LoaderCircle, RotateCcw, Save } from 'lucide-react';
import { resetSlaTargets, saveSlaTargets } from '@/app/(agent)/agent/(staff)/admin/sla/actions';
import { SLA_MAX_HOURS, slaPolicySchema } from '@/server/admin/sla-schema';
import type { PLANS } from '@/server/tickets/schemas';
import { useToast } from '@/components/ui/toast';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

type Plan = (typeof PLANS)[number];
type Hours = { firstResponseHours: number; resolutionHours: number };

/** One plan's two targets in hours, checked with the server's schema as you save; "reset" drops the plan's row. */
export function SlaPlanForm({
  plan,
  current,
  defaults,
  updatedAt,
  updatedBy,
}: {
  plan: Plan;
  current: Hours & { configured: boolean };
  defaults: Hours;
  updatedAt: Date | null;
  updatedBy: string | null;
}) {
  const t = useTranslations('adminSla');
  const format = useFormatter();
  const toast = useToast();
  const [values, setValues] = useState({ firstResponseHours: String(current.firstResponseHours), resolutionHours: String(current.resolutionHours) });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const planName = t(`plans.${plan}`);
  const te = (key: string) => (t as unknown as (key: string) => string)(key.replace(/^adminSla\./, ''));

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const input = { plan, ...values };
    const parsed = slaPolicySchema.safeParse(input);
    if (!parsed.success) {
      const next: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= [te(issue.message)];
      setErrors(next);
      return;
    }
    startTransition(async () => {
      const result = await saveSlaTargets(input);
      if (result.ok) {
        setErrors({});
        setFormError(null);
        toast(t('saved', { plan: planName }));
        return;
      }
      setErrors(result.fieldErrors);
      setFormError(result.formError ?? null);
    });
  };

  const reset = () => {
    startTransition(async () => {
      const result = await resetSlaTargets(plan);
      if (result.ok) {
        setValues({ firstResponseHours: String(defaults.firstResponseHours), resolutionHours: String(defaults.resolutionHours) });
        setErrors({});
        setFormError(null);
        toast(t('resetDone', { plan: planName }));
        return;
      }
      setFormError(result.formError ?? null);
    });
  };

  const field = (name: keyof Hours) => (
    <Field id={`${plan}-${name}`} label={name === 'firstResponseHours' ? t('firstResponse') : t('resolution')} hint={t('defaultValue', { hours: defaults[name] })} errors={errors[name]}>
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
            <p className="text-xs text-slate-500">{t('updated', { date: format.dateTime(updatedAt, { dateStyle: 'medium', timeStyle: 'short' }), name: updatedBy })}</p>
          ) : null}
        </div>
        <div className="flex flex-wrap justify-end gap-2 rounded-b-xl border-t border-slate-200 bg-slate-50 px-5 py-3">
          {current.configured ? (
            <Button variant="ghost" onClick={reset} disabled={isPending}>
              <RotateCcw aria-hidden="true" />
              {t('reset')}
            </Button>
          ) : null}
          <Button type="submit" disabled={isPending}>
            {isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Save aria-hidden="true" />}
            {isPending ? t('saving') : t('save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
