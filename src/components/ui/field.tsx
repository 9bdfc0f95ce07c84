import type { ReactNode } from 'react';
import { CircleAlert } from 'lucide-react';
import { cn } from '@/lib/cn';
import { Label } from './label';

/** What a control needs so its label, hint and error are announced together. */
export interface FieldControlProps {
  id: string;
  required?: boolean;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter(Boolean);
  return present.length ? present.join(' ') : undefined;
}

export function errorId(id: string) {
  return `${id}-error`;
}

export function hintId(id: string) {
  return `${id}-hint`;
}

/** `tight`: under a legend (mt-1 instead of mt-1.5); `className` only adds (`cn` does not merge). */
export function FieldError({
  id,
  messages,
  tight = false,
  className,
}: {
  id: string;
  messages?: readonly string[];
  tight?: boolean;
  className?: string;
}) {
  if (!messages?.length) return null;
  return (
    <p id={id} className={cn(tight ? 'mt-1' : 'mt-1.5', 'flex items-start gap-1.5 text-sm text-red-700', className)}>
      <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <span>{messages.join(' ')}</span>
    </p>
  );
}

export function FieldHint({ id, children, tight = false }: { id: string; children: ReactNode; tight?: boolean }) {
  return (
    <p id={id} className={cn(tight ? 'mt-1' : 'mt-1.5', 'text-sm text-slate-500')}>
      {children}
    </p>
  );
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[];
  required?: boolean;
  className?: string;
  /** Extra content beside the label, e.g. a character counter. */
  aside?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
}

/** A labelled control with its hint and error; the error replaces nothing the user typed. */
export function Field({ id, label, hint, errors, required, className, aside, children }: FieldProps) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={className}>
      <div className="mb-1.5 flex items-baseline justify-between gap-3">
        <Label htmlFor={id} required={required}>
          {label}
        </Label>
        {aside}
      </div>
      {children({
        id,
        required: required || undefined,
        'aria-invalid': invalid ? true : undefined,
        'aria-describedby': describedBy(invalid && errorId(id), hint !== undefined && hintId(id)),
      })}
      <FieldError id={errorId(id)} messages={errors} />
      {hint !== undefined ? <FieldHint id={hintId(id)}>{hint}</FieldHint> : null}
    </div>
  );
}
