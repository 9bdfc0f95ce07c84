import type { ComponentProps } from 'react';
import { ChevronDown } from 'lucide-react';
import { cn } from '@/lib/cn';

/**
 * Shared look of text-like controls; `aria-invalid` turns them red (the message below says why, so colour is not
 * the only signal). The scroll margin keeps a focused control clear of the sticky header.
 */
export const controlClasses =
  'block w-full scroll-mt-24 min-w-0 rounded-lg border border-slate-300 bg-white px-3 text-base text-slate-900 shadow-xs transition-colors sm:text-sm ' +
  'placeholder:text-slate-400 hover:border-slate-400 ' +
  'focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600/30 ' +
  'aria-invalid:border-red-500 aria-invalid:focus-visible:outline-red-500/30 ' +
  'disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500';

export function Input({ className, ...props }: ComponentProps<'input'>) {
  return <input className={cn(controlClasses, 'h-11', className)} {...props} />;
}

export function Textarea({ className, rows = 4, ...props }: ComponentProps<'textarea'>) {
  // field-sizing lets the box grow with its text where supported; `rows` is the floor everywhere else.
  return (
    <textarea
      rows={rows}
      className={cn(controlClasses, 'min-h-24 resize-y py-2.5 leading-relaxed field-sizing-content', className)}
      {...props}
    />
  );
}

export function Select({ className, ...props }: ComponentProps<'select'>) {
  return (
    <div className={cn('relative', className)}>
      <select className={cn(controlClasses, 'h-11 appearance-none pr-10')} {...props} />
      <ChevronDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-slate-500" />
    </div>
  );
}
