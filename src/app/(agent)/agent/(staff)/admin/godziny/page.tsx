import { DEFAULT_CALLBACK_SLOT_CAPACITY } from '@/server/plan-settings/read';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Info } from 'lucide-react';
import { localDateOf, polishHolidays } from '@/server/calendar';
import { getVisitorChatSetting, listCalendarExceptions, listPlanSettings } from '@/server/plan-settings/admin';
import type { PlanSupport, VisitorChatSupport } from '@/server/plans';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { AdminSectionHeading } from '@/components/admin/section-heading';
import { CalendarExceptions } from '@/components/admin/hours/calendar-exceptions';
import { PlanHoursForm, type PlanHoursValues } from '@/components/admin/hours/plan-hours-form';
import { addDayException, removeDayException, resetPlanHours, resetVisitorHours, savePlanHours, saveVisitorHours } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminHours');
  return { title: t('metaTitle') };
}

function values(support: PlanSupport, callbackSlotCapacity = DEFAULT_CALLBACK_SLOT_CAPACITY): PlanHoursValues {
  return {
    channels: support.channels.filter((c): c is 'CHAT' | 'PHONE' => c === 'CHAT' || c === 'PHONE'),
    supportHours: support.supportHours,
    chatHours: support.chatHours,
    phoneHours: support.phoneHours,
    closedOnPublicHolidays: support.closedOnPublicHolidays,
    callbackSlotCapacity,
  };
}

/** The visitors' entry in the plan form's shape: chat is its only channel, and only its hours are shown. */
function visitorValues(support: VisitorChatSupport): PlanHoursValues {
  return {
    channels: support.chat ? ['CHAT'] : [],
    supportHours: support.chatHours,
    chatHours: support.chatHours,
    phoneHours: support.chatHours,
    closedOnPublicHolidays: support.closedOnPublicHolidays,
    // Visitors have no phone, so no callback slots: the form does not show the field for them.
    callbackSlotCapacity: DEFAULT_CALLBACK_SLOT_CAPACITY,
  };
}

/** /agent/admin/godziny: channels and hours per plan, the team's days off and worked days, and the public holidays. */
export default async function HoursAdminPage() {
  await requireAdminArea();
  const principal = await currentPrincipal();
  const [t, format, plans, visitor, exceptions] = await Promise.all([
    getTranslations('adminHours'),
    getFormatter(),
    listPlanSettings(principal),
    getVisitorChatSetting(principal),
    listCalendarExceptions(principal),
  ]);
  if (!plans.ok || !visitor.ok || !exceptions.ok) notFound();
  const today = localDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const upcoming = [...polishHolidays(year), ...polishHolidays(year + 1)].filter((h) => h.date >= today).slice(0, 14);

  return (
    <>
      <AdminSectionHeading title={t('title')} lead={t('lead')} />
      <p className="mt-4 flex items-start gap-2.5 rounded-lg bg-amber-50 px-3.5 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
        <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        {t('appliesTo')}
      </p>
      <div className="mt-5 grid grid-cols-1 gap-4 lg:grid-cols-3">
        {plans.value.map((row) => (
          <PlanHoursForm
            key={`${row.plan}-${row.updatedAt?.getTime() ?? 'default'}`}
            actions={{ save: savePlanHours, reset: resetPlanHours }}
            plan={row.plan}
            current={values(row.current, row.current.callbackSlotCapacity)}
            defaults={values(row.defaults)}
            configured={row.current.configured}
            updatedAt={row.updatedAt}
            updatedBy={row.updatedBy}
          />
        ))}
        <PlanHoursForm
          key={`VISITOR-${visitor.value.updatedAt?.getTime() ?? 'default'}`}
          actions={{ save: saveVisitorHours, reset: resetVisitorHours }}
          plan="VISITOR"
          current={visitorValues(visitor.value.current)}
          defaults={visitorValues(visitor.value.defaults)}
          configured={visitor.value.current.configured}
          updatedAt={visitor.value.updatedAt}
          updatedBy={visitor.value.updatedBy}
        />
      </div>

      <section aria-labelledby="exceptions-title" className="mt-10">
        <h2 id="exceptions-title" className="text-lg font-semibold tracking-tight text-slate-900">
          {t('exceptions.title')}
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('exceptions.lead')}</p>
        <div className="mt-4">
          <CalendarExceptions rows={exceptions.value} today={today} actions={{ add: addDayException, remove: removeDayException }} />
        </div>
      </section>

      <section aria-labelledby="holidays-title" className="mt-10">
        <h2 id="holidays-title" className="text-lg font-semibold tracking-tight text-slate-900">
          {t('holidayList.title')}
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('holidayList.lead')}</p>
        <ul
          className="mt-4 grid grid-cols-1 gap-x-6 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white px-4 shadow-xs sm:grid-cols-2 sm:divide-y-0 sm:px-5 sm:py-2"
          data-testid="holidays"
        >
          {upcoming.map((h) => (
            <li key={h.date} className="flex items-baseline justify-between gap-3 py-2 text-sm">
              <span className="text-slate-900">{t(`holidayList.names.${h.holiday}`)}</span>
              <time dateTime={h.date} className="text-slate-600 tabular-nums">
                {format.dateTime(new Date(`${h.date}T12:00:00Z`), {
                  weekday: 'short',
                  day: 'numeric',
                  month: 'long',
                  year: 'numeric',
                  timeZone: 'UTC',
                })}
              </time>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
