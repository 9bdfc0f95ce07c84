import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import {
  ArrowRight,
  ChartColumn,
  FlaskConical,
  Gift,
  Headset,
  LifeBuoy,
  MessageCircle,
  ShoppingBag,
  Ticket,
  type LucideIcon,
} from 'lucide-react';
import type { Plan } from '@/generated/prisma/enums';
import { demoPanelDirectory, type DemoCompany } from '@/server/demo/panel';
import { PLAN_SUPPORT } from '@/server/plans';
import { UserAvatar } from '@/components/auth/user-avatar';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { cn } from '@/lib/cn';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('demo.panel');
  return { title: t('metaTitle'), robots: { index: false } };
}

const PLANS: readonly Plan[] = ['START', 'BIZNES', 'PREMIUM'];
const PLAN_ACCENT: Record<Plan, string> = {
  START: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  BIZNES: 'bg-brand-50 text-brand-700 ring-brand-600/20',
  PREMIUM: 'bg-amber-50 text-amber-800 ring-amber-600/25',
};

const NAV: { key: 'vouchers' | 'orders' | 'reports' | 'help'; icon: LucideIcon }[] = [
  { key: 'vouchers', icon: Ticket },
  { key: 'orders', icon: ShoppingBag },
  { key: 'reports', icon: ChartColumn },
  { key: 'help', icon: LifeBuoy },
];

/**
 * DEMO_MODE only: a stand-in for the Vouchie panel. Each "Pomoc → Kontakt" goes through the real hand-off
 * (/demo/panel/sso mints a signed token, /sso/vouchie verifies it), exactly as the panel's link will.
 */
