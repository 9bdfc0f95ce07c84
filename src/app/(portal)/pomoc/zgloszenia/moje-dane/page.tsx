import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ArrowLeft, Download, Mail, Phone, ShieldCheck } from 'lucide-react';
import { currentPrincipal, currentViewer } from '@/server/auth/guards';
import { formatBytes } from '@/server/attachments';
import { env } from '@/server/env';
import { PORTAL_PATHS, signInPath } from '@/server/links';
import { ownPhone } from '@/server/phone/contact-phone';
import { ownDataSummary } from '@/server/privacy/access';
import { PhoneNumberEditor } from '@/components/phone/phone-number-editor';
import { ActionButton } from '@/components/ui/action-button';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { toLocale } from '@/i18n/config';
import { queueOwnExportAction, setOwnPhoneAction } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('rodo.myData');
  return { title: t('metaTitle'), robots: { index: false } };
}

const INCLUDED = ['profile', 'tickets', 'emails', 'signIns', 'attachments'] as const;

/** "Moje dane" (RODO art. 15): what we hold about the signed-in person, as one ZIP, and how to ask for erasure. */
export default async function MyDataPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await currentViewer();
  if (viewer.kind !== 'user') redirect(signInPath(PORTAL_PATHS.myData));
  const principal = await currentPrincipal();
  const [summary, phone] = await Promise.all([ownDataSummary(principal), ownPhone(principal)]);
  if (!summary.ok) redirect(signInPath(PORTAL_PATHS.myData));
  const tp = await getTranslations('phone.contactPhone');
  const query = await searchParams;
  const t = await getTranslations('rodo.myData');
  const config = env();
  const locale = toLocale(viewer.user.locale);
  const inline = summary.value.inline && query['za-duze'] !== '1';

  return (
    <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6 sm:py-10 lg:py-12">
      <Link
        href={PORTAL_PATHS.tickets}
        className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:text-brand-800"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t('back')}
      </Link>
      <p className="mt-4 text-sm font-medium text-brand-700">{t('eyebrow')}</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{t('title')}</h1>
      <p className="mt-2 text-base text-slate-600">{t('intro')}</p>

      <Card className="mt-6 p-5 sm:p-6">
        <h2 className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <ShieldCheck aria-hidden="true" className="size-5 text-brand-600" />
          {t('packageTitle')}
        </h2>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {INCLUDED.map((item) => (
            <li key={item}>{t(`included.${item}`)}</li>
          ))}
        </ul>
        <p className="mt-3 text-sm text-slate-600">{t('notIncluded')}</p>
        <p className="mt-3 text-sm text-slate-800" data-testid="my-data-size">
          {t('size', { tickets: summary.value.tickets, size: formatBytes(summary.value.attachmentBytes, locale) })}
        </p>
        {inline ? (
          <a href={PORTAL_PATHS.myDataDownload} download className={buttonClasses({ className: 'mt-5 w-full sm:w-auto' })}>
            <Download aria-hidden="true" />
            {t('download')}
          </a>
        ) : (
          <>
            <Alert tone="info" className="mt-4">
              {t('tooLarge')}
            </Alert>
            <ActionButton action={queueOwnExportAction} icon={<Mail aria-hidden="true" />} label={t('queue')} />
          </>
        )}
      </Card>

      {phone ? (
        <Card className="mt-6 p-5 sm:p-6" data-testid="my-phone">
          <h2 className="flex items-center gap-2 text-lg font-semibold text-slate-900">
            <Phone aria-hidden="true" className="size-5 text-brand-600" />
            {tp('title')}
          </h2>
          <p className="mt-2 text-sm text-slate-600">{tp('myIntro')}</p>
          <div className="mt-3 text-sm">
            <PhoneNumberEditor phone={phone.phone} phoneDisplay={phone.phoneDisplay} action={setOwnPhoneAction} />
          </div>
        </Card>
      ) : null}

      <Card className="mt-6 p-5 sm:p-6">
        <h2 className="text-lg font-semibold text-slate-900">{t('rightsTitle')}</h2>
        <p className="mt-2 text-sm text-slate-700">{t('rights', { email: config.SUPPORT_EMAIL })}</p>
        <p className="mt-2 text-sm">
          <a
            href={config.PRIVACY_NOTICE_URL}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800"
          >
            {t('notice')}
            <span className="sr-only"> {t('newTab')}</span>
          </a>
        </p>
      </Card>
    </div>
  );
}
