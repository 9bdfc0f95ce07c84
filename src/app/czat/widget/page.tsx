import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { env } from '@/server/env';
import { PLAN_SUPPORT } from '@/server/plans';
import { WidgetApp } from '@/components/chat/customer/widget-app';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('chat.widget');
  return { title: t('metaTitle'), robots: { index: false } };
}

/**
 * The chat inside the widget's iframe (public/widget.js opens it on the sites in CHAT_WIDGET_ORIGINS; the page's CSP
 * frame-ancestors, set by src/proxy.ts, refuses every other site). `?sso=1`: the host page (the Vouchie panel)
 * vouches for the merchant with its signed SSO token, handed over by postMessage; otherwise the visitor gives a
 * name and e-mail first. Opened on its own (not framed), it works as a plain chat page for visitors.
 */
export default async function ChatWidgetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const config = env();
  const tc = await getTranslations('common');
  const format = await getFormatter();
  const sso = params.sso === '1';
  const plans = (['BIZNES', 'PREMIUM'] as const)
    .filter((plan) => PLAN_SUPPORT[plan].channels.includes('CHAT'))
    .map((plan) => tc(`plans.${plan}`));
  const pageUrl = typeof params.page === 'string' ? params.page.slice(0, 2000) : undefined;
  // The panel's user id (optional): one browser shared by two merchants keeps two open chats apart.
  const uid = typeof params.uid === 'string' ? params.uid.slice(0, 200) : '';

  return (
    <WidgetApp
      sso={sso}
      hostOrigins={[new URL(config.APP_URL).origin, ...config.CHAT_WIDGET_ORIGINS]}
      limits={{ maxFileBytes: config.UPLOAD_MAX_FILE_MB, maxFiles: config.UPLOAD_MAX_FILES }}
      chatPlans={format.list(plans, { type: 'conjunction' })}
      pageUrl={pageUrl}
      storageScope={sso ? `widget-sso:${uid}` : 'widget'}
    />
  );
}
