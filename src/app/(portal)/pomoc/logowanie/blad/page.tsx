import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CircleAlert, Clock3, RefreshCcw, ShieldAlert, UserX, type LucideIcon } from 'lucide-react';
import { CUSTOMER_HOME_PATH, SIGN_IN_PATH, STAFF_SIGN_IN_PATH } from '@/server/auth/paths';
import { isSsoFailure, vouchiePanelUrl, type SsoFailure } from '@/server/auth/sso';
import { env } from '@/server/env';
import { AuthPanel } from '@/components/auth/auth-panel';
import { buttonClasses } from '@/components/ui/button';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.error');
  return { title: t('metaTitle') };
}

/** Auth.js's own error types we explain; anything else reads as "sign-in unavailable". */
const AUTH_ERRORS = ['Verification', 'AccessDenied', 'Configuration'] as const;
type AuthErrorCode = (typeof AUTH_ERRORS)[number];
type Reason = SsoFailure | AuthErrorCode;

const isAuthError = (value: unknown): value is AuthErrorCode =>
  typeof value === 'string' && (AUTH_ERRORS as readonly string[]).includes(value);

const PRESENTATION: Record<
  Reason,
  { icon: LucideIcon; tone: 'warning' | 'danger'; primary: 'panel' | 'signIn' | 'retry' | 'staffSignIn'; secondary: 'signIn' | 'contact' }
> = {
  sso_expired: { icon: Clock3, tone: 'warning', primary: 'panel', secondary: 'signIn' },
  sso_replayed: { icon: RefreshCcw, tone: 'warning', primary: 'panel', secondary: 'signIn' },
  sso_invalid: { icon: ShieldAlert, tone: 'danger', primary: 'panel', secondary: 'signIn' },
  sso_unavailable: { icon: CircleAlert, tone: 'danger', primary: 'signIn', secondary: 'contact' },
  sso_rate_limited: { icon: Clock3, tone: 'warning', primary: 'panel', secondary: 'contact' },
  sso_inactive: { icon: UserX, tone: 'danger', primary: 'panel', secondary: 'contact' },
  sso_staff: { icon: ShieldAlert, tone: 'danger', primary: 'staffSignIn', secondary: 'contact' },
  Verification: { icon: Clock3, tone: 'warning', primary: 'signIn', secondary: 'contact' },
  AccessDenied: { icon: UserX, tone: 'danger', primary: 'signIn', secondary: 'contact' },
  Configuration: { icon: CircleAlert, tone: 'danger', primary: 'retry', secondary: 'contact' },
};

/**
 * Every refused sign-in ends here: Auth.js's `?error=` (magic links) and our `?powod=` (the panel's SSO
 * hand-off), each explained in plain words with a way forward.
 */
export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const t = await getTranslations('auth.error');
  const reason: Reason = isSsoFailure(params.powod) ? params.powod : isAuthError(params.error) ? params.error : 'Configuration';
  const look = PRESENTATION[reason];
  const supportEmail = env().SUPPORT_EMAIL;
  const panelUrl = vouchiePanelUrl();

  const actions = {
    panel: { href: panelUrl, label: t('actions.panel') },
    signIn: { href: SIGN_IN_PATH, label: t('actions.signIn') },
    retry: { href: SIGN_IN_PATH, label: t('actions.retry') },
    staffSignIn: { href: STAFF_SIGN_IN_PATH, label: t('actions.staffSignIn') },
    contact: { href: CUSTOMER_HOME_PATH, label: t('actions.contact') },
  };
  const primary = actions[look.primary];
  const secondary = actions[look.secondary];
  const code = typeof params.powod === 'string' || typeof params.error === 'string' ? reason : null;

  return (
    <div className="px-4 py-10 sm:px-6 sm:py-16">
      <AuthPanel
        icon={look.icon}
        tone={look.tone}
        title={t(`reasons.${reason}.title`)}
        lead={t.rich(`reasons.${reason}.body`, {
          email: supportEmail,
          mail: (chunks) => (
            <a href={`mailto:${supportEmail}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
              {chunks}
            </a>
          ),
        })}
        footer={
          code ? (
            <p className="text-xs text-slate-500">
              {t.rich('code', { code, c: (chunks) => <code className="font-mono text-slate-700">{chunks}</code> })}
            </p>
          ) : null
        }
      >
        <div className="flex flex-col gap-3">
          {/* Plain links: the panel is another site, the demo panel's buttons must not be prefetched, and the portal's
              chrome links with plain anchors too (no next/link code on this page). */}
          <a href={primary.href} className={buttonClasses({ size: 'lg', className: 'w-full' })}>
            {primary.label}
          </a>
          <a href={secondary.href} className={buttonClasses({ variant: 'secondary', size: 'lg', className: 'w-full' })}>
            {secondary.label}
          </a>
        </div>
      </AuthPanel>
    </div>
  );
}
