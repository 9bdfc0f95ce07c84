import type { HTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

/** `muted`: a grey card (an inactive row); `className` only adds (`cn` does not merge). */
export function Card({ muted = false, className, ...props }: HTMLAttributes<HTMLDivElement> & { muted?: boolean }) {
  return <div className={cn('rounded-xl border border-slate-200 shadow-xs', muted ? 'bg-slate-50' : 'bg-white', className)} {...props} />;
}
