'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { RotateCcw, Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import {
  CHAT_TARGET_MAX_SECONDS,
  CHAT_TARGET_MIN_SECONDS,
  SLA_MAX_HOURS,
  slaPolicySchema,
  visitorChatTargetSchema,
  type SlaPolicyInput,
  type VisitorChatTargetInput,
} from '@/server/sla/schema';
import type { PLANS } from '@/server/tickets/schemas';
import { boundReset } from '@/components/admin/plan-reset';
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
type Targets = { firstResponseHours: number; resolutionHours: number; chatFirstResponseSeconds: number };
type TargetName = keyof Targets;

type PlanProps = {
  /** The page's actions: save this plan's targets, or drop them for the defaults. */
  actions: { save: (input: SlaPolicyInput) => Promise<ActionResult>; reset: (plan: string) => Promise<ActionResult> };
  plan: Plan;
  current: Targets & { configured: boolean };
  defaults: Targets;
};

/** Visitors without an account ("Odwiedzający strony"): only the chat target, they file no other kind of ticket here. */
type VisitorProps = {
  actions: { save: (input: VisitorChatTargetInput) => Promise<ActionResult>; reset: () => Promise<ActionResult> };
  plan: 'VISITOR';
  current: { chatFirstResponseSeconds: number; configured: boolean };
  defaults: { chatFirstResponseSeconds: number };
};

const PLAN_FIELDS: readonly TargetName[] = ['firstResponseHours', 'resolutionHours', 'chatFirstResponseSeconds'];
const VISITOR_FIELDS: readonly TargetName[] = ['chatFirstResponseSeconds'];

const LABELS: Record<TargetName, 'firstResponse' | 'resolution' | 'chatFirstResponse'> = {
  firstResponseHours: 'firstResponse',
  resolutionHours: 'resolution',
  chatFirstResponseSeconds: 'chatFirstResponse',
};

/**
 * One plan's targets: first response and resolution in hours, a chat's first response in seconds; for visitors, the
 * chat target only. Checked with the server's schema as you save; "reset" drops the plan's row.
 */
export function SlaPlanForm(props: (PlanProps | VisitorProps) & { updatedAt: Date | null; updatedBy: string | null }) {
  const { plan, current, updatedAt, updatedBy } = props;
  const t = useTranslations('adminSla');
  const format = useFormatter();
  const toast = useToast();
  const initial = (from: Partial<Targets>) => ({
    firstResponseHours: String(from.firstResponseHours ?? ''),
    resolutionHours: String(from.resolutionHours ?? ''),
    chatFirstResponseSeconds: String(from.chatFirstResponseSeconds ?? ''),
  });
  const [values, setValues] = useState(() => initial(current));
  const form = useActionForm((send: () => Promise<ActionResult>) => send());
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, isPending } = form;
  const planName = plan === 'VISITOR' ? t('visitor') : t(`plans.${plan}`);
  const fields = plan === 'VISITOR' ? VISITOR_FIELDS : PLAN_FIELDS;
  const defaults: Partial<Targets> = props.defaults;

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const onSuccess = () => toast(plan === 'VISITOR' ? t('visitorSaved') : t('saved', { plan: planName }));
    if (props.plan === 'VISITOR') {
      const input = { chatFirstResponseSeconds: values.chatFirstResponseSeconds };
      const parsed = visitorChatTargetSchema.safeParse(input);
      if (!parsed.success) return form.showInvalid(parsed.error);
      const { save: send } = props.actions;
      form.send(() => send(input), { onSuccess });
      return;
    }
    const input = { plan: props.plan, ...values };
    const parsed = slaPolicySchema.safeParse(input);
    if (!parsed.success) return form.showInvalid(parsed.error);
    const { save: send } = props.actions;
    form.send(() => send(input), { onSuccess });
  };

  const reset = () => {
    const onSuccess = () => {
      setValues(initial(defaults));
      toast(plan === 'VISITOR' ? t('visitorResetDone') : t('resetDone', { plan: planName }));
    };
    form.send(boundReset(props), { onSuccess });
  };

  const field = (name: TargetName) => {
    const seconds = name === 'chatFirstResponseSeconds';
    return (
      <Field
        key={name}
        id={`${plan}-${name}`}
        label={t(LABELS[name])}
        hint={seconds ? t('chatHint', { seconds: defaults[name] ?? '' }) : t('defaultValue', { hours: defaults[name] ?? '' })}
        errors={errors[name]}
      >
        {(control) => (
          <div className="relative">
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={seconds ? CHAT_TARGET_MIN_SECONDS : 1}
              max={seconds ? CHAT_TARGET_MAX_SECONDS : SLA_MAX_HOURS}
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
              {seconds ? t('seconds') : t('hours')}
            </span>
          </div>
        )}
      </Field>
    );
  };

  return (
    <Card data-testid={`sla-${plan}`}>
      <form onSubmit={save} noValidate className="flex h-full flex-col">
        <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-5 py-4">
          <h3 className="text-base font-semibold text-slate-900">{plan === 'VISITOR' ? planName : t('plan', { plan: planName })}</h3>
          <Badge tone={current.configured ? 'brand' : 'neutral'}>{current.configured ? t('configured') : t('default')}</Badge>
        </div>
        <div className="flex-1 space-y-4 px-5 py-4">
          {formError ? (
            <Alert tone="error" role="alert">
              {formError}
            </Alert>
          ) : null}
          {plan === 'VISITOR' ? <p className="text-sm text-slate-600">{t('visitorLead')}</p> : null}
          {fields.map(field)}
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
