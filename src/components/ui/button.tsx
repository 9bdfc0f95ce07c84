import type { ComponentProps } from 'react';
import { cn } from '@/lib/cn';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'ghostBrand' | 'danger' | 'destructive' | 'custom';
export type ButtonSize = 'md' | 'lg' | 'icon' | 'compact' | 'sm' | 'xs' | 'custom';

// `className` adds to these classes and must not contradict them (`cn` joins, it does not merge): a different
// height, padding or colour is a `size` or `variant` (`size="custom"` leaves the height, padding and text size
// to `className`, `variant="custom"` the colours). tests/unit/class-conflicts.test.ts checks the callers.
const base =
  'inline-flex shrink-0 items-center justify-center gap-2 rounded-lg font-semibold whitespace-nowrap transition-colors ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ' +
  'disabled:cursor-not-allowed disabled:opacity-60 [&_svg]:size-4 [&_svg]:shrink-0';

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-brand-600 text-white shadow-xs hover:bg-brand-700 active:bg-brand-800 disabled:hover:bg-brand-600',
  secondary: 'border border-slate-300 bg-white text-slate-800 shadow-xs hover:bg-slate-50 hover:border-slate-400',
  ghost: 'text-slate-700 hover:bg-slate-100 hover:text-slate-900',
  ghostBrand: 'text-brand-700 hover:bg-slate-100 hover:text-brand-800',
  danger: 'text-slate-500 hover:bg-red-50 hover:text-red-700',
  /** A filled red button for an irreversible step (revoke, erase, end). */
  destructive: 'bg-red-600 text-white shadow-xs hover:bg-red-700 active:bg-red-800 disabled:hover:bg-red-600',
  /** No colours: `className` gives them all. */
  custom: '',
};

// md, lg, icon and compact keep a 44 px hit area (WCAG 2.5.5), including icon-only buttons.
const sizes: Record<ButtonSize, string> = {
  md: 'h-11 px-4 text-sm',
  lg: 'h-12 px-6 text-base',
  icon: 'size-11 text-sm',
  compact: 'h-11 px-3 text-sm',
  // The dense rows of the agent workspace (lists, chips, inline actions); still ≥ 24 px (WCAG 2.5.8).
  sm: 'h-9 px-3 text-xs',
  xs: 'h-8 px-2 text-xs',
  custom: '',
};

/** The classes of a button, for links that should look like one. */
export function buttonClasses({
  variant = 'primary',
  size = 'md',
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  return cn(base, variants[variant], sizes[size], className);
}

export interface ButtonProps extends ComponentProps<'button'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

export function Button({ variant, size, className, type = 'button', ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses({ variant, size, className })} {...props} />;
}
