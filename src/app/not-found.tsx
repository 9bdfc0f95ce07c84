import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Gift } from 'lucide-react';
import { buttonClasses } from '@/components/ui/button';
import { PORTAL_PATHS, SIGN_IN_PATH } from '@/server/links';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.notFound');
  return { title: t('title') };
}

/**
 * Every 404 outside a section with its own: unknown addresses, and places a signed-in person may not enter
 * (the agent area answers "not found" rather than "forbidden", so it does not admit it exists).
 */
export default async function NotFound() {
  const t = await getTranslations('auth.notFound');
  const tc = await getTranslations('common');
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4 py-16 text-center">
      <span aria-hidden="true" className="flex size-11 items-center justify-center rounded-xl bg-brand-600 text-white shadow-sm">
        <Gift className="size-5.5" strokeWidth={2.25} />
      </span>
      <p className="mt-8 font-mono text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight text-balance text-slate-900 sm:text-3xl">{t('title')}</h1>
      <p className="mt-3 max-w-md text-base leading-relaxed text-slate-600">{t('body')}</p>
      <div className="mt-8 flex w-full max-w-xs flex-col gap-3 sm:max-w-none sm:w-auto sm:flex-row">
        {/* Plain anchors: this page is the root's not-found boundary, whose client references every page downloads,
            so a next/link here would put next/link's code on every page of the app. */}
        <a href={PORTAL_PATHS.contact} className={buttonClasses({})}>
          {t('contact')}
        </a>
        <a href={SIGN_IN_PATH} className={buttonClasses({ variant: 'secondary' })}>
          {t('signIn')}
        </a>
      </div>
      <p className="mt-10 text-sm text-slate-500">
        {tc('brand')} · {tc('helpCenter')}
      </p>
    </main>
  );
}
