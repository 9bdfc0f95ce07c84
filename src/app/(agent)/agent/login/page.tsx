import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ArrowRight, FlaskConical, Headset, ShieldCheck } from 'lucide-react';
import { hasNoActiveStaff } from '@/server/admin/bootstrap';
import { currentPrincipal, currentViewer } from '@/server/auth/guards';
import { AGENT_HOME_PATH, CUSTOMER_HOME_PATH } from '@/server/auth/paths';
import { canAccessAgentArea } from '@/server/auth/policy';
import { demoPanelDirectory } from '@/server/demo/panel';
import { AuthPanel } from '@/components/auth/auth-panel';
import { MagicLinkForm } from '@/components/auth/magic-link-form';
import { requestMagicLinkAction } from '@/app/(portal)/pomoc/logowanie/actions';
import { UserAvatar } from '@/components/auth/user-avatar';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agent.login');
  return { title: t('metaTitle'), robots: { index: false } };
}

/** Staff sign-in: the same magic link as customers, landing on /agent; in DEMO_MODE also one-click demo staff. */
export default async function AgentLoginPage() {
  const viewer = await currentViewer();
  if (canAccessAgentArea(await currentPrincipal())) redirect(AGENT_HOME_PATH);
  const t = await getTranslations('agent.login');
  const tc = await getTranslations('common');
  const tr = await getTranslations('agent.roles');
  const demo = await demoPanelDirectory();
  const tb = await getTranslations('adminBootstrap');
  // A fresh install: say how the first admin is made instead of offering a form no one can use yet.
  const noStaff = await hasNoActiveStaff();

  return (
    <div className="flex min-h-dvh flex-col bg-slate-50">
      <header className="px-4 pt-8 sm:px-6 sm:pt-12">
        <div className="mx-auto flex max-w-md items-center justify-center gap-2.5">
          <span aria-hidden="true" className="flex size-9 items-center justify-center rounded-lg bg-slate-900 text-white shadow-sm">
            <Headset className="size-5" strokeWidth={2.25} />
          </span>
          <span className="text-xl font-bold tracking-tight text-slate-900">{tc('brand')}</span>
          <span aria-hidden="true" className="h-5 w-px bg-slate-300" />
          <span className="text-sm font-medium text-slate-600">{t('brandArea')}</span>
        </div>
      </header>

      <main id="main" className="flex-1 px-4 py-8 sm:px-6 sm:py-10">
        <AuthPanel
          icon={ShieldCheck}
          title={t('title')}
          lead={t('lead')}
          footer={
            <p>
              {t.rich('customerHint', {
                link: (chunks) => (
                  <Link href={CUSTOMER_HOME_PATH} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          }
        >
          {noStaff ? (
            <Alert tone="info" title={tb('noStaffTitle')} className="mb-5" data-testid="no-staff">
              {tb.rich('noStaffBody', { code: (chunks) => <code className="font-mono text-[0.8125rem] break-words">{chunks}</code> })}
            </Alert>
          ) : null}
          {viewer.kind === 'user' ? (
            <Alert tone="info" className="mb-5">
              {t('signedInAsCustomer', { email: viewer.user.email })}
            </Alert>
          ) : null}
          <MagicLinkForm action={requestMagicLinkAction} redirectTo={AGENT_HOME_PATH} audience="staff" />
        </AuthPanel>

        {demo && demo.staff.length > 0 ? (
          <section
            aria-labelledby="demo-staff-title"
            className="mx-auto mt-6 w-full max-w-md rounded-2xl border border-dashed border-amber-300 bg-amber-50/60 p-5 sm:p-6"
          >
            <div className="flex items-center gap-2">
              <FlaskConical aria-hidden="true" className="size-4.5 text-amber-700" />
              <h2 id="demo-staff-title" className="text-sm font-semibold text-amber-900">
                {t('demo.title')}
              </h2>
            </div>
            <p className="mt-1 text-sm text-amber-900/80">{t('demo.lead')}</p>
            <ul className="mt-4 space-y-2">
              {demo.staff.map((member) => (
                <li key={member.id} className="flex items-center gap-3 rounded-xl bg-white p-3 ring-1 ring-amber-200/70">
                  <UserAvatar name={member.name} />
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium text-slate-900">{member.name}</p>
                    <p className="truncate text-xs text-slate-500">{tr(member.role)}</p>
                  </div>
                  {/* A plain link, never prefetched: following it signs in. */}
                  <a
                    href={`/demo/sign-in?${new URLSearchParams({ email: member.email })}`}
                    className={buttonClasses({ variant: 'secondary', size: 'compact' })}
                    aria-label={t('demo.signInAs', { name: member.name })}
                  >
                    {t('demo.signIn')}
                    <ArrowRight aria-hidden="true" />
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </main>
    </div>
  );
}
