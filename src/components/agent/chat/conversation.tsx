'use client';

import Link from 'next/link';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { ArrowLeft, Building2, Check, CheckCheck, ExternalLink, Globe, Lock, Monitor, RotateCw, Ticket } from 'lucide-react';
import { browserFromUserAgent, osFromUserAgent } from '@/components/contact/detect-environment';
import { UserAvatar } from '@/components/auth/user-avatar';
import { StatusPill } from '@/components/ui/status-pill';
import { Button } from '@/components/ui/button';
import { agentTicketPath, attachmentPath } from '@/server/links';
import { cn } from '@/lib/cn';
import type { ChatContext, ChatMessageView, ChatView } from './types';
import { compareSeq } from './use-now';

export type LocalMessage = ChatMessageView & { pending?: 'sending' | 'failed' };

function ContextRow({ label, icon, children }: { label: string; icon?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="mt-0.5 flex min-w-0 items-start gap-1.5 text-slate-800 [&>svg]:mt-1">
        {icon}
        <span className="min-w-0">{children}</span>
      </dd>
    </div>
  );
}

/** Who the customer is and where they came from: the panel page, the browser, their latest tickets. */
export function ContextPanel({ context, ticketNumber }: { context: ChatContext; ticketNumber: string }) {
  const t = useTranslations('agentChat.context');
  const tplan = useTranslations('common.plans');
  const format = useFormatter();
  const name = context.customer.name ?? context.customer.email;
  const ua = context.userAgent ?? '';
  const browser = [browserFromUserAgent(ua), osFromUserAgent(ua)].filter(Boolean).join(', ');
  const others = context.recentTickets.filter((ticket) => ticket.number !== ticketNumber);
  return (
    <div className="space-y-4 text-sm" data-testid="chat-context">
      <div className="flex items-start gap-3">
        <UserAvatar name={name} size="lg" tone="dark" />
        <div className="min-w-0">
          <p className="truncate font-semibold text-slate-900">{name}</p>
          <a href={`mailto:${context.customer.email}`} className="block truncate text-brand-700 hover:underline">
            {context.customer.email}
          </a>
        </div>
      </div>
      <dl className="space-y-2">
        <ContextRow label={t('company')} icon={<Building2 aria-hidden="true" className="size-3.5 shrink-0 text-slate-500" />}>
          {context.customer.company ?? t('none')}
        </ContextRow>
        <ContextRow label={t('plan')}>
          {context.customer.plan ? (
            <span className="rounded-md bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-800 ring-1 ring-brand-200">
              {tplan(context.customer.plan)}
            </span>
          ) : (
            t('none')
          )}
        </ContextRow>
        <ContextRow label={t('page')} icon={<Globe aria-hidden="true" className="size-3.5 shrink-0 text-slate-500" />}>
          {context.pageUrl ? <span className="break-all">{context.pageUrl}</span> : t('none')}
        </ContextRow>
        <ContextRow label={t('browser')} icon={<Monitor aria-hidden="true" className="size-3.5 shrink-0 text-slate-500" />}>
          <span title={ua || undefined}>{browser || t('none')}</span>
        </ContextRow>
      </dl>
      <div>
        <h3 className="mb-1.5 text-xs font-semibold text-slate-600">{t('recentTickets')}</h3>
        {others.length ? (
          <ul className="-mx-2 space-y-0.5">
            {others.map((ticket) => (
              <li key={ticket.number}>
                <Link href={agentTicketPath(ticket.number)} className="flex items-center gap-2 rounded-md px-2 py-1.5 hover:bg-slate-50">
                  <span className="font-mono text-xs text-slate-600">{ticket.number}</span>
                  <span className="min-w-0 flex-1 truncate text-slate-800">{ticket.subject}</span>
                  <StatusPill status={ticket.status} compact />
                  <span className="sr-only">{format.dateTime(new Date(ticket.createdAt), { dateStyle: 'medium' })}</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-600">{t('noTickets')}</p>
        )}
      </div>
    </div>
  );
}

function MessageBubble({
  message,
  readByCustomer,
  onRetry,
}: {
  message: LocalMessage;
  readByCustomer: boolean;
  onRetry: (message: LocalMessage) => void;
}) {
  const t = useTranslations('agentChat.conversation');
  const format = useFormatter();
  const created = new Date(message.createdAt);
  if (message.author === 'SYSTEM') {
    return (
      <li className="py-1 text-center text-xs text-slate-600" data-testid="chat-message" data-author="SYSTEM">
        {message.body}
      </li>
    );
  }
  const mine = message.author === 'AGENT';
  return (
    <li
      className={cn('flex flex-col', mine ? 'items-end' : 'items-start')}
      data-testid="chat-message"
      data-author={message.author}
      data-internal={message.internal ? 'true' : undefined}
    >
      <div
        className={cn(
          'max-w-[85%] rounded-2xl px-3.5 py-2 text-sm leading-relaxed shadow-xs sm:max-w-[75%]',
          message.internal
            ? 'border border-amber-300 bg-amber-50 text-amber-950'
            : mine
              ? 'rounded-br-md bg-brand-600 text-white'
              : 'rounded-bl-md border border-slate-200 bg-white text-slate-900',
          message.pending === 'failed' ? 'opacity-70' : null,
        )}
      >
        {message.internal ? (
          <p className="mb-0.5 flex items-center gap-1 text-xs font-semibold text-amber-900">
            <Lock aria-hidden="true" className="size-3" />
            {t('internalNote')}
          </p>
        ) : null}
        <p className="sr-only">
          {mine ? t('fromAgent', { name: message.authorName ?? '' }) : t('fromCustomer', { name: message.authorName ?? '' })}
        </p>
        {message.body ? <p className="break-words whitespace-pre-wrap">{message.body}</p> : null}
        {message.attachments.length ? (
          <ul className="mt-1.5 flex flex-wrap gap-1.5">
            {message.attachments.map((file) => (
              <li key={file.id}>
                <a
                  href={file.url || attachmentPath(file.id)}
                  target="_blank"
                  rel="noreferrer"
                  className={cn('block overflow-hidden rounded-lg ring-1', mine && !message.internal ? 'ring-white/40' : 'ring-slate-200')}
                >
                  {file.mimeType.startsWith('image/') ? (
                    // eslint-disable-next-line @next/next/no-img-element -- a checked upload served by our own route, any size
                    <img src={file.url || attachmentPath(file.id)} alt={file.name} className="max-h-40 max-w-56 object-cover" />
                  ) : (
                    <span className={cn('block px-2 py-1 text-xs underline', mine && !message.internal ? 'text-white' : 'text-brand-700')}>
                      {file.name}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <p className="mt-0.5 flex items-center gap-1 px-1 text-[11px] text-slate-600">
        {!mine && message.authorName ? <span>{message.authorName} ·</span> : null}
        <time dateTime={message.createdAt} title={format.dateTime(created, { dateStyle: 'full', timeStyle: 'medium' })}>
          {format.dateTime(created, { timeStyle: 'short' })}
        </time>
        {mine && !message.internal && !message.pending ? (
          readByCustomer ? (
            <span className="inline-flex items-center gap-0.5 text-brand-700" data-testid="chat-read">
              <CheckCheck aria-hidden="true" className="size-3.5" />
              {t('read')}
            </span>
          ) : (
            <span className="inline-flex items-center gap-0.5">
              <Check aria-hidden="true" className="size-3.5" />
              {t('delivered')}
            </span>
          )
        ) : null}
        {message.pending === 'sending' ? <span>{t('sending')}</span> : null}
        {message.pending === 'failed' ? (
          <button
            type="button"
            onClick={() => onRetry(message)}
            className="inline-flex items-center gap-1 font-medium text-red-700 underline"
          >
            <RotateCw aria-hidden="true" className="size-3" />
            {t('retry')}
          </button>
        ) : null}
      </p>
    </li>
  );
}

/** The conversation: its header (ticket link, hand over, end), the messages, and who is typing. */
export function ConversationView({
  chat,
  messages,
  customerName,
  customerTyping,
  onBack,
  onRetry,
  actions,
  children,
}: {
  chat: ChatView;
  messages: LocalMessage[];
  customerName: string;
  customerTyping: boolean;
  onBack: () => void;
  onRetry: (message: LocalMessage) => void;
  actions: React.ReactNode;
  children: React.ReactNode;
}) {
  const t = useTranslations('agentChat.conversation');
  const listRef = useRef<HTMLDivElement>(null);
  const readSeq = chat.customerLastReadSeq == null ? '0' : String(chat.customerLastReadSeq);
  const lastId = messages.at(-1)?.id;

  // The view sticks to the newest message (also when the layout around it changes), unless the agent has
  // scrolled up to read back; their own message brings it down again.
  const stick = useRef(true);
  useLayoutEffect(() => {
    stick.current = true;
  }, [chat.id]);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (stick.current || messages.at(-1)?.author === 'AGENT') list.scrollTop = list.scrollHeight;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new last message (or another chat) moves the view
  }, [lastId, chat.id]);
  useEffect(() => {
    const list = listRef.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stick.current) list.scrollTop = list.scrollHeight;
    });
    observer.observe(list);
    if (list.firstElementChild) observer.observe(list.firstElementChild);
    return () => observer.disconnect();
  }, [chat.id]);

  return (
    <section
      aria-labelledby="chat-title"
      className="flex min-h-0 flex-1 flex-col"
      data-testid="chat-conversation"
      data-status={chat.status}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-t-xl border-b border-slate-200 bg-white px-3 py-2.5 sm:px-4">
        <Button variant="ghost" size="icon" className="-ml-2 lg:hidden" onClick={onBack} aria-label={t('back')}>
          <ArrowLeft aria-hidden="true" />
        </Button>
        <div className="min-w-0 flex-1">
          <h2 id="chat-title" className="truncate text-base font-semibold text-slate-900">
            {customerName}
          </h2>
          <p className="flex flex-wrap items-center gap-x-2 text-xs text-slate-600">
            <span data-testid="chat-state">{t(`state.${chat.status}`)}</span>
            <span aria-hidden="true">·</span>
            <Link
              href={agentTicketPath(chat.ticketNumber)}
              className="inline-flex items-center gap-1 font-medium text-brand-700 hover:underline"
              data-testid="chat-ticket-link"
            >
              <Ticket aria-hidden="true" className="size-3.5" />
              {t('ticket', { number: chat.ticketNumber })}
              <ExternalLink aria-hidden="true" className="size-3" />
            </Link>
          </p>
        </div>
        {/* On a phone the buttons take a row of their own, so the customer's name keeps the width. */}
        <div className="flex w-full gap-2 empty:hidden sm:w-auto [&>button]:flex-1 sm:[&>button]:flex-none">{actions}</div>
      </header>
      <div
        ref={listRef}
        onScroll={(event) => {
          const list = event.currentTarget;
          stick.current = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
        }}
        className="min-h-64 flex-1 overflow-y-auto bg-slate-50 px-3 py-4 sm:px-4"
        tabIndex={0}
        aria-label={t('messages')}
      >
        {messages.length ? (
          <ol className="space-y-3" data-testid="chat-messages">
            {messages.map((message) => (
              <MessageBubble
                key={message.clientMessageId ?? message.id}
                message={message}
                readByCustomer={!message.pending && compareSeq(message.seq, readSeq) <= 0}
                onRetry={onRetry}
              />
            ))}
          </ol>
        ) : (
          <p className="py-10 text-center text-sm text-slate-600">{t('empty')}</p>
        )}
      </div>
      <p className="h-6 bg-slate-50 px-4 text-xs text-slate-600 italic" data-testid="chat-typing">
        {customerTyping ? t('typing', { name: customerName }) : null}
      </p>
      {children}
    </section>
  );
}