export default async function DemoPanelPage() {
  const directory = await demoPanelDirectory();
  if (!directory) notFound();
  const t = await getTranslations('demo.panel');
  const tc = await getTranslations('common');
  const tr = await getTranslations('agent.roles');

  const nav = NAV.map(({ key, icon: Icon }) => (
    <li key={key}>
      <span
        aria-current={key === 'help' ? 'page' : undefined}
        className={cn(
          'flex flex-col items-center gap-1 rounded-lg px-1 py-1.5 text-xs font-medium whitespace-nowrap lg:h-10 lg:flex-row lg:gap-3 lg:px-3 lg:py-0 lg:text-sm',
          key === 'help' ? 'bg-brand-50 text-brand-700' : 'text-slate-600',
        )}
      >
        <Icon aria-hidden="true" className="size-4.5 shrink-0" />
        {t(`nav.${key}`)}
      </span>
    </li>
  ));

  return (
    <div className="min-h-dvh bg-slate-50 lg:grid lg:grid-cols-[16rem_minmax(0,1fr)]">
      <aside className="border-b border-slate-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col lg:border-r lg:border-b-0">
        <div className="flex h-14 items-center gap-2.5 px-4 lg:h-16 lg:px-5">
          <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white shadow-sm">
            <Gift className="size-4.5" strokeWidth={2.25} />
          </span>
          <span className="text-lg font-bold tracking-tight text-slate-900">{tc('brand')}</span>
          <Badge tone="warning" className="ml-auto lg:hidden">
            {t('demoBadge')}
          </Badge>
        </div>
        <nav aria-label={t('nav.label')} className="px-2 pb-2 lg:flex-1 lg:px-3 lg:pt-2">
          <ul className="grid grid-cols-4 gap-1 lg:flex lg:flex-col">{nav}</ul>
        </nav>
        <div className="hidden border-t border-slate-100 p-4 lg:block">
          <div className="rounded-xl bg-amber-50 p-3 ring-1 ring-amber-200">
            <p className="flex items-center gap-2 text-sm font-semibold text-amber-900">
              <FlaskConical aria-hidden="true" className="size-4" />
              {t('demoBadge')}
            </p>
            <p className="mt-1 text-xs leading-relaxed text-amber-900/80">{t('sidebarNote')}</p>
          </div>
        </div>
      </aside>

      <div className="min-w-0">
        <div role="note" className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 sm:px-6 lg:px-10">
          <p className="flex items-start gap-2">
            <FlaskConical aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <span>
              <strong className="font-semibold">{t('demoBadge')}.</strong> {t('banner')}
            </span>
          </p>
        </div>

        <main id="main" className="px-4 py-8 sm:px-6 lg:px-10 lg:py-10">
          <p className="text-sm font-medium text-slate-500">{t('breadcrumb')}</p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{t('title')}</h1>
          <p className="mt-2 max-w-2xl text-base leading-relaxed text-slate-600">{t('lead')}</p>

          <div className="mt-8 space-y-10">
            {PLANS.map((plan) => {
              const companies = directory.companies.filter((c) => c.plan === plan);
              if (companies.length === 0) return null;
              return (
                <section key={plan} aria-labelledby={`plan-${plan}`}>
                  <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                    <h2 id={`plan-${plan}`} className="text-lg font-semibold tracking-tight text-slate-900">
                      {t('planHeading', { plan: tc(`plans.${plan}`) })}
                    </h2>
                    <p className="text-sm text-slate-500">
                      {PLAN_SUPPORT[plan].channels.map((channel) => t(`channels.${channel}`)).join(' · ')}
                    </p>
                  </div>
                  <div className="mt-4 grid grid-cols-1 gap-4 xl:grid-cols-2">
                    {companies.map((company) => (
                      <CompanyCard key={company.id} company={company} />
                    ))}
                  </div>
                </section>
              );
            })}

            <section aria-labelledby="staff-title">
              <h2 id="staff-title" className="flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900">
                <Headset aria-hidden="true" className="size-5 text-slate-500" />
                {t('staffTitle')}
              </h2>
              <p className="mt-1 text-sm text-slate-500">{t('staffLead')}</p>
              <ul className="mt-4 grid grid-cols-1 gap-3 md:grid-cols-2 2xl:grid-cols-3">
                {directory.staff.map((member) => {
                  const action = member.role === 'ADMIN' ? t('signInAsAdmin') : t('signInAsAgent');
                  return (
                    <li key={member.id} className="flex items-center gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
                      <UserAvatar name={member.name} tone="dark" />
                      <div className="min-w-0 flex-1">
                        <p className="truncate text-sm font-medium text-slate-900">{member.name}</p>
                        <p className="truncate text-xs text-slate-500">{tr(member.role)}</p>
                      </div>
                      {/* A plain link, never prefetched: following it signs in. */}
                      <a
                        href={`/demo/sign-in?${new URLSearchParams({ email: member.email })}`}
                        className={buttonClasses({ variant: 'secondary', size: 'compact' })}
                        aria-label={t('actionFor', { action, name: member.name })}
                      >
                        {action}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </section>
          </div>
        </main>
      </div>
    </div>
  );
}

async function CompanyCard({ company }: { company: DemoCompany }) {
  const t = await getTranslations('demo.panel');
  const tc = await getTranslations('common');
  return (
    <article aria-labelledby={`company-${company.id}`} className="rounded-xl border border-slate-200 bg-white shadow-xs">
      <header className="flex items-center gap-3 border-b border-slate-100 px-4 py-3.5 sm:px-5">
        <h3 id={`company-${company.id}`} className="min-w-0 flex-1 truncate font-semibold text-slate-900">
          {company.name}
        </h3>
        <span
          className={cn(
            'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset',
            PLAN_ACCENT[company.plan],
          )}
        >
          {tc(`plans.${company.plan}`)}
        </span>
      </header>
      <ul className="divide-y divide-slate-100">
        {company.customers.map((customer) => (
          <li
            key={customer.id}
            className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:flex-nowrap sm:px-5"
            data-testid="demo-customer"
          >
            <UserAvatar name={customer.name} />
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm font-medium text-slate-900">
                <span className="break-words">{customer.name}</span>
                {customer.isCompanyAdmin ? <Badge tone="neutral">{t('companyAdmin')}</Badge> : null}
              </p>
              <p className="truncate text-xs text-slate-500">{customer.email}</p>
            </div>
            {/* A plain link, never prefetched: following it mints a single-use token. */}
            <a
              href={`/demo/panel/sso?${new URLSearchParams({ user: customer.id })}`}
              className={buttonClasses({ size: 'compact', className: 'w-full sm:w-auto' })}
              aria-label={t('actionFor', { action: t('contact'), name: customer.name })}
            >
              <LifeBuoy aria-hidden="true" />
              {t('contact')}
              <ArrowRight aria-hidden="true" />
            </a>
            <Link
              href={`/demo/panel/czat?${new URLSearchParams({ user: customer.id })}`}
              prefetch={false}
              className={buttonClasses({ variant: 'secondary', size: 'compact', className: 'w-full sm:w-auto' })}
              aria-label={t('actionFor', { action: t('chatWidget'), name: customer.name })}
            >
              <MessageCircle aria-hidden="true" />
              {t('chatWidget')}
            </Link>
          </li>
        ))}
      </ul>
    </article>
  );
}
