'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { CalendarPlus, Trash2 } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { calendarExceptionSchema, EXCEPTION_NOTE_MAX, type CalendarExceptionInput } from '@/server/plan-settings/schema';
import { useActionForm } from '@/components/ui/use-action-form';
import { useToast } from '@/components/ui/toast';
import { ActionButton } from '@/components/ui/action-button';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

export interface ExceptionRow {
  date: string;
  kind: 'DAY_OFF' | 'WORKING_DAY';
  note: string | null;
  createdBy: string | null;
}

/** A local date (YYYY-MM-DD) as a day of the support calendar, never shifted by the viewer's time zone. */
function asDay(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** The team's extra days off and worked days: an add form, then the planned ones with a remove button each. */
export function CalendarExceptions({
  rows,
  today,
  actions,
}: {
  rows: ExceptionRow[];
  /** Today in Europe/Warsaw: the date picker starts there. */
  today: string;
  actions: { add: (input: CalendarExceptionInput) => Promise<ActionResult>; remove: (date: string) => Promise<ActionResult> };
}) {
  const t = useTranslations('adminHours.exceptions');
  const format = useFormatter();
  const toast = useToast();
  const [values, setValues] = useState({ date: '', kind: 'DAY_OFF' as ExceptionRow['kind'], note: '' });
  const form = useActionForm(actions.add, { schema: calendarExceptionSchema, toast: false });
  const day = (date: string) =>
    format.dateTime(asDay(date), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

  const add = (event: React.FormEvent) => {
    event.preventDefault();
    form.submit(values, {
      onSuccess: () => {
        toast(t('added', { date: day(values.date) }));
        setValues({ date: '', kind: values.kind, note: '' });
      },
    });
  };

  return (
    <div className="space-y-5">
      <form
        onSubmit={add}
        noValidate
        className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5"
        data-testid="exception-form"
      >
        {form.formError ? (
          <Alert tone="error" role="alert" className="mb-4">
            {form.formError}
          </Alert>
        ) : null}
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-[12rem_12rem_minmax(0,1fr)_auto] lg:items-start">
          <Field id="exception-date" label={t('date')} errors={form.fieldErrors.date} required>
            {(control) => (
              <Input
                {...control}
                type="date"
                min={today}
                value={values.date}
                onChange={(e) => {
                  setValues((v) => ({ ...v, date: e.target.value }));
                  form.clearFieldErrors('date');
                }}
              />
            )}
          </Field>
          <Field id="exception-kind" label={t('kind')} errors={form.fieldErrors.kind}>
            {(control) => (
              <Select
                {...control}
                value={values.kind}
                onChange={(e) => setValues((v) => ({ ...v, kind: e.target.value as ExceptionRow['kind'] }))}
              >
                <option value="DAY_OFF">{t('kinds.DAY_OFF')}</option>
                <option value="WORKING_DAY">{t('kinds.WORKING_DAY')}</option>
              </Select>
            )}
          </Field>
          <Field id="exception-note" label={t('note')} errors={form.fieldErrors.note} className="sm:col-span-2 lg:col-span-1">
            {(control) => (
              <Input
                {...control}
                maxLength={EXCEPTION_NOTE_MAX + 20}
                placeholder={t('notePlaceholder')}
                value={values.note}
                onChange={(e) => {
                  setValues((v) => ({ ...v, note: e.target.value }));
                  form.clearFieldErrors('note');
                }}
              />
            )}
          </Field>
          <div className="lg:pt-6">
            <SubmitButton pending={form.isPending} icon={<CalendarPlus aria-hidden="true" />} className="w-full lg:w-auto">
              {form.isPending ? t('adding') : t('add')}
            </SubmitButton>
          </div>
        </div>
      </form>

      {rows.length ? (
        <ul
          aria-label={t('listLabel')}
          className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs"
          data-testid="exceptions"
        >
          {rows.map((row) => (
            <li key={row.date} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3 sm:px-5">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                  <time dateTime={row.date}>{day(row.date)}</time>
                  <Badge tone={row.kind === 'DAY_OFF' ? 'warning' : 'success'}>{t(`kinds.${row.kind}`)}</Badge>
                </p>
                {row.note || row.createdBy ? (
                  <p className="mt-0.5 text-sm text-slate-600">
                    {[row.note, row.createdBy ? t('addedBy', { name: row.createdBy }) : null].filter(Boolean).join(' · ')}
                  </p>
                ) : null}
              </div>
              <ActionButton
                action={() => actions.remove(row.date)}
                icon={<Trash2 aria-hidden="true" />}
                label={t('remove')}
                ariaLabel={t('removeLabel', { date: day(row.date) })}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">{t('empty')}</p>
      )}
    </div>
  );
}
