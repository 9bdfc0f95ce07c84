import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { cn } from '@/lib/cn';

const tones = {
  brand: 'bg-brand-50 text-brand-600 ring-brand-100',
  success: 'bg-emerald-50 text-emerald-600 ring-emerald-100',
  warning: 'bg-amber-50 text-amber-600 ring-amber-100',
  danger: 'bg-red-50 text-red-600 ring-red-100',
} as const;

/** The centred card every sign-in page uses: an icon, a heading, a lead, then the page's own content. */
export function AuthPanel({
  icon: Icon,
  tone = 'brand',
  eyebrow,
  title,
  lead,
  children,
  footer,
  className,
}: {
  icon: LucideIcon;
  tone?: keyof typeof tones;
  eyebrow?: ReactNode;
  title: ReactNode;
  lead?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn('mx-auto w-full max-w-md', className)}>
      <div className="rounded-2xl border border-slate-200 bg-white px-5 py-7 shadow-sm sm:px-8 sm:py-9">
        <span aria-hidden="true" className={cn('flex size-12 items-center justify-center rounded-xl ring-8', tones[tone])}>
          <Icon className="size-6" strokeWidth={2} />
        </span>
        {eyebrow ? <p className="mt-6 text-sm font-medium text-brand-700">{eyebrow}</p> : null}
        <h1 className={cn('text-2xl font-bold tracking-tight text-balance text-slate-900', eyebrow ? 'mt-1' : 'mt-6')}>{title}</h1>
        {lead ? <div className="mt-2.5 text-base leading-relaxed text-slate-600">{lead}</div> : null}
        {children ? <div className="mt-7">{children}</div> : null}
      </div>
      {footer ? <div className="mt-6 space-y-2 text-center text-sm text-slate-600">{footer}</div> : null}
    </div>
  );
}
