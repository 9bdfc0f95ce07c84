'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { ChevronDown, Monitor } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { cn } from '@/lib/cn';
import { ENVIRONMENT_FIELDS, environmentSummary, type EnvironmentField, type EnvironmentValues } from './detect-environment';
import { fieldId } from './form-model';

const LONG_FIELDS: readonly EnvironmentField[] = ['userAgent', 'pageUrl'];

/**
 * The browser details attached to the ticket: a one-line summary, expandable into editable fields so the user
 * sees exactly what is sent and can correct it (e.g. when reporting for a colleague's computer).
 */
export function EnvironmentPanel({
  values,
  detecting,
  onEdit,
  errorsAt,
  forceOpen,
}: {
  values: EnvironmentValues;
  detecting: boolean;
  onEdit: (field: EnvironmentField, value: string) => void;
  errorsAt: (path: string) => string[] | undefined;
  /** Open while one of the fields has an error, so the message is never hidden. */
  forceOpen: boolean;
}) {
  const t = useTranslations('ticketForm.environment');
  const [open, setOpen] = useState(false);
  // Not useId(): the form is hydrated by a root of its own (deferred-contact-form.tsx), whose ids differ from the server's.
  const regionId = 'environment-fields';
  const expanded = open || forceOpen;

  const summary = environmentSummary(values);

  return (
    <div>
      <div className="flex items-start gap-3 rounded-lg border border-slate-200 bg-slate-50 p-3">
        <Monitor aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-slate-500" />
        {/* Filled in before the form's code has loaded (deferred-contact-form.tsx), so hydration finds other text here. */}
        <p
          className="min-w-0 flex-1 text-sm break-words text-slate-700"
          aria-live="polite"
          data-early="environment"
          suppressHydrationWarning
        >
          {detecting ? t('detecting') : summary || t('unknown')}
        </p>
        <Button
          variant="ghost"
          size="compact"
          className="-my-1.5 -mr-1.5"
          aria-expanded={expanded}
          aria-controls={regionId}
          aria-label={expanded ? undefined : t('editLabel')}
          onClick={() => setOpen((v) => !v)}
          disabled={forceOpen}
        >
          {expanded ? t('collapse') : t('edit')}
          <ChevronDown aria-hidden="true" className={cn('transition-transform', expanded && 'rotate-180')} />
        </Button>
      </div>
      <div id={regionId} hidden={!expanded} className="mt-4 grid gap-4 sm:grid-cols-2">
        {ENVIRONMENT_FIELDS.map((field) => {
          const long = LONG_FIELDS.includes(field);
          return (
            <Field
              key={field}
              id={fieldId(`environment.${field}`)}
              label={t(field)}
              errors={errorsAt(`environment.${field}`)}
              className={cn(long && 'sm:col-span-2')}
            >
              {(control) =>
                field === 'userAgent' ? (
                  <Textarea
                    {...control}
                    rows={2}
                    value={values[field]}
                    spellCheck={false}
                    onChange={(e) => onEdit(field, e.target.value)}
                    look="custom"
                    className="min-h-16 bg-white font-mono text-xs sm:text-xs"
                  />
                ) : (
                  <Input
                    {...control}
                    value={values[field]}
                    spellCheck={false}
                    autoComplete="off"
                    inputMode={field === 'pageUrl' ? 'url' : undefined}
                    onChange={(e) => onEdit(field, e.target.value)}
                  />
                )
              }
            </Field>
          );
        })}
      </div>
    </div>
  );
}
