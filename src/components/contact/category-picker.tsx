'use client';

import { useTranslations } from 'next-intl';
import { Bug, CreditCard, Lightbulb, MessageCircleQuestion, Settings2, type LucideIcon } from 'lucide-react';
import type { ContactCategory } from '@/server/categories/settings';
import { TICKET_CATEGORIES, type TicketCategory } from '@/server/tickets/constants';
import { describedBy, errorId, FieldError } from '@/components/ui/field';
import { cn } from '@/lib/cn';
import { fieldId } from './form-model';

const ICONS: Record<TicketCategory, LucideIcon> = {
  TECHNICAL_ERROR: Bug,
  CONFIGURATION: Settings2,
  BILLING: CreditCard,
  SUGGESTION: Lightbulb,
  OTHER: MessageCircleQuestion,
};

const CATALOGUE: ContactCategory[] = TICKET_CATEGORIES.map((category) => ({ category, label: null, description: null }));

/** The categories an admin left visible, in their order; a text left empty falls back to the catalogue's. */
export function CategoryPicker({
  options = CATALOGUE,
  value,
  onChange,
  errors,
}: {
  options?: ContactCategory[];
  value: TicketCategory | null;
  onChange: (category: TicketCategory) => void;
  errors?: string[];
}) {
  const t = useTranslations('ticketForm');
  const invalid = Boolean(errors?.length);
  const errId = errorId(fieldId('category'));
  return (
    <fieldset aria-describedby={describedBy(invalid && errId)} aria-invalid={invalid || undefined}>
      <legend className="text-base font-semibold text-slate-900">
        {t('sections.category')}
        <span aria-hidden="true" className="ml-0.5 text-red-600">
          *
        </span>
      </legend>
      <FieldError id={errId} messages={errors} tight />
      <div className="mt-3 grid gap-2.5 sm:grid-cols-2">
        {options.map(({ category, label, description }, index) => {
          const Icon = ICONS[category];
          const checked = value === category;
          // Focus lands on the chosen card, or the first one when nothing is chosen yet.
          const id = checked || (value === null && index === 0) ? fieldId('category') : `category-${category}`;
          return (
            <label
              key={category}
              htmlFor={id}
              className={cn(
                'group relative flex min-h-11 cursor-pointer items-start gap-3 rounded-xl border p-3.5 transition-colors',
                'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600',
                checked
                  ? 'border-brand-600 bg-brand-50/60 ring-1 ring-brand-600'
                  : ['bg-white hover:border-slate-300 hover:bg-slate-50', invalid ? 'border-red-300' : 'border-slate-200'],
                // An odd card out spans the row, so the grid never ends with a gap.
                index === options.length - 1 && options.length % 2 === 1 && 'sm:col-span-2',
              )}
            >
              <input
                id={id}
                type="radio"
                name="category"
                value={category}
                checked={checked}
                onChange={() => onChange(category)}
                required
                aria-labelledby={`category-${category}-label`}
                aria-describedby={`category-${category}-description`}
                className="absolute inset-0 z-10 m-0 scroll-mt-24 cursor-pointer appearance-none rounded-xl opacity-0"
              />
              <span
                className={cn(
                  'mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg',
                  checked ? 'bg-brand-600 text-white' : 'bg-slate-100 text-slate-600 group-hover:bg-slate-200',
                )}
              >
                <Icon aria-hidden="true" className="size-4" />
              </span>
              <span className="min-w-0">
                <span id={`category-${category}-label`} className="block text-sm font-semibold text-slate-900">
                  {label ?? t(`category.${category}.label`)}
                </span>
                <span id={`category-${category}-description`} className="mt-0.5 block text-sm leading-snug text-slate-600">
                  {description ?? t(`category.${category}.description`)}
                </span>
              </span>
              <span
                aria-hidden="true"
                className={cn(
                  'ml-auto mt-1 flex size-4 shrink-0 items-center justify-center rounded-full border',
                  checked ? 'border-brand-600 bg-brand-600' : 'border-slate-300 bg-white',
                )}
              >
                {checked ? <span className="size-1.5 rounded-full bg-white" /> : null}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
