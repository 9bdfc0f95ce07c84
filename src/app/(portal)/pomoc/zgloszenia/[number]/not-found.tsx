import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PORTAL_PATHS } from '@/server/links';

export default async function TicketNotFound() {
  const t = await getTranslations('ticketPage');
  return (
    <div className="mx-auto w-full max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">{t('notFoundTitle')}</h1>
      <p className="mt-3 text-slate-600">{t('notFoundBody')}</p>
      <Link
        href={PORTAL_PATHS.contact}
        className="mt-6 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
      >
        {t('notFoundCta')}
      </Link>
    </div>
  );
}
