import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { ArrowDown, Check, Lock, Mail, MessageCircle, Phone, SquarePen, type LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Plan } from '@/generated/prisma/enums';
import type { WeeklyHours } from '@/server/calendar';
import type { ContactChannel, PlanSupport } from '@/server/plans';
import { LazyChatCard } from '@/components/chat/customer/lazy-chat-card';
import type { ComposerLimits } from '@/components/chat/customer/chat-composer';
import type { IslandIntl } from '@/i18n/intl-island';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { cn } from '@/lib/cn';

const ORDER: readonly ContactChannel[] = ['TICKET', 'CHAT', 'EMAIL', 'PHONE'];
const ICONS: Record<ContactChannel, LucideIcon> = { TICKET: SquarePen, CHAT: MessageCircle, EMAIL: Mail, PHONE: Phone };
const PLAN_ORDER: readonly Plan[] = ['START', 'BIZNES', 'PREMIUM'];

/** "Mon–Fri" / "pon.–pt." from ISO weekday numbers, in the page's language. */
function dayRange(days: readonly number[], locale: string): string {
  // 2024-01-01 was a Monday, so day n (Monday = 1) is 2024-01-0n.
  const name = (day: number) =>
    new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
  const sorted = [...days].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return '';
  const contiguous = last - first + 1 === sorted.length;
  return contiguous && sorted.length > 1 ? `${name(first)}–${name(last)}` : sorted.map(name).join(', ');
}

/** Whether a live channel is open now, and when it opens next (null: not in the plan, or never). */
export interface ChannelNow {
  open: boolean;
  nextOpening: Date | null;
}

export interface SupportChannelsProps {
  /** Null for guests: they see what every plan has. */
  plan: Plan | null;
  /** The viewer's plan's channels, hours and targets as admins set them (plan-settings). */
  support: PlanSupport;
  /** Every plan's, for "available in plan …" on the channels this plan lacks. */
  plans: Record<Plan, PlanSupport>;
  now: { CHAT: ChannelNow; PHONE: ChannelNow };
  supportEmail: string;
  supportPhone: string;
  formAnchor: string;
  /** The live chat's needs, for a signed-in customer whose plan has chat. */
  chat?: { customerName: string | null; limits: ComposerLimits; ticketsPath: string; intl: IslandIntl };
  /** "Zamów rozmowę zwrotną", for a signed-in customer whose plan has the phone. */
  callback?: ReactNode;
  signedIn?: boolean;
}

