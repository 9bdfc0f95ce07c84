'use client';

import { useState } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { RotateCcw, Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { WeeklyHours } from '@/server/calendar/business';
import {
  planSettingSchema,
  visitorChatSettingSchema,
  type PlanSettingInput,
  type VisitorChatSettingInput,
} from '@/server/plan-settings/schema';
import type { PLANS } from '@/server/tickets/schemas';
import { boundReset } from '@/components/admin/plan-reset';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { describedBy, errorId, FieldError, hintId } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { cn } from '@/lib/cn';

type Plan = (typeof PLANS)[number];
type Channel = 'CHAT' | 'PHONE';
type HoursKey = 'supportHours' | 'chatHours' | 'phoneHours';

export interface PlanHoursValues {
  channels: Channel[];
  supportHours: WeeklyHours;
  chatHours: WeeklyHours;
  phoneHours: WeeklyHours;
  closedOnPublicHolidays: boolean;
  callbackSlotCapacity: number;
}

interface FormState {
  channels: Channel[];
  supportHours: { days: number[]; from: string; to: string };
  chatHours: { days: number[]; from: string; to: string };
  phoneHours: { days: number[]; from: string; to: string };
  closedOnPublicHolidays: boolean;
  /** Kept as typed; the schema coerces it. */
  callbackSlotCapacity: string;
}

const WEEK = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS: readonly { key: HoursKey; kind: 'SUPPORT' | Channel }[] = [
  { key: 'supportHours', kind: 'SUPPORT' },
  { key: 'chatHours', kind: 'CHAT' },
  { key: 'phoneHours', kind: 'PHONE' },
];

function toState(values: PlanHoursValues): FormState {
  const copy = (h: WeeklyHours) => ({ days: [...h.days], from: h.from, to: h.to });
  return {
    channels: [...values.channels],
    supportHours: copy(values.supportHours),
    chatHours: copy(values.chatHours),
    phoneHours: copy(values.phoneHours),
    closedOnPublicHolidays: values.closedOnPublicHolidays,
    callbackSlotCapacity: String(values.callbackSlotCapacity),
  };
}

type PlanActions = { save: (input: PlanSettingInput) => Promise<ActionResult>; reset: (plan: string) => Promise<ActionResult> };
type VisitorActions = { save: (input: VisitorChatSettingInput) => Promise<ActionResult>; reset: () => Promise<ActionResult> };

/**
 * One plan's channels, its three kinds of hours and the public-holiday switch; checked with the server's schema. For
 * VISITOR (people on the public site whose e-mail is no customer's) only live chat and its hours.
 */
export function PlanHoursForm(
  props: ({ plan: Plan; actions: PlanActions } | { plan: 'VISITOR'; actions: VisitorActions }) & {
    current: PlanHoursValues;
    defaults: PlanHoursValues;
    configured: boolean;
    updatedAt: Date | null;
    updatedBy: string | null;
  },
) {
  const { plan, current, defaults, configured, updatedAt, updatedBy } = props;
  const t = useTranslations('adminHours');
  const tp = useTranslations('adminSla.plans');
  const format = useFormatter();
  const locale = useLocale();
  const toast = useToast();
  const [values, setValues] = useState<FormState>(() => toState(current));
  const form = useActionForm((send: () => Promise<ActionResult>) => send());
  const { fieldErrors: errors, formError, isPending, clearFieldErrors } = form;
  const visitor = plan === 'VISITOR';
  const planName = plan === 'VISITOR' ? t('visitor.name') : tp(plan);
  const channels: readonly Channel[] = visitor ? ['CHAT'] : ['CHAT', 'PHONE'];
  const hoursShown = visitor ? HOURS.filter((h) => h.kind === 'CHAT') : HOURS;
  const dayName = (day: number, weekday: 'short' | 'long') =>
    new Intl.DateTimeFormat(locale, { weekday, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const onSuccess = () => toast(plan === 'VISITOR' ? t('visitorSaved') : t('saved', { plan: planName }));
    if (props.plan === 'VISITOR') {
      const input = {
        chatEnabled: values.channels.includes('CHAT'),
        chatHours: values.chatHours,
        closedOnPublicHolidays: values.closedOnPublicHolidays,
      };
      const parsed = visitorChatSettingSchema.safeParse(input);
      if (!parsed.success) return form.showInvalid(parsed.error);
      const { save: send } = props.actions;
      form.send(() => send(input), { onSuccess });
      return;
    }
    const input = { plan: props.plan, ...values };
    const parsed = planSettingSchema.safeParse(input);
    if (!parsed.success) return form.showInvalid(parsed.error);
    const { save: send } = props.actions;
    form.send(() => send(input), { onSuccess });
  };

  const reset = () => {
    const onSuccess = () => {
      setValues(toState(defaults));
      toast(plan === 'VISITOR' ? t('visitorResetDone') : t('resetDone', { plan: planName }));
    };
    form.send(boundReset(props), { onSuccess });
  };

  const setHours = (key: HoursKey, change: Partial<FormState[HoursKey]>, field: 'days' | 'from' | 'to') => {
    setValues((v) => ({ ...v, [key]: { ...v[key], ...change } }));
    clearFieldErrors(`${key}.${field}`, ...(field === 'from' ? [`${key}.to`] : []));
  };

  const hoursFieldset = ({ key, kind }: (typeof HOURS)[number]) => {
    const id = `${plan}-${key}`;
    const hours = values[key];
    const off = kind !== 'SUPPORT' && !values.channels.includes(kind);
    const daysError = errors[`${key}.days`];
    const time = (field: 'from' | 'to') => {
      const fieldId = `${id}-${field}`;
      const messages = errors[`${key}.${field}`];
      return (
        <div className="min-w-0 flex-1">
          <label htmlFor={fieldId} className="block text-xs font-medium text-slate-600">
            {t(field)}
          </label>
          <Input
            id={fieldId}
            inputMode="numeric"
            autoComplete="off"
            placeholder={field === 'from' ? '09:00' : '17:00'}
            maxLength={5}
            value={hours[field]}
            aria-invalid={messages?.length ? true : undefined}
            aria-describedby={describedBy(Boolean(messages?.length) && errorId(fieldId))}
            onChange={(e) => setHours(key, { [field]: e.target.value }, field)}
            inputSize="sm"
            className="mt-1 tabular-nums"
          />
          <FieldError id={errorId(fieldId)} messages={messages} />
        </div>
      );
    };
    return (
      <fieldset key={key} className={cn('rounded-lg border border-slate-200 p-3', off && 'bg-slate-50')} data-testid={`${plan}-${key}`}>
        <legend className="px-1 text-sm font-semibold text-slate-900">
          {t(`kinds.${kind}`)}
          {off ? (
            <Badge tone="neutral" className="ml-2 align-middle">
              {t('off')}
            </Badge>
          ) : null}
        </legend>
        <p id={hintId(id)} className="text-xs text-slate-500">
          {t(`kindHints.${kind}`)}
        </p>
        <fieldset className="mt-2" aria-describedby={describedBy(Boolean(daysError?.length) && errorId(`${id}-days`))}>
          <legend className="sr-only">{t('days')}</legend>
          <div className="flex flex-wrap gap-1.5">
            {WEEK.map((day) => {
              const on = hours.days.includes(day);
              return (
                <label
                  key={day}
                  className={cn(
                    'relative flex h-9 min-w-11 cursor-pointer items-center justify-center rounded-md px-2 text-xs font-medium ring-1 select-none',
                    'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600',
                    on ? 'bg-brand-600 text-white ring-brand-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
                  )}
                >
                  <input
                    type="checkbox"
                    // Transparent over the whole chip: the chip is what is seen, the box is what is clicked and focused.
                    className="absolute inset-0 size-full cursor-pointer appearance-none rounded-md opacity-0"
                    checked={on}
                    aria-label={dayName(day, 'long')}
                    onChange={(e) =>
                      setHours(
                        key,
                        { days: e.target.checked ? [...hours.days, day].sort((a, b) => a - b) : hours.days.filter((d) => d !== day) },
                        'days',
                      )
                    }
                  />
                  <span aria-hidden="true">{dayName(day, 'short')}</span>
                </label>
              );
            })}
          </div>
          <FieldError id={errorId(`${id}-days`)} messages={daysError} />
        </fieldset>
        <div className="mt-3 flex gap-3">
          {time('from')}
          {time('to')}
        </div>
      </fieldset>
    );
  };

  return (
    <Card data-testid={`hours-${plan}`}>
      <form onSubmit={save} noValidate className="flex h-full flex-col">
        <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-5 py-4">
          <h3 className="text-base font-semibold text-slate-900">{visitor ? planName : t('plan', { plan: planName })}</h3>
          <Badge tone={configured ? 'brand' : 'neutral'}>{configured ? t('configured') : t('default')}</Badge>
        </div>
        <div className="flex-1 space-y-4 px-5 py-4">
          {formError ? (
            <Alert tone="error" role="alert">
              {formError}
            </Alert>
          ) : null}
          <fieldset>
            <legend className="text-sm font-semibold text-slate-900">{t('channels.legend')}</legend>
            <p className="mt-0.5 text-xs text-slate-500">{visitor ? t('visitor.lead') : t('channels.always')}</p>
            <div className="mt-1 flex flex-wrap gap-x-5">
              {channels.map((channel) => (
                <label key={channel} className="flex min-h-11 cursor-pointer items-center gap-2.5 text-sm font-medium text-slate-800">
                  <input
                    type="checkbox"
                    checked={values.channels.includes(channel)}
                    onChange={(e) =>
                      setValues((v) => ({
                        ...v,
                        channels: e.target.checked ? [...v.channels, channel] : v.channels.filter((c) => c !== channel),
                      }))
                    }
                    className="size-5 rounded border-slate-300 accent-brand-600"
                  />
                  {t(`channels.${channel}`)}
                </label>
              ))}
            </div>
          </fieldset>
          {hoursShown.map(hoursFieldset)}
          <div>
            <label className="flex min-h-11 cursor-pointer items-center gap-2.5 text-sm font-medium text-slate-800">
              <input
                type="checkbox"
                checked={values.closedOnPublicHolidays}
                aria-describedby={`${plan}-holidays-hint`}
                onChange={(e) => setValues((v) => ({ ...v, closedOnPublicHolidays: e.target.checked }))}
                className="size-5 rounded border-slate-300 accent-brand-600"
              />
              {t('holidays')}
            </label>
            <p id={`${plan}-holidays-hint`} className="text-xs text-slate-500">
              {visitor ? t('visitor.holidaysHint') : t('holidaysHint')}
            </p>
          </div>
          {visitor ? null : (
            <div>
              <label htmlFor={`${plan}-slot-capacity`} className="block text-sm font-semibold text-slate-900">
                {t('slotCapacity')}
              </label>
              <Input
                id={`${plan}-slot-capacity`}
                type="number"
                inputMode="numeric"
                min={1}
                max={50}
                value={values.callbackSlotCapacity}
                aria-invalid={errors.callbackSlotCapacity?.length ? true : undefined}
                aria-describedby={describedBy(
                  hintId(`${plan}-slot-capacity`),
                  Boolean(errors.callbackSlotCapacity?.length) && errorId(`${plan}-slot-capacity`),
                )}
                onChange={(e) => {
                  const callbackSlotCapacity = e.target.value;
                  setValues((v) => ({ ...v, callbackSlotCapacity }));
                  clearFieldErrors('callbackSlotCapacity');
                }}
                inputSize="sm"
                className="mt-1 max-w-24 tabular-nums"
              />
              <p id={hintId(`${plan}-slot-capacity`)} className="mt-1 text-xs text-slate-500">
                {t('slotCapacityHint')}
              </p>
              <FieldError id={errorId(`${plan}-slot-capacity`)} messages={errors.callbackSlotCapacity} />
            </div>
          )}
          {configured && updatedAt && updatedBy ? (
            <p className="text-xs text-slate-500">
              {t('updated', { date: format.dateTime(updatedAt, { dateStyle: 'medium', timeStyle: 'short' }), name: updatedBy })}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap justify-end gap-2 rounded-b-xl border-t border-slate-200 bg-slate-50 px-5 py-3">
          {configured ? (
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
