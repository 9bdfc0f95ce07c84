import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { BookOpen, ChevronDown, CircleHelp } from 'lucide-react';
import { currentViewer } from '@/server/auth/guards';
import { env } from '@/server/env';
import { contactCategories } from '@/server/categories/settings';
import { getAllPlanSupport, getPlanSupport, isChannelOpen, nextChannelOpening } from '@/server/plan-settings';
import { PORTAL_PATHS } from '@/server/links';
import { businessHoursNow } from '@/server/clock';
import { toLocale } from '@/i18n/config';
import { bookCallbackAction, submitContactForm } from './actions';
import { callbackBookingOptions } from '@/server/phone/booking';
import { LazyCallbackBooking } from '@/components/phone/lazy-callback-booking';
import type { SignedInReporter } from '@/components/contact/contact-form';
import { DeferredContactForm } from '@/components/contact/deferred-contact-form';
import { SupportChannels } from '@/components/contact/support-channels';
import { Card } from '@/components/ui/card';
import { islandIntl } from '@/i18n/island-messages';
import { CONTACT_CHANNEL_NAMESPACES, CONTACT_FORM_NAMESPACES } from '@/i18n/pick-messages';

export const dynamic = 'force-dynamic';

// Self-help pages of the Vouchie help section (HELP_CENTER_URL); the seed asks people to look there first. The
// knowledge base is this site's own (/pomoc/baza-wiedzy).
const SELF_HELP = { docs: 'dokumentacja', tutorials: 'tutoriale' } as const;

const WHEN_ITEMS = ['noAnswer', 'bug', 'configuration', 'billing', 'suggestion'] as const;

const FORM_ANCHOR = 'formularz';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('contact');
  return { title: t('metaTitle') };
}

