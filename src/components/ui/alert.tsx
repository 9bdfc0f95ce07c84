import type { ComponentProps, ReactNode } from 'react';
import { CircleAlert, CircleCheck, Info } from 'lucide-react';
import { cn } from '@/lib/cn';

export type AlertTone = 'error' | 'info' | 'success';

const tones: Record<AlertTone, { box: string; icon: ReactNode }> = {
  error: {
    box: 'border-red-200 bg-red-50 text-red-900',
    icon: <CircleAlert aria-hidden="true" className="size-5 shrink-0 text-red-600" />,
  },
  info: {
    box: 'border-brand-200 bg-brand-50 text-brand-900',
    icon: <Info aria-hidden="true" className="size-5 shrink-0 text-brand-600" />,
  },
  success: {
    box: 'border-emerald-200 bg-emerald-50 text-emerald-900',
    icon: <CircleCheck aria-hidden="true" className="size-5 shrink-0 text-emerald-600" />,
  },
};

export interface AlertProps extends Omit<ComponentProps<'div'>, 'title'> {
  tone?: AlertTone;
  title?: ReactNode;
}

export function Alert({ tone = 'info', title, className, children, ...props }: AlertProps) {
  return (
    <div className={cn('flex gap-3 rounded-xl border p-4 text-sm', tones[tone].box, className)} {...props}>
      {tones[tone].icon}
      <div className="min-w-0 flex-1 space-y-1">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className="leading-relaxed">{children}</div> : null}
      </div>
    </div>
  );
}
