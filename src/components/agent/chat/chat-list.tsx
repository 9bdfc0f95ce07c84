'use client';

import { useTranslations } from 'next-intl';
import { BellRing, Clock, MessageCircle } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';
import type { ChatSummary } from './types';
import { formatWait, useNow } from './use-now';

function WaitTime({ since, label }: { since: string; label: string }) {
  const now = useNow();
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-600 tabular-nums" title={label}>
      <Clock aria-hidden="true" className="size-3.5" />
      <span className="sr-only">{label}: </span>
      {now === null ? '–' : formatWait(since, now)}
    </span>
  );
}

function Who({ chat }: { chat: ChatSummary }) {
  const t = useTranslations('agentChat.list');
  const tplan = useTranslations('common.plans');
  return (
    <span className="min-w-0">
      <span className="block truncate font-semibold text-slate-900">{chat.customerName ?? t('anonymous')}</span>
      <span className="block truncate text-xs text-slate-600">
        {[chat.company, chat.plan ? tplan(chat.plan) : null, chat.ticketNumber].filter(Boolean).join(' · ')}
      </span>
    </span>
  );
}

/** Chats offered to this agent (accept / decline), the waiting list (take one), and the agent's open chats. */
export function ChatList({
  offered,
  waiting,
  mine,
  selectedId,
  busyId,
  canTake,
  onSelect,
  onAccept,
  onDecline,
}: {
  offered: ChatSummary[];
  waiting: ChatSummary[];
  mine: ChatSummary[];
  selectedId: string | null;
  busyId: string | null;
  canTake: boolean;
  onSelect: (id: string) => void;
  onAccept: (id: string) => void;
  onDecline: (id: string) => void;
}) {
  const t = useTranslations('agentChat.list');
  const offeredIds = new Set(offered.map((chat) => chat.id));
  const othersWaiting = waiting.filter((chat) => !offeredIds.has(chat.id));

  return (
    <div className="space-y-5" data-testid="chat-list">
      {offered.length ? (
        <section aria-labelledby="chat-offers-title">
          <h2 id="chat-offers-title" className="mb-2 flex items-center gap-1.5 text-sm font-semibold text-brand-800">
            <BellRing aria-hidden="true" className="size-4" />
            {t('offered', { count: offered.length })}
          </h2>
          <ul className="space-y-2">
            {offered.map((chat) => (
              <li
                key={chat.id}
                data-testid="chat-offer"
                className="rounded-xl border border-brand-300 bg-brand-50 p-3 shadow-xs ring-1 ring-brand-200"
              >
                <div className="flex items-start justify-between gap-2">
                  <Who chat={chat} />
                  <WaitTime since={chat.waitingSince} label={t('waiting')} />
                </div>
                {chat.lastMessage ? <p className="mt-1.5 line-clamp-2 text-sm text-slate-700">{chat.lastMessage.body}</p> : null}
                <div className="mt-2.5 flex gap-2">
                  <Button
                    size="custom"
                    className="h-10 grow basis-0 px-4 text-sm"
                    disabled={busyId === chat.id || !canTake}
                    onClick={() => onAccept(chat.id)}
                  >
                    {t('accept')}
                  </Button>
                  <Button
                    variant="secondary"
                    size="custom"
                    className="h-10 px-4 text-sm"
                    disabled={busyId === chat.id}
                    onClick={() => onDecline(chat.id)}
                  >
                    {t('decline')}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="chat-mine-title">
        <h2 id="chat-mine-title" className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          {t('mine', { count: mine.length })}
        </h2>
        {mine.length ? (
          <ul className="space-y-1">
            {mine.map((chat) => (
              <li key={chat.id}>
                <button
                  type="button"
                  onClick={() => onSelect(chat.id)}
                  aria-current={selectedId === chat.id ? 'true' : undefined}
                  data-testid="chat-mine"
                  className={cn(
                    'flex w-full items-start gap-2 rounded-lg px-3 py-2.5 text-left text-sm hover:bg-white',
                    selectedId === chat.id ? 'bg-white shadow-xs ring-1 ring-brand-300' : null,
                  )}
                >
                  <MessageCircle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-600" />
                  <span className="min-w-0 flex-1">
                    <Who chat={chat} />
                    {chat.lastMessage ? (
                      <span className="mt-0.5 block truncate text-xs text-slate-600">{chat.lastMessage.body}</span>
                    ) : null}
                  </span>
                  {chat.unread ? (
                    <span className="rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white tabular-nums">
                      {chat.unread}
                      <span className="sr-only"> {t('unread', { count: chat.unread })}</span>
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-600">{t('mineEmpty')}</p>
        )}
      </section>

      <section aria-labelledby="chat-waiting-title">
        <h2 id="chat-waiting-title" className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          {t('waitingList', { count: othersWaiting.length })}
        </h2>
        {othersWaiting.length ? (
          <ul className="space-y-1">
            {othersWaiting.map((chat) => (
              <li
                key={chat.id}
                data-testid="chat-waiting"
                className={cn(
                  'flex items-center gap-2 rounded-lg px-3 py-2 text-sm',
                  selectedId === chat.id ? 'bg-white shadow-xs ring-1 ring-slate-300' : null,
                )}
              >
                <button type="button" onClick={() => onSelect(chat.id)} className="min-w-0 flex-1 text-left hover:underline">
                  <Who chat={chat} />
                </button>
                <WaitTime since={chat.waitingSince} label={t('waiting')} />
                <Button
                  variant="secondary"
                  size="custom"
                  className="h-9 px-3 text-sm"
                  disabled={busyId === chat.id || !canTake}
                  onClick={() => onAccept(chat.id)}
                  aria-label={t('takeLabel', { name: chat.customerName ?? t('anonymous') })}
                >
                  {t('take')}
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-600">
            {t('waitingEmpty')}
          </p>
        )}
      </section>
    </div>
  );
}