export default async function ContactPage() {
  const t = await getTranslations('contact');
  const tf = await getTranslations('ticketForm');
  const locale = await getLocale();
  const viewer = await currentViewer();
  const config = env();

  const plan = viewer.kind === 'user' ? (viewer.company?.plan ?? null) : null;
  // Open now: by the business-hours clock (a DEMO_MODE test stack may move it, src/server/clock.ts).
  const now = businessHoursNow();
  // Channels, hours and the promised first response as admins set them (/agent/admin/godziny, /agent/admin/sla).
  const [categories, planSupport, plans, chatOpen, chatNext, phoneOpen, phoneNext] = await Promise.all([
    contactCategories(toLocale(locale)),
    getPlanSupport(plan),
    getAllPlanSupport(),
    isChannelOpen(plan, 'CHAT', now),
    nextChannelOpening(plan, 'CHAT', now),
    isChannelOpen(plan, 'PHONE', now),
    nextChannelOpening(plan, 'PHONE', now),
  ]);
  const support = { ...planSupport, firstResponseHours: Math.ceil(planSupport.firstResponseHours) };
  // "Zamów rozmowę zwrotną": a signed-in customer whose plan has the phone (slots on the real clock: they are booked).
  const booking =
    viewer.kind === 'user' && support.channels.includes('PHONE') ? await callbackBookingOptions({ userId: viewer.user.id }) : null;
  const channelsNow = { CHAT: { open: chatOpen, nextOpening: chatNext }, PHONE: { open: phoneOpen, nextOpening: phoneNext } };
  const reporter: SignedInReporter | null =
    viewer.kind === 'user'
      ? {
          name: viewer.user.name,
          email: viewer.user.email,
          company: viewer.company ? { name: viewer.company.name, plan: viewer.company.plan } : null,
        }
      : null;

  const helpCenter = config.HELP_CENTER_URL?.replace(/\/$/, '');
  // Without a configured help centre the names stay plain text: a link that leads nowhere helps nobody.
  const selfHelpLink = (path: string) =>
    function SelfHelpLink(chunks: React.ReactNode) {
      if (!helpCenter) return <strong className="font-medium text-slate-900">{chunks}</strong>;
      const href = `${helpCenter}/${path}`;
      return (
        <a href={href} className="font-medium text-brand-700 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700">
          {chunks}
        </a>
      );
    };

  // The page renders no catalogue provider: the form, the chat card and the callback booking (signed-in customers
  // only) load on demand and bring their own, with their texts as props. So a guest's first load has no next-intl.
  const channelIntl = viewer.kind === 'user' ? await islandIntl(CONTACT_CHANNEL_NAMESPACES) : null;
  const channels = (
    <SupportChannels
      plan={plan}
      support={support}
      plans={plans}
      now={channelsNow}
      supportEmail={config.SUPPORT_EMAIL}
      supportPhone={config.SUPPORT_PHONE}
      formAnchor={`#${FORM_ANCHOR}`}
      signedIn={viewer.kind === 'user'}
      callback={
        booking?.ok && channelIntl ? (
          <LazyCallbackBooking
            intl={channelIntl}
            action={bookCallbackAction}
            slots={booking.value.slots}
            phone={booking.value.phone}
            tickets={booking.value.tickets}
          />
        ) : undefined
      }
      chat={
        viewer.kind === 'user' && channelIntl && support.channels.includes('CHAT')
          ? {
              intl: channelIntl,
              customerName: viewer.user.name ?? viewer.user.email,
              limits: { maxFileBytes: config.UPLOAD_MAX_FILE_MB, maxFiles: config.UPLOAD_MAX_FILES },
              ticketsPath: PORTAL_PATHS.tickets,
            }
          : undefined
      }
    />
  );
  const form = (
    <DeferredContactForm
      intl={await islandIntl(CONTACT_FORM_NAMESPACES)}
      pastedName={tf('attachments.pastedName', { stamp: '{stamp}' })}
      action={submitContactForm}
      privacyNoticeUrl={config.PRIVACY_NOTICE_URL}
      reporter={reporter}
      categories={categories}
      uploadLimits={{
        maxFileBytes: config.UPLOAD_MAX_FILE_MB,
        maxFiles: config.UPLOAD_MAX_FILES,
        maxTotalBytes: config.UPLOAD_MAX_TOTAL_MB,
      }}
    />
  );

  // What the "when to contact us" card says: folded for a signed-in merchant, open for everyone else.
  const whenBody = (
    <>
      <p className="mt-1.5 text-sm text-slate-600">{t('when.lead')}</p>
      <ul className="mt-3 grid gap-x-8 gap-y-2 text-sm text-slate-700 md:grid-cols-2">
        {WHEN_ITEMS.map((item) => (
          <li key={item} className="flex gap-2.5">
            <span aria-hidden="true" className="mt-2 size-1.5 shrink-0 rounded-full bg-brand-500" />
            <span>{t(`when.items.${item}`)}</span>
          </li>
        ))}
      </ul>
      <p className="mt-4 flex items-start gap-2.5 rounded-lg bg-brand-50/70 px-3.5 py-3 text-sm text-slate-700">
        <BookOpen aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-600" />
        <span>
          {t.rich('when.selfHelp', {
            docs: selfHelpLink(SELF_HELP.docs),
            tutorials: selfHelpLink(SELF_HELP.tutorials),
            faq: (chunks) => (
              <a
                href={PORTAL_PATHS.kb}
                className="font-medium text-brand-700 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700"
              >
                {chunks}
              </a>
            ),
          })}
        </span>
      </p>
    </>
  );

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10 lg:px-8 lg:py-12">
      <header className="max-w-3xl">
        <p className="text-sm font-medium text-brand-700">{t('eyebrow')}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight text-balance text-slate-900 sm:text-3xl">{t('title')}</h1>
        <p className="mt-3 text-base leading-relaxed text-slate-600">{t('intro')}</p>
      </header>

      {reporter ? (
        // A merchant signed in from the panel came to file a ticket: the advice folds away (one tap opens it) and the
        // form comes first, so on a phone it is not several screens down the page.
        <Card className="mt-6">
          <details className="group px-5 py-4 sm:px-6" data-testid="when-details">
            <summary className="flex cursor-pointer list-none items-center gap-2.5 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 [&::-webkit-details-marker]:hidden">
              <CircleHelp aria-hidden="true" className="size-5 text-brand-600" />
              <h2 id="when-title" className="text-base font-semibold tracking-tight text-slate-900">
                {t('when.title')}
              </h2>
              <ChevronDown aria-hidden="true" className="ml-auto size-4 text-slate-500 transition-transform group-open:rotate-180" />
            </summary>
            <div className="pt-1">{whenBody}</div>
          </details>
        </Card>
      ) : (
        <Card className="mt-8">
          <section aria-labelledby="when-title" className="px-5 py-5 sm:px-6">
            <div className="flex items-center gap-2.5">
              <CircleHelp aria-hidden="true" className="size-5 text-brand-600" />
              <h2 id="when-title" className="text-lg font-semibold tracking-tight text-slate-900">
                {t('when.title')}
              </h2>
            </div>
            {whenBody}
          </section>
        </Card>
      )}

      <div className="mt-8 grid gap-8 lg:grid-cols-[20rem_minmax(0,1fr)] xl:grid-cols-[22rem_minmax(0,1fr)]">
        {/* Signed in: the form comes first in reading order, so a phone shows it first; wide screens keep the channels left. */}
        {reporter ? (
          <>
            <div id={FORM_ANCHOR} className="min-w-0 scroll-mt-24 lg:col-start-2 lg:row-start-1">
              {form}
            </div>
            <aside className="lg:col-start-1 lg:row-start-1 lg:pt-1">{channels}</aside>
          </>
        ) : (
          <>
            <aside className="lg:pt-1">{channels}</aside>
            <div id={FORM_ANCHOR} className="min-w-0 scroll-mt-24">
              {form}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
