import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Headset } from 'lucide-react';
import { requireAgentArea } from '@/server/auth/guards';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { signOutAction } from '@/app/(portal)/pomoc/logowanie/actions';
import { UserAvatar } from '@/components/auth/user-avatar';
import { NavLink } from '@/components/ui/nav-link';
import { ToastProvider } from '@/components/ui/toast';
import { IncomingCall } from '@/components/agent/phone/incoming-call';
import { AGENT_PATHS, PORTAL_PATHS } from '@/server/links';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agent');
  return { title: { default: t('metaTitle'), template: `%s — ${t('metaTitle')}` }, robots: { index: false } };
}

/** The agent area's chrome. Guests go to /agent/login, customers get a 404 (each page checks again). */
export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireAgentArea();
  const t = await getTranslations('agent');
  const tc = await getTranslations('common');
  const name = viewer.user.name ?? viewer.user.email;
  const isAdmin = viewer.user.role === 'ADMIN';

  // One live region for every page's confirmations ("Zapisano."), present before the first one is said.
  return (
    <ToastProvider>
      <div className="flex min-h-dvh flex-col bg-slate-50">
        <a
          href="#main"
          className="sr-only bg-brand-700 px-4 py-2.5 text-center text-sm font-semibold text-white focus:not-sr-only focus:block focus:outline-2 focus:-outline-offset-4 focus:outline-white"
        >
          {tc('skipToContent')}
        </a>
        <header className="z-40 border-b border-slate-200 bg-white sm:sticky sm:top-0">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 px-4 sm:px-6 2xl:h-16 2xl:max-w-384 2xl:flex-nowrap lg:px-8">
            <Link href={AGENT_PATHS.queue} className="flex h-14 items-center gap-2.5 rounded-lg 2xl:h-auto">
              <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-lg bg-slate-900 text-white shadow-sm">
                <Headset className="size-4.5" strokeWidth={2.25} />
              </span>
              <span className="text-lg font-bold tracking-tight text-slate-900">{tc('brand')}</span>
              <span aria-hidden="true" className="h-5 w-px bg-slate-200" />
              <span className="text-sm font-medium text-slate-600">{t('brandArea')}</span>
            </Link>
            <div className="ml-auto flex items-center gap-2 2xl:order-last">
              <UserAvatar name={name} tone="dark" />
              <div className="hidden min-w-0 text-sm leading-tight md:block">
                <p className="max-w-44 truncate font-medium text-slate-900" data-testid="signed-in-user">
                  {name}
                </p>
                <p className="text-xs text-slate-500">{t(`roles.${viewer.user.role}`)}</p>
              </div>
              <SignOutButton action={signOutAction} label={t('signOut')} audience="staff" labelClassName="max-sm:sr-only" />
            </div>
            <nav
              aria-label={t('nav.label')}
              // On a phone the entries wrap onto as many rows as they need (every one visible, no hidden overflow),
              // the current one marked by a tint instead of the desktop underline. Up to `2xl` the entries take a row of their
              // own under the brand and the user (eight entries, the brand and the user do not fit one row below ~1,470 px);
              // from `2xl` they sit in the header row.
              className="-mx-3 flex w-[calc(100%+1.5rem)] flex-wrap items-center gap-1 border-t border-slate-100 pt-1 pb-2 whitespace-nowrap max-sm:[&>a]:after:hidden max-sm:[&>a[aria-current=page]]:bg-brand-50 2xl:mx-0 2xl:w-auto 2xl:flex-nowrap 2xl:border-0 2xl:py-0"
            >
              <NavLink href={AGENT_PATHS.queue} exact>
                {t('nav.queue')}
              </NavLink>
              <NavLink href={AGENT_PATHS.chat}>{t('nav.chat')}</NavLink>
              <NavLink href={AGENT_PATHS.dashboard}>{t('nav.dashboard')}</NavLink>
              <NavLink href={AGENT_PATHS.kb}>{t('nav.kb')}</NavLink>
              <NavLink href={AGENT_PATHS.phone}>{t('nav.phone')}</NavLink>
              {isAdmin ? <NavLink href={AGENT_PATHS.admin}>{t('nav.admin')}</NavLink> : null}
              <NavLink href={AGENT_PATHS.settings}>{t('nav.settings')}</NavLink>
              <NavLink href={PORTAL_PATHS.contact}>{t('nav.customerView')}</NavLink>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
          {children}
        </main>
        <IncomingCall />
      </div>
    </ToastProvider>
  );
}
