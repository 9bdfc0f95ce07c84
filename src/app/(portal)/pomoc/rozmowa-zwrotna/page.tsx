import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { PhoneCall } from 'lucide-react';
import { PORTAL_PATHS } from '@/server/links';
import { managedCallback, slotLabel } from '@/server/phone/booking';
import { toLocale } from '@/i18n/config';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { CallbackManager } from '@/components/phone/callback-manager';
import { cancelCallbackAction, moveCallbackAction } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('callbackBooking.manage');
  return { title: t('metaTitle'), robots: { index: false } };
}

type Props = { searchParams: Promise<{ t?: string | string[] }> };

/** Move or cancel a booked callback: opened from its e-mail, no sign-in needed (the signed `?t=` token). */
export default async function CallbackManagePage({ searchParams }: Props) {
  const query = await searchParams;
  const token = typeof query.t === 'string' ? query.t : null;
  const t = await getTranslations('callbackBooking.manage');
  const locale = toLocale(await getLocale());
  const callback = await managedCallback(token);

  return (
    <div className="mx-auto max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      <h1 className="flex items-center gap-2.5 text-2xl font-bold tracking-tight text-slate-900">
        <PhoneCall aria-hidden="true" className="size-6 text-brand-600" />
        {t('title')}
      </h1>
      {!callback || !token ? (
        <Card className="mt-6 px-5 py-5">
          <p className="text-sm text-slate-700">{t('invalid')}</p>
          <Link
            href={PORTAL_PATHS.contact}
            className="mt-3 inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline"
          >
            {t('contact')}
          </Link>
        </Card>
      ) : (
        <Card className="mt-6">
          <dl className="grid gap-x-6 gap-y-3 px-5 py-5 text-sm sm:grid-cols-[8rem_1fr]" data-testid="callback-details">
            <dt className="font-medium text-slate-500">{t('when')}</dt>
            <dd className="text-slate-900" data-testid="callback-when">
              {slotLabel(callback.slotStart, callback.slotEnd, locale)}{' '}
              <Badge tone={callback.status === 'OPEN' ? 'brand' : 'neutral'}>{t(`status.${callback.status}`)}</Badge>
            </dd>
            <dt className="font-medium text-slate-500">{t('phone')}</dt>
            <dd className="text-slate-900 tabular-nums">{callback.phone}</dd>
            {callback.topic ? (
              <>
                <dt className="font-medium text-slate-500">{t('topic')}</dt>
                <dd className="break-words text-slate-900">{callback.topic}</dd>
              </>
            ) : null}
            {callback.ticketNumber ? (
              <>
                <dt className="font-medium text-slate-500">{t('ticket')}</dt>
                <dd className="text-slate-900 tabular-nums">{callback.ticketNumber}</dd>
              </>
            ) : null}
          </dl>
          <div className="border-t border-slate-200 px-5 py-5">
            {callback.changeable ? (
              <CallbackManager
                slots={callback.slots}
                move={moveCallbackAction.bind(null, token)}
                cancel={cancelCallbackAction.bind(null, token)}
              />
            ) : (
              <p className="text-sm text-slate-700">{t('notChangeable')}</p>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}
