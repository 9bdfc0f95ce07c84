import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ArrowLeft, FlaskConical, Gift, MessageCircle, Ticket } from 'lucide-react';
import { demoCustomer, isDemoMode } from '@/server/demo/panel';
import { UserAvatar } from '@/components/auth/user-avatar';
import { buttonClasses } from '@/components/ui/button';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('demo.panelChat');
  return { title: t('metaTitle'), robots: { index: false } };
}

/**
 * DEMO_MODE only: a page of the stand-in Vouchie panel, signed in as one merchant, carrying the chat widget exactly
 * as docs/chat.md tells the panel team: one script tag, the merchant vouched for by a fresh SSO token per request.
 */
export default async function DemoPanelChatPage({ searchParams }: { searchParams: Promise<{ user?: string }> }) {
  const { user: userId = '' } = await searchParams;
  if (!isDemoMode() || !/^[0-9a-f-]{36}$/i.test(userId)) notFound();
  const user = await demoCustomer(userId);
  if (!user?.active || user.role !== 'CUSTOMER' || !user.company) notFound();
  const t = await getTranslations('demo.panelChat');
  const tc = await getTranslations('common');
  // The page's CSP nonce (src/proxy.ts): the widget's loader is our own script tag.
  const nonce = /'nonce-([^']+)'/.exec((await headers()).get('content-security-policy') ?? '')?.[1];
  const name = user.name ?? user.email;

  return (
    <div className="min-h-dvh bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-5xl items-center gap-3 px-4 sm:px-6">
          <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white shadow-sm">
            <Gift className="size-4.5" strokeWidth={2.25} />
          </span>
          <span className="text-lg font-bold tracking-tight text-slate-900">{tc('brand')}</span>
          <span className="ml-auto flex min-w-0 items-center gap-2.5 text-sm">
            <UserAvatar name={name} />
            <span className="truncate font-medium text-slate-800 max-sm:sr-only">{name}</span>
          </span>
        </div>
      </header>
      <div role="note" className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 sm:px-6">
        <p className="mx-auto flex max-w-5xl items-start gap-2">
          <FlaskConical aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>{t('banner')}</span>
        </p>
      </div>
      <main id="main" className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
        <Link href="/demo/panel" className="inline-flex min-h-11 items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline">
          <ArrowLeft aria-hidden="true" className="size-4" />
          {t('back')}
        </Link>
        <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900">{t('title')}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {t('company', { company: user.company.name, plan: tc(`plans.${user.company.plan}`) })}
        </p>
        <div className="mt-6 grid gap-4 sm:grid-cols-3">
          {(['sold', 'redeemed', 'active'] as const).map((key, index) => (
            <div key={key} className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
              <p className="flex items-center gap-2 text-sm text-slate-600">
                <Ticket aria-hidden="true" className="size-4 text-slate-500" />
                {t(`stats.${key}`)}
              </p>
              <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{[128, 74, 54][index]}</p>
            </div>
          ))}
        </div>
        <p className="mt-8 flex items-start gap-2 rounded-xl bg-white p-4 text-sm text-slate-700 shadow-xs ring-1 ring-slate-200">
          <MessageCircle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-600" />
          {t('hint')}
        </p>
        <Link href="/demo/panel" className={buttonClasses({ variant: 'secondary', className: 'mt-6' })}>
          {t('back')}
        </Link>
      </main>
      <script
        src="/widget.js"
        async
        nonce={nonce}
        data-sso-url={`/demo/panel/sso-token?${new URLSearchParams({ user: user.id })}`}
        data-user-id={user.externalId ?? user.id}
      />
    </div>
  );
}