/** The contact channels of the viewer's plan; the others stay visible, muted, saying which plan has them. */
export async function SupportChannels({
  plan,
  support,
  plans,
  now,
  supportEmail,
  supportPhone,
  formAnchor,
  chat,
  callback,
  signedIn,
}: SupportChannelsProps) {
  const t = await getTranslations('contact.channels');
  const th = await getTranslations('contactHours');
  const tc = await getTranslations('common');
  const format = await getFormatter();
  const lang = await getLocale();

  const rangeOf = (hours: WeeklyHours) => t('hoursRange', { days: dayRange(hours.days, lang), from: hours.from, to: hours.to });
  const hoursText = rangeOf(support.chatHours);
  const phoneHoursText = rangeOf(support.phoneHours);
  const chatOpen = now.CHAT.open;
  const opensAt = (channel: 'CHAT' | 'PHONE') => {
    const next = now[channel].nextOpening;
    if (now[channel].open || !next) return null;
    const date = format.dateTime(next, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/Warsaw',
    });
    return (
      <p className="mt-1 pl-4 text-sm text-slate-600" data-testid={`${channel.toLowerCase()}-opens`}>
        {th('opensAt', { date })}
      </p>
    );
  };

  const plansWith = (channel: ContactChannel) => PLAN_ORDER.filter((p) => plans[p].channels.includes(channel));
  const lockedNote = (channel: ContactChannel) => {
    const plans = plansWith(channel).map((p) => tc(`plans.${p}`));
    return t('locked', { count: plans.length, plans: format.list(plans, { type: 'conjunction' }) });
  };

  const available = (channel: ContactChannel) => support.channels.includes(channel);

  const body: Record<ContactChannel, ReactNode> = {
    TICKET: (
      <>
        <ul className="mt-3 space-y-1.5 text-sm text-slate-700">
          {[
            t('ticket.number'),
            th('response', { hours: support.firstResponseHours }),
            th('supportHours', { hours: rangeOf(support.supportHours), holidays: String(support.closedOnPublicHolidays) }),
          ].map((line) => (
            <li key={line} className="flex gap-2">
              <Check aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-600" />
              {line}
            </li>
          ))}
        </ul>
        <a href={formAnchor} className={buttonClasses({ className: 'mt-4 w-full' })}>
          {t('ticket.cta')}
          <ArrowDown aria-hidden="true" />
        </a>
      </>
    ),
    CHAT: available('CHAT') ? (
      <>
        <p className="mt-3 flex items-start gap-2 text-sm font-medium">
          <span aria-hidden="true" className={cn('mt-1.5 size-2 shrink-0 rounded-full', chatOpen ? 'bg-emerald-500' : 'bg-slate-400')} />
          <span className={chatOpen ? 'text-emerald-700' : 'text-slate-700'}>
            {chatOpen ? t('chat.open') : t('chat.closed', { hours: hoursText })}
          </span>
        </p>
        {chatOpen ? <p className="mt-1 pl-4 text-sm text-slate-600">{t('chat.hours', { hours: hoursText })}</p> : opensAt('CHAT')}
        {chat ? (
          <LazyChatCard
            customerName={chat.customerName}
            limits={chat.limits}
            ticketsPath={chat.ticketsPath}
            intl={chat.intl}
            chatPlans={format.list(
              plansWith('CHAT').map((p) => tc(`plans.${p}`)),
              { type: 'conjunction' },
            )}
          />
        ) : null}
      </>
    ) : null,
    EMAIL: (
      <a
        href={`mailto:${supportEmail}`}
        className="mt-3 inline-flex min-h-11 items-center gap-2 text-sm font-semibold break-all text-brand-700 underline-offset-2 hover:underline"
      >
        {supportEmail}
      </a>
    ),
    PHONE: available('PHONE') ? (
      <>
        <a
          href={`tel:${supportPhone.replace(/[^\d+]/g, '')}`}
          className="mt-3 inline-flex min-h-11 items-center gap-2 text-base font-semibold text-brand-700 tabular-nums underline-offset-2 hover:underline"
        >
          {supportPhone}
        </a>
        <p className="mt-1 flex items-start gap-2 text-sm font-medium" data-testid="phone-now">
          <span
            aria-hidden="true"
            className={cn('mt-1.5 size-2 shrink-0 rounded-full', now.PHONE.open ? 'bg-emerald-500' : 'bg-slate-400')}
          />
          <span className={now.PHONE.open ? 'text-emerald-700' : 'text-slate-700'}>
            {now.PHONE.open ? th('phoneOpen') : th('phoneClosed')}
          </span>
        </p>
        <p className="mt-1 pl-4 text-sm text-slate-600">{t('phone.hours', { hours: phoneHoursText })}</p>
        {opensAt('PHONE')}
        {now.PHONE.open ? null : (
          <p className="mt-2 text-sm text-slate-700" data-testid="phone-outside-hours">
            {t('phone.callbackOutside')}
          </p>
        )}
        {callback ?? (signedIn ? null : <p className="mt-2 text-sm text-slate-600">{t('phone.signInToBook')}</p>)}
      </>
    ) : null,
  };

  const description: Record<ContactChannel, string> = {
    TICKET: t('ticket.description'),
    CHAT: t('chat.description'),
    EMAIL: t('email.description'),
    PHONE: t('phone.description'),
  };
  const title: Record<ContactChannel, string> = {
    TICKET: t('ticket.title'),
    CHAT: t('chat.title'),
    EMAIL: t('email.title'),
    PHONE: t('phone.title'),
  };

  // Available channels first, in the order people should try them; the upsell ones after.
  const channels = [...ORDER.filter(available), ...ORDER.filter((c) => !available(c))];

  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title" className="text-lg font-semibold tracking-tight text-slate-900">
        {t('title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{plan ? t('leadUser', { plan: tc(`plans.${plan}`) }) : t('leadGuest')}</p>
      <ul className="mt-4 space-y-3">
        {channels.map((channel) => {
          const Icon = ICONS[channel];
          const on = available(channel);
          return (
            <li
              key={channel}
              className={cn(
                'rounded-xl border p-4',
                on
                  ? ['bg-white shadow-xs', channel === 'TICKET' ? 'border-brand-200 ring-1 ring-brand-100' : 'border-slate-200']
                  : 'border-dashed border-slate-300 bg-slate-50',
              )}
            >
              <div className="flex items-start gap-3">
                <span
                  aria-hidden="true"
                  className={cn(
                    'flex size-9 shrink-0 items-center justify-center rounded-lg',
                    on ? 'bg-brand-50 text-brand-700' : 'bg-slate-200/70 text-slate-500',
                  )}
                >
                  <Icon className="size-[18px]" />
                </span>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <h3 className={cn('text-sm font-semibold', on ? 'text-slate-900' : 'text-slate-700')}>{title[channel]}</h3>
                    {channel === 'TICKET' ? <Badge tone="brand">{t('recommended')}</Badge> : null}
                  </div>
                  <p className="mt-0.5 text-sm text-slate-600">{description[channel]}</p>
                </div>
              </div>
              {on ? (
                body[channel]
              ) : (
                <>
                  <p className="mt-3 flex items-center gap-2 text-sm font-medium text-slate-600">
                    <Lock aria-hidden="true" className="size-3.5 shrink-0" />
                    {lockedNote(channel)}
                  </p>
                  {channel === 'PHONE' ? (
                    // What the plan has instead, so a merchant without the phone knows where to go now.
                    <p className="mt-1.5 text-sm text-slate-600" data-testid="phone-instead">
                      {t('phone.instead', { chat: String(available('CHAT')), hours: support.firstResponseHours })}{' '}
                      <a href={formAnchor} className="font-medium text-brand-700 underline underline-offset-2">
                        {t('ticket.cta')}
                      </a>
                    </p>
                  ) : null}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
