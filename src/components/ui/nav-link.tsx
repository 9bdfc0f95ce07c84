'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/cn';

/** A navigation link that marks itself current (aria-current) when its section (or, `exact`, its page) is open. */
export function NavLink({
  href,
  className,
  exact = false,
  ...props
}: Omit<ComponentProps<typeof Link>, 'href'> & { href: string; exact?: boolean }) {
  const pathname = usePathname();
  const current = pathname === href || (!exact && pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={cn(
        'relative inline-flex h-11 items-center rounded-lg px-3 text-sm font-medium text-slate-600 transition-colors hover:bg-slate-100 hover:text-slate-900',
        'aria-[current=page]:text-brand-700 aria-[current=page]:after:absolute aria-[current=page]:after:inset-x-3 aria-[current=page]:after:-bottom-[9px] aria-[current=page]:after:h-0.5 aria-[current=page]:after:rounded-full aria-[current=page]:after:bg-brand-600',
        className,
      )}
      {...props}
    />
  );
}
