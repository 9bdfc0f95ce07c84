import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ArrowUpRight, KeyRound, LayoutGrid } from 'lucide-react';
import { currentViewer } from '@/server/auth/guards';
import { CUSTOMER_HOME_PATH, SIGN_IN_PATH, STAFF_SIGN_IN_PATH } from '@/server/auth/paths';
import { safeReturnPath } from '@/server/auth/return-path';
import { vouchiePanelUrl } from '@/server/auth/sso';
import { AuthPanel } from '@/components/auth/auth-panel';
import { MagicLinkForm } from '@/components/auth/magic-link-form';
import { requestMagicLinkAction } from './actions';
import { Alert } from '@/components/ui/alert';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signIn');
  return { title: t('metaTitle') };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Customer sign-in: a magic link by e-mail; the panel's SSO is the usual way in and is pointed at here. */
export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const t = await getTranslations('auth.signIn');
  const requested = safeReturnPath(first(params.callbackUrl) ?? first(params.redirectTo), CUSTOMER_HOME_PATH);
  // Back to the sign-in pages after signing in would only bring the person here again.
  const redirectTo = requested.startsWith(SIGN_IN_PATH) ? CUSTOMER_HOME_PATH : requested;

  if ((await currentViewer()).kind === 'user') redirect(redirectTo);

  const panelUrl = vouchiePanelUrl();
  const external = /^https?:/.test(panelUrl);
  // Auth.js returns here with ?error=… when sending the link failed before our form could see it.
  const failed = Boolean(first(params.error));

  return (
    <div className="px-4 py-10 sm:px-6 sm:py-16">
      <AuthPanel
        icon={KeyRound}
        eyebrow={t('eyebrow')}
        title={t('title')}
        lead={t('lead')}
        footer={
          <>
            <p>
              {t.rich('noAccount', {
                link: (chunks) => (
                  <Link href={CUSTOMER_HOME_PATH} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
            <p>
              <Link
                href={STAFF_SIGN_IN_PATH}
                className="font-medium text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline"
              >
                {t('staffLink')}
              </Link>
            </p>
          </>
        }
      >
        {failed ? (
          <Alert tone="error" role="alert" className="mb-5" title={t('failedTitle')}>
            {t('failedBody')}
          </Alert>
        ) : null}
        <MagicLinkForm action={requestMagicLinkAction} redirectTo={redirectTo} audience="customer" />

        <div className="my-7 flex items-center gap-3 text-xs font-medium tracking-wide text-slate-500 uppercase" aria-hidden="true">
          <span className="h-px flex-1 bg-slate-200" />
          {t('or')}
          <span className="h-px flex-1 bg-slate-200" />
        </div>

        <section aria-labelledby="panel-hint-title" className="rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200/70">
          <div className="flex gap-3">
            <LayoutGrid aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand-600" />
            <div className="min-w-0 text-sm">
              <h2 id="panel-hint-title" className="font-semibold text-slate-900">
                {t('panelTitle')}
              </h2>
              <p className="mt-1 leading-relaxed text-slate-600">{t('panelBody')}</p>
              <a
                href={panelUrl}
                className="mt-2.5 inline-flex min-h-11 items-center gap-1.5 font-semibold text-brand-700 underline-offset-2 hover:underline"
                {...(external ? { rel: 'noopener' } : {})}
              >
                {t('panelCta')}
                <ArrowUpRight aria-hidden="true" className="size-4" />
              </a>
            </div>
          </div>
        </section>
      </AuthPanel>
    </div>
  );
}
