import { getLocale, getTranslations } from 'next-intl/server';
import { Gift, LogIn } from 'lucide-react';
import { LOCALES } from '@/i18n/config';
import { currentViewer } from '@/server/auth/guards';
import { SIGN_IN_PATH } from '@/server/auth/paths';
import { env } from '@/server/env';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { signOutAction } from './pomoc/logowanie/actions';
import { UserAvatar } from '@/components/auth/user-avatar';
import { buttonClasses } from '@/components/ui/button';
import { PageNavLink } from '@/components/ui/page-nav-link';
import { cn } from '@/lib/cn';
import { setLocale } from './locale-action';
import { PORTAL_PATHS } from '@/server/links';

/** The customer help section's chrome, styled like the Vouchie panel so the portal feels part of it. */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('common');
  const ta = await getTranslations('auth.header');
  const locale = await getLocale();
  const supportEmail = env().SUPPORT_EMAIL;
  const viewer = await currentViewer();

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only bg-brand-700 px-4 py-2.5 text-center text-sm font-semibold text-white focus:not-sr-only focus:block focus:outline-2 focus:-outline-offset-4 focus:outline-white"
      >
        {t('skipToContent')}
      </a>

      <header className="z-40 sm:sticky sm:top-0 border-b border-slate-200 bg-white/95 backdrop-blur supports-[backdrop-filter]:bg-white/80">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 px-4 sm:h-16 sm:flex-nowrap sm:px-6 lg:px-8">
          {/* Plain anchors in the chrome (PageNavLink too): a portal page that links nowhere through next/link does not
              download its client code. Following them loads the page; the portal's pages are server-rendered. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- on purpose, see above */}
          <a href="/" aria-label={t('homeLink')} className="flex h-14 items-center gap-2.5 rounded-lg sm:h-auto">
            <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white shadow-sm">
              <Gift className="size-4.5" strokeWidth={2.25} />
            </span>
            <span aria-hidden="true" className="text-lg font-bold tracking-tight text-slate-900">
              {t('brand')}
            </span>
            <span aria-hidden="true" className="h-5 w-px bg-slate-200" />
            <span aria-hidden="true" className="text-sm font-medium text-slate-600">
              {t('helpCenter')}
            </span>
          </a>

          <form action={setLocale} className="ml-auto flex items-center sm:order-last sm:ml-2">
            <fieldset className="flex rounded-lg bg-slate-100 p-0.5">
              <legend className="sr-only">{t('language.label')}</legend>
              {LOCALES.map((code) => (
                <button
                  key={code}
                  type="submit"
                  name="locale"
                  value={code}
                  lang={code}
                  aria-pressed={code === locale}
                  className={cn(
                    'flex h-10 min-w-11 items-center justify-center rounded-md px-2.5 text-xs font-semibold tracking-wide transition-colors',
                    code === locale ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900',
                  )}
                >
                  {code.toUpperCase()}
                  <span className="sr-only"> — {t(`language.${code}`)}</span>
                </button>
              ))}
            </fieldset>
          </form>

          <div className="-mx-3 flex w-[calc(100%+1.5rem)] items-center gap-1 border-t border-slate-100 py-1 sm:mx-0 sm:w-auto sm:flex-1 sm:border-0 sm:py-0">
            <nav aria-label={t('mainNav')} className="flex items-center gap-1">
              <PageNavLink href={PORTAL_PATHS.kb}>{t('nav.kb')}</PageNavLink>
              <PageNavLink href={PORTAL_PATHS.contact}>{t('nav.contact')}</PageNavLink>
              <PageNavLink href={PORTAL_PATHS.tickets}>{t('nav.myTickets')}</PageNavLink>
            </nav>
            <div className="ml-auto flex items-center gap-1 sm:gap-2">
              {viewer.kind === 'user' ? (
                <>
                  <p className="flex min-w-0 items-center gap-2.5 text-sm">
                    <UserAvatar name={viewer.user.name ?? viewer.user.email} />
                    <span className="sr-only">{ta('signedInAs')} </span>
                    <span className="max-w-40 truncate font-medium text-slate-800 max-md:sr-only" data-testid="signed-in-user">
                      {viewer.user.name ?? viewer.user.email}
                    </span>
                  </p>
                  <SignOutButton action={signOutAction} label={ta('signOut')} labelClassName="max-[400px]:sr-only" />
                </>
              ) : (
                <a href={SIGN_IN_PATH} className={buttonClasses({ variant: 'ghostBrand', size: 'compact' })}>
                  <LogIn aria-hidden="true" />
                  {/* At 375 px the three links and this label do not fit in one row: the icon stays, the name is read out. */}
                  <span className="max-[400px]:sr-only">{ta('signIn')}</span>
                </a>
              )}
            </div>
          </div>
        </div>
      </header>

      <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
        {children}
      </main>

      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-slate-600 sm:px-6 md:flex-row md:items-center md:justify-between lg:px-8">
          <div className="space-y-1">
            <p className="font-medium text-slate-800">{t('footer.product')}</p>
            <p>{t('footer.tagline')}</p>
          </div>
          <p className="shrink-0">
            {t('footer.writeToUs')}:{' '}
            <a href={`mailto:${supportEmail}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
              {supportEmail}
            </a>
          </p>
        </div>
      </footer>
    </div>
  );
}
