'use client';

import { usePathname } from 'next/navigation';
import { isCurrent, NAV_LINK_CLASSES } from './nav-link-classes';

/**
 * The same link as a plain anchor: following it loads the page (no client-side navigation), so a page whose links
 * are all plain anchors does not download next/link's router code (≈ 4 kB gzip). For the customer portal, whose
 * pages are server-rendered; the agent workspace keeps `NavLink` (nav-link.tsx, a module of its own so this one does not pull next/link in). Still marks itself current on the client, so a
 * client-side navigation made elsewhere on the page (a next/link further down) moves the mark too.
 */
export function PageNavLink({ href, exact = false, children }: { href: string; exact?: boolean; children: React.ReactNode }) {
  const pathname = usePathname();
  return (
    <a href={href} aria-current={isCurrent(pathname, href, exact) ? 'page' : undefined} className={NAV_LINK_CLASSES}>
      {children}
    </a>
  );
}
