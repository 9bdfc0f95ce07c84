/** The look of a navigation link; the current one (aria-current="page") is underlined in the brand colour. */
export const NAV_LINK_CLASSES =
  'relative inline-flex h-11 items-center rounded-lg px-3 text-sm font-medium text-slate-600 transition-colors hover:bg-slate-100 hover:text-slate-900 ' +
  'aria-[current=page]:text-brand-700 aria-[current=page]:after:absolute aria-[current=page]:after:inset-x-3 aria-[current=page]:after:-bottom-[9px] aria-[current=page]:after:h-0.5 aria-[current=page]:after:rounded-full aria-[current=page]:after:bg-brand-600';

/** Whether `href` is the open page (`exact`) or the section it is in. */
export function isCurrent(pathname: string, href: string, exact: boolean): boolean {
  return pathname === href || (!exact && pathname.startsWith(`${href}/`));
}
