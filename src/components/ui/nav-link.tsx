'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/cn';
import { isCurrent, NAV_LINK_CLASSES } from './nav-link-classes';

/** A navigation link that marks itself current (aria-current) when its section (or, `exact`, its page) is open. */
export function NavLink({
  href,
  className,
  exact = false,
  ...props
}: Omit<ComponentProps<typeof Link>, 'href'> & { href: string; exact?: boolean }) {
  const pathname = usePathname();
  return (
    <Link
      href={href}
      aria-current={isCurrent(pathname, href, exact) ? 'page' : undefined}
      className={cn(NAV_LINK_CLASSES, className)}
      {...props}
    />
  );
}
