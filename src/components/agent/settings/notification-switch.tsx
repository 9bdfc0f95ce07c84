'use client';

import { useId } from 'react';
import { cn } from '@/lib/cn';

/**
 * An on/off switch with a visible label and an explanation, announced together (role="switch"). Space and Enter
 * toggle it, as for any button.
 */
export function NotificationSwitch({
  checked,
  onChange,
  label,
  description,
  disabled,
  compact = false,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  description?: string;
  disabled?: boolean;
  compact?: boolean;
}) {
  const id = useId();
  return (
    <div className={cn('flex gap-2', compact ? 'items-center' : 'items-start')}>
      <button
        type="button"
        role="switch"
        id={id}
        aria-checked={checked}
        aria-describedby={description ? `${id}-description` : undefined}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className={cn(
          // A 44 px hit area around a 24 px track.
          'relative -ml-1 flex h-11 w-13 shrink-0 items-center justify-center rounded-full',
          'focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60',
        )}
      >
        <span aria-hidden="true" className={cn('h-6 w-11 rounded-full transition-colors', checked ? 'bg-brand-600' : 'bg-slate-300')} />
        <span
          aria-hidden="true"
          className={cn(
            'absolute top-1/2 left-1.5 size-5 -translate-y-1/2 rounded-full bg-white shadow-sm ring-1 ring-black/5 transition-transform',
            checked ? 'translate-x-5' : 'translate-x-0',
          )}
        />
      </button>
      <div className={cn('min-w-0', compact ? null : 'pt-2.5')}>
        <label htmlFor={id} className="block text-sm font-medium text-slate-900">
          {label}
        </label>
        {description ? (
          <p id={`${id}-description`} className="mt-0.5 text-sm leading-relaxed text-slate-500">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
