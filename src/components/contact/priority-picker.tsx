'use client';

import { useTranslations } from 'next-intl';
import { TICKET_PRIORITIES, type TicketPriority } from '@/server/tickets/constants';
import { describedBy, errorId, FieldError, FieldHint } from '@/components/ui/field';
import { cn } from '@/lib/cn';
import { fieldId } from './form-model';

const HINT = 'priority-hint';

const DOT: Record<TicketPriority, string> = {
  LOW: 'bg-slate-400',
  NORMAL: 'bg-brand-500',
  HIGH: 'bg-amber-500',
  URGENT: 'bg-red-600',
};

/** A segmented radio group: arrow keys move between options as in any native radio group. */
export function PriorityPicker({
  value,
  onChange,
  errors,
}: {
  value: TicketPriority;
  onChange: (priority: TicketPriority) => void;
  errors?: string[];
}) {
  const t = useTranslations('ticketForm.priority');
  const errId = errorId(fieldId('priority'));
  return (
    <fieldset aria-describedby={describedBy(errors && errId, HINT)} aria-invalid={errors ? true : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">{t('legend')}</legend>
      <div className="grid grid-cols-2 gap-1 rounded-xl bg-slate-100 p-1 sm:inline-grid sm:grid-cols-4">
        {TICKET_PRIORITIES.map((priority) => {
          const checked = value === priority;
          const id = checked ? fieldId('priority') : `priority-${priority}`;
          return (
            <label
              key={priority}
              htmlFor={id}
              className={cn(
                'relative flex h-11 cursor-pointer items-center justify-center gap-2 rounded-lg px-4 text-sm font-medium transition-colors',
                'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-brand-600',
                checked ? 'bg-white text-slate-900 shadow-sm ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900',
              )}
            >
              <input
                id={id}
                type="radio"
                name="priority"
                value={priority}
                checked={checked}
                onChange={() => onChange(priority)}
                className="absolute inset-0 z-10 m-0 scroll-mt-24 cursor-pointer appearance-none rounded-lg opacity-0"
              />
              <span aria-hidden="true" className={cn('size-2 rounded-full', DOT[priority])} />
              {t(priority)}
            </label>
          );
        })}
      </div>
      <FieldError id={errId} messages={errors} />
      <FieldHint id={HINT}>{t('hint')}</FieldHint>
    </fieldset>
  );
}
