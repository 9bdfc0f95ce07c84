import type { ComponentProps } from 'react';
import { ChevronDown } from 'lucide-react';
import { cn } from '@/lib/cn';

/**
 * Shared look of text-like controls; `aria-invalid` turns them red (the message below says why, so colour is not
 * the only signal). The scroll margin keeps a focused control clear of the sticky header.
 */
const controlFrame =
  'block w-full scroll-mt-24 min-w-0 rounded-lg border border-slate-300 px-3 text-slate-900 shadow-xs transition-colors ' +
  'placeholder:text-slate-400 hover:border-slate-400 ' +
  'focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600/30 ' +
  'aria-invalid:border-red-500 aria-invalid:focus-visible:outline-red-500/30 ' +
  'disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500';
export const controlClasses = `${controlFrame} bg-white text-base sm:text-sm`;

// `className` adds to a control's classes and must not contradict them (`cn` does not merge): the height is
// `inputSize`, a textarea's height, background and type are its `look`.
const inputSizes = { md: 'h-11', sm: 'h-10', xs: 'h-9' } as const;

export function Input({ className, inputSize = 'md', ...props }: ComponentProps<'input'> & { inputSize?: keyof typeof inputSizes }) {
  return <input className={cn(controlClasses, inputSizes[inputSize], className)} {...props} />;
}

const textareaLooks = {
  md: 'min-h-24 bg-white text-base leading-relaxed sm:text-sm',
  compact: 'min-h-20 bg-white text-base leading-relaxed sm:text-sm',
  /** `className` gives the minimum height, the background and the type (code, logs). */
  custom: '',
} as const;

export function Textarea({
  className,
  rows = 4,
  look = 'md',
  ...props
}: ComponentProps<'textarea'> & { look?: keyof typeof textareaLooks }) {
  // field-sizing lets the box grow with its text where supported; `rows` is the floor everywhere else.
  return (
    <textarea rows={rows} className={cn(controlFrame, 'resize-y py-2.5 field-sizing-content', textareaLooks[look], className)} {...props} />
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
