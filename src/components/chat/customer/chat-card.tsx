'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { ChevronUp, MessageCircle } from 'lucide-react';
import { IntlIsland, type IslandIntl } from '@/i18n/intl-island';
import { Button } from '@/components/ui/button';
import { ChatClient, type Availability } from './api';
import type { ComposerLimits } from './chat-composer';
import { CustomerChat } from './customer-chat';

/** The contact page's chat is this browser's "portal" chat: a reload or a second tab finds it here. */
export const PORTAL_CHAT_SCOPE = 'portal';

/**
 * The *Czat na żywo* card's live part on /pomoc/kontakt: what is true right now (someone online? how long a
 * wait?) and the chat itself, opened in place. An open conversation opens by itself after a reload.
 */
export type ChatCardProps = Parameters<typeof ChatCard>[0];

/** What lazy-chat-card.tsx loads: the card with its own catalogue provider, so the page loads no next-intl client. */
export function ChatCardEntry({ intl, ...props }: ChatCardProps & { intl: IslandIntl }) {
  return (
    <IntlIsland intl={intl}>
      <ChatCard {...props} />
    </IntlIsland>
  );
}

export function ChatCard({
  customerName,
  limits,
  chatPlans,
  ticketsPath,
}: {
  customerName: string | null;
  limits: ComposerLimits;
  chatPlans: string;
  ticketsPath: string;
}) {
  const t = useTranslations('contact.channels.chat');
  const tw = useTranslations('chat');
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const [availability, setAvailability] = useState<Availability | null>(null);
  const region = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const client = useMemo(() => new ChatClient({ locale, networkError: tw('errors.network') }), [locale, tw]);

  useEffect(() => {
    let cancelled = false;
    let remembered = false;
    try {
      remembered = window.localStorage.getItem(`vouchie-chat:open:${PORTAL_CHAT_SCOPE}`) !== null;
    } catch {
      remembered = false;
    }
    if (remembered) {
      queueMicrotask(() => setOpen(true));
      return;
    }
    client.availability().then(
      (value) => {
        if (cancelled) return;
        setAvailability(value);
        if (value.openChat) setOpen(true);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  const expand = () => {
    setOpen(true);
    // The first field of whatever the chat shows (the message box, or "leave a message").
    requestAnimationFrame(() => region.current?.querySelector<HTMLElement>('textarea, input, button')?.focus());
  };

  const collapse = () => {
    setOpen(false);
    requestAnimationFrame(() => button.current?.focus());
  };

  if (!open) {
    const status = availability
      ? availability.available
        ? t('liveOpen')
        : availability.reason === 'ALL_BUSY'
          ? t('liveBusy')
          : availability.reason === 'NO_AGENTS'
            ? t('liveNoAgents')
            : null
      : null;
    return (
      <>
        {status ? (
          <p className="mt-2 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="chat-card-status">
            {status}
          </p>
        ) : null}
        {/* No colour transition: the variant changes once availability is known, and mid-fade the text fails contrast. */}
        <Button
          ref={button}
          className="mt-3 w-full duration-0"
          variant={availability && !availability.available ? 'secondary' : 'primary'}
          onClick={expand}
        >
          <MessageCircle aria-hidden="true" />
          {availability && !availability.available ? t('ctaOffline') : t('cta')}
        </Button>
      </>
    );
  }

  return (
    <div
      ref={region}
      role="region"
      aria-label={tw('title')}
      className="mt-3 -mx-1 flex h-[36rem] max-h-[85dvh] flex-col overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm"
      data-testid="chat-panel"
    >
      <CustomerChat
        identity="session"
        customerName={customerName}
        storageScope={PORTAL_CHAT_SCOPE}
        limits={limits}
        chatPlans={chatPlans}
        ticketsPath={ticketsPath}
        headerExtra={
          <Button
            variant="custom"
            size="icon"
            onClick={collapse}
            aria-label={t('collapse')}
            title={t('collapse')}
            className="-mr-2 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
          >
            <ChevronUp aria-hidden="true" />
          </Button>
        }
      />
    </div>
  );
}
