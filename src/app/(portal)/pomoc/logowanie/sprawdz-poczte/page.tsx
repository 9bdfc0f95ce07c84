import type { Metadata } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { Clock3, Inbox, MailCheck, ShieldCheck } from 'lucide-react';
import { CUSTOMER_HOME_PATH, SIGN_IN_PATH, STAFF_SIGN_IN_PATH } from '@/server/auth/paths';
import { emailSchema } from '@/server/tickets/schemas';
import { AuthPanel } from '@/components/auth/auth-panel';
import { buttonClasses } from '@/components/ui/button';
import { PENDING_SIGN_IN_COOKIE } from '../pending-email';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.checkInbox');
  return { title: t('metaTitle') };
}

/**
 * Shown after every request for a link, known address or not (Auth.js's verifyRequest page). It names the
 * address only from the short-lived cookie the form set, never from the URL.
 */
export default async function CheckInboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations('auth.checkInbox');
  const staff = (await searchParams).dla === 'zespol';
  const pending = emailSchema.safeParse((await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value);
  const email = pending.success ? pending.data : null;

  const tips = [
    { icon: Clock3, text: t('tips.expiry') },
    { icon: Inbox, text: t('tips.spam') },
    { icon: ShieldCheck, text: t('tips.safe') },
  ];

  return (
    <div className="px-4 py-10 sm:px-6 sm:py-16">
      <AuthPanel
        icon={MailCheck}
        tone="success"
        title={t('title')}
        lead={
          email
            ? t.rich('leadWithEmail', {
                email,
                strong: (chunks) => <strong className="font-semibold break-all text-slate-900">{chunks}</strong>,
              })
            : t('lead')
        }
      >
        <ul className="space-y-3">
          {tips.map(({ icon: Icon, text }) => (
            <li key={text} className="flex gap-3 text-sm leading-relaxed text-slate-700">
              <Icon aria-hidden="true" className="mt-0.5 size-4.5 shrink-0 text-slate-400" />
              <span>{text}</span>
            </li>
          ))}
        </ul>
        <div className="mt-7 flex flex-col gap-3 sm:flex-row">
          <Link
            href={staff ? STAFF_SIGN_IN_PATH : SIGN_IN_PATH}
            className={buttonClasses({ variant: 'secondary', className: 'sm:flex-1' })}
          >
            {t('otherAddress')}
          </Link>
          {staff ? null : (
            <Link href={CUSTOMER_HOME_PATH} className={buttonClasses({ variant: 'ghost', className: 'sm:flex-1' })}>
              {t('contactWithout')}
            </Link>
          )}
        </div>
      </AuthPanel>
    </div>
  );
}
