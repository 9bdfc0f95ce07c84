'use client';

import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { CheckCheck, Check, Clock, FileText, LoaderCircle, LogOut, RotateCw, Trash2, TriangleAlert, WifiOff, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';
import { compareSeq, type ChatClient, type ChatMessageView } from './api';
import { ChatComposer, type ComposerLimits } from './chat-composer';
import { ChatEnded } from './chat-ended';
import { useConversation, type PendingMessage } from './use-conversation';

export function AgentAvatar({ agent, size = 'md' }: { agent: { name: string | null; image: string | null } | null; size?: 'sm' | 'md' }) {
  const box = size === 'sm' ? 'size-7 text-[11px]' : 'size-10 text-sm';
  if (agent?.image) {
    return (
      // Agents' avatars may live on another host; next/image would need each one configured.
      // eslint-disable-next-line @next/next/no-img-element
      <img src={agent.image} alt="" className={cn('shrink-0 rounded-full object-cover ring-2 ring-white', box)} />
    );
  }
  const initials = (agent?.name ?? 'V')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toLocaleUpperCase('pl'))
    .join('');
  return (
    <span
      aria-hidden="true"
      className={cn('flex shrink-0 items-center justify-center rounded-full bg-brand-600 font-semibold text-white ring-2 ring-white', box)}
    >
      {initials}
    </span>
  );
}

/** "ok. 4 min" / "poniżej minuty", honest rounding up. */
export function useWaitText() {
  const t = useTranslations('chat');
  return (seconds: number | null | undefined) =>
    seconds === null || seconds === undefined
      ? null
      : seconds < 60
        ? t('wait.underMinute')
        : t('wait.minutes', { minutes: Math.ceil(seconds / 60) });
}

export function ConversationView({
  client,
  chatId,
  token,
  limits,
  header,
  onNewChat,
  onEnded,
  ticketHref,
}: {
  client: ChatClient;
  chatId: string;
  token: string;
  limits: ComposerLimits;
  /** Buttons the host puts in the header (the widget's close). */
  header?: ReactNode;
  onNewChat: () => void;
  /** Once the chat has ended: the page stops reopening it after a reload. */
  onEnded?: () => void;
  /** The ticket page, for a signed-in customer. */
  ticketHref?: (number: string) => string;
}) {
  const t = useTranslations('chat.conversation');
  const format = useFormatter();
  const waitText = useWaitText();
  const conversation = useConversation({ client, chatId, token });
  const { chat, messages, pending, stream, agentTyping, incoming } = conversation;
  const panelRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const endedRef = useRef<HTMLHeadingElement>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<string | null>(null);
  const [everOpen, setEverOpen] = useState(false);
  const stickToBottom = useRef(true);

  const ended = chat?.status === 'ENDED';
  // Null until the chat is first known: a chat that had already ended when the page opened takes no focus.
  const wasEnded = useRef<boolean | null>(null);

  // "łączenie…" only once the stream had been up: the first connect is the loading state's business.
  if (stream === 'open' && !everOpen) setEverOpen(true);

  // A new conversation puts the cursor in the message box; the end moves focus to what comes next.
  useEffect(() => {
    if (conversation.loaded && !ended) inputRef.current?.focus({ preventScroll: true });
  }, [conversation.loaded, ended]);
  useEffect(() => {
    if (!chat) return;
    if (ended) onEnded?.();
    if (ended && wasEnded.current === false) endedRef.current?.focus();
    wasEnded.current = ended;
  }, [chat, ended, onEnded]);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [messages, pending, agentTyping, chat?.status]);

  if (conversation.lost) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
        <p className="text-sm text-slate-700">{t('lost')}</p>
        <Button onClick={onNewChat}>{t('newChat')}</Button>
      </div>
    );
  }

  const lastCustomer = [...messages].reverse().find((message) => message.author === 'CUSTOMER');
  const agentName = chat?.agent ? (chat.agent.name ?? t('agentRole')) : null;
  const time = (iso: string) => format.dateTime(new Date(iso), { hour: '2-digit', minute: '2-digit' });
  const reconnecting = stream !== 'open' && (everOpen || !conversation.loaded);

  const end = async () => {
    setEnding(true);
    setEndError(null);
    try {
      await conversation.end();
      setConfirmEnd(false);
    } catch (error) {
      setEndError(error instanceof Error ? error.message : String(error));
    } finally {
      setEnding(false);
    }
  };

  return (
    <div ref={panelRef} className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-3">
        {chat?.status === 'ACTIVE' || (ended && chat?.agent) ? (
          <AgentAvatar agent={chat.agent} />
        ) : (
          <span aria-hidden="true" className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-50 text-brand-700">
            <Clock className="size-5" />
          </span>
        )}
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-slate-900" data-testid="chat-agent-name">
            {agentName ?? (chat ? t('waitingTitle') : t('loading'))}
          </p>
          <p className="truncate text-xs text-slate-600">
            {ended ? t('endedShort') : agentName ? t('agentRole') : chat ? t('waitingLead') : ''}
            {chat?.ticketNumber ? <span className="text-slate-500"> · {chat.ticketNumber}</span> : null}
          </p>
        </div>
        {!ended && chat ? (
          <Button
            variant="custom"
            size="custom"
            className="h-9 px-2.5 text-xs text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            aria-expanded={confirmEnd}
            onClick={() => setConfirmEnd((open) => !open)}
          >
            <LogOut aria-hidden="true" />
            {t('end')}
          </Button>
        ) : null}
        {header}
      </div>

      {reconnecting ? (
        <p role="status" className="flex items-center justify-center gap-1.5 bg-amber-50 px-3 py-1 text-xs font-medium text-amber-900">
          {stream === 'reconnecting' && everOpen ? <WifiOff aria-hidden="true" className="size-3.5" /> : null}
          <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" />
          {t('connecting')}
        </p>
      ) : null}

      {confirmEnd && !ended ? (
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2.5 text-sm">
          <p className="mr-auto font-medium text-slate-800">{t('endConfirm')}</p>
          <Button variant="secondary" size="custom" className="h-9 px-3 text-sm" onClick={() => setConfirmEnd(false)}>
            {t('endCancel')}
          </Button>
          <Button variant="destructive" size="custom" className="h-9 px-3 text-sm" onClick={() => void end()} disabled={ending} autoFocus>
            {ending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : null}
            {t('endYes')}
          </Button>
          {endError ? (
            <p role="alert" className="w-full text-red-700">
              {endError}
            </p>
          ) : null}
        </div>
      ) : null}

      <div
        ref={listRef}
        onScroll={(event) => {
          const list = event.currentTarget;
          stickToBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
        }}
        className="min-h-0 flex-1 overflow-y-auto bg-slate-50/80 px-3 py-4 sm:px-4"
      >
        {!conversation.loaded ? (
          <p className="flex items-center justify-center gap-2 py-10 text-sm text-slate-600">
            <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />
            {t('loading')}
          </p>
        ) : null}
        <ol aria-label={t('label')} className="space-y-3">
          {messages.map((message, index) => (
            <MessageBubble
              key={message.id}
              message={message}
              time={time(message.createdAt)}
              grouped={index > 0 && messages[index - 1]?.author === message.author && message.author !== 'SYSTEM'}
              agent={chat?.agent ?? null}
              receipt={
                message.id === lastCustomer?.id
                  ? chat && compareSeq(message.seq, chat.agentLastReadSeq) <= 0
                    ? 'read'
                    : 'delivered'
                  : null
              }
            />
          ))}
          {pending.map((item) => (
            <PendingBubble
              key={item.clientMessageId}
              item={item}
              onRetry={() => conversation.retry(item.clientMessageId)}
              onDiscard={() => conversation.discard(item.clientMessageId)}
            />
          ))}
        </ol>

        {chat?.status === 'WAITING' ? (
          <div className="mt-4 rounded-xl border border-brand-100 bg-white p-4 text-center shadow-xs" data-testid="chat-queue">
            <p className="flex items-center justify-center gap-2 text-sm font-semibold text-slate-900">
              <span className="relative flex size-2.5" aria-hidden="true">
                <span className="absolute inline-flex size-full animate-ping rounded-full bg-brand-400 opacity-60 motion-reduce:animate-none" />
                <span className="relative inline-flex size-2.5 rounded-full bg-brand-600" />
              </span>
              {chat.queuePosition ? t('queuePosition', { position: chat.queuePosition }) : t('waitingTitle')}
            </p>
            <p className="mt-1 text-sm text-slate-600">
              {chat.estimatedWaitSeconds !== null
                ? t('estimatedWait', { time: waitText(chat.estimatedWaitSeconds) ?? '' })
                : t('waitUnknown')}
            </p>
            <p className="mt-2 text-xs text-slate-500">{t('waitKeep')}</p>
          </div>
        ) : null}

        {agentTyping && agentName ? (
          <p className="mt-3 flex items-center gap-2 text-xs text-slate-600" data-testid="chat-typing">
            <span aria-hidden="true" className="flex gap-0.5 rounded-full bg-white px-2.5 py-2 shadow-xs ring-1 ring-slate-200">
              {[0, 150, 300].map((delay) => (
                <span
                  key={delay}
                  className="size-1.5 animate-bounce rounded-full bg-slate-400 motion-reduce:animate-none"
                  style={{ animationDelay: `${delay}ms` }}
                />
              ))}
            </span>
            {t('typing', { name: agentName })}
          </p>
        ) : null}
      </div>

      {/* New messages from the other side, spoken once each (the list itself is not a live region: a reload would read it all). */}
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {incoming ? t('announce', { name: incoming.authorName ?? t('agentRole'), body: incoming.body || t('attachmentOnly') }) : ''}
      </p>

      {ended && chat ? (
        <ChatEnded ref={endedRef} chat={chat} conversation={conversation} onNewChat={onNewChat} ticketHref={ticketHref} />
      ) : (
        <ChatComposer
          disabled={!chat}
          onSend={conversation.send}
          onTyping={conversation.typing}
          dropZone={panelRef}
          uploadHeaders={{ Authorization: `Bearer ${token}` }}
          limits={limits}
          inputRef={inputRef}
        />
      )}
    </div>
  );
}

function Attachments({ message, mine }: { message: ChatMessageView; mine: boolean }) {
  const t = useTranslations('chat.conversation');
  if (!message.attachments.length) return null;
  return (
    <ul className="mt-1.5 space-y-1.5">
      {message.attachments.map((attachment) =>
        attachment.mimeType.startsWith('image/') ? (
          <li key={attachment.id}>
            <a
              href={attachment.url}
              target="_blank"
              rel="noopener noreferrer"
              className="block overflow-hidden rounded-lg ring-1 ring-black/10"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- served by /api/attachments with its own access checks */}
              <img
                src={attachment.url}
                alt={t('screenshot', { name: attachment.name })}
                className="max-h-48 w-full object-cover"
                loading="lazy"
              />
            </a>
          </li>
        ) : (
          <li key={attachment.id}>
            <a
              href={attachment.url}
              target="_blank"
              rel="noopener noreferrer"
              className={cn(
                'flex items-center gap-2 rounded-lg px-2.5 py-2 text-xs font-medium underline-offset-2 hover:underline',
                mine ? 'bg-white/15 text-white' : 'bg-slate-100 text-slate-800',
              )}
            >
              <FileText aria-hidden="true" className="size-4 shrink-0" />
              <span className="truncate">{attachment.name}</span>
            </a>
          </li>
        ),
      )}
    </ul>
  );
}

function MessageBubble({
  message,
  time,
  grouped,
  agent,
  receipt,
}: {
  message: ChatMessageView;
  time: string;
  grouped: boolean;
  agent: { name: string | null; image: string | null } | null;
  receipt: 'read' | 'delivered' | null;
}) {
  const t = useTranslations('chat.conversation');
  if (message.author === 'SYSTEM') {
    return (
      <li className="flex justify-center" data-testid="chat-message" data-author="SYSTEM">
        <p className="max-w-[90%] rounded-full bg-slate-200/70 px-3 py-1 text-center text-xs text-slate-700">
          {message.body} <span className="text-slate-500">· {time}</span>
        </p>
      </li>
    );
  }
  const mine = message.author === 'CUSTOMER';
  return (
    <li
      className={cn('flex items-end gap-2', mine ? 'justify-end' : 'justify-start', grouped && '-mt-1.5')}
      data-testid="chat-message"
      data-author={message.author}
    >
      {!mine ? (
        <span className="w-7 shrink-0">
          {grouped ? null : <AgentAvatar agent={agent ?? { name: message.authorName, image: null }} size="sm" />}
        </span>
      ) : null}
      <div className={cn('flex max-w-[82%] flex-col', mine ? 'items-end' : 'items-start')}>
        <p className="sr-only">{mine ? t('you') : (message.authorName ?? t('agentRole'))}:</p>
        <div
          className={cn(
            'rounded-2xl px-3.5 py-2 text-sm leading-relaxed break-words whitespace-pre-wrap shadow-xs',
            mine ? 'rounded-br-md bg-brand-600 text-white' : 'rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200',
          )}
        >
          {message.body ? <p>{message.body}</p> : null}
          <Attachments message={message} mine={mine} />
        </div>
        <p className="mt-1 flex items-center gap-1 px-1 text-[11px] text-slate-500">
          <time dateTime={message.createdAt}>{time}</time>
          {receipt === 'read' ? (
            <span className="flex items-center gap-0.5 text-brand-700" data-testid="chat-receipt">
              · <CheckCheck aria-hidden="true" className="size-3.5" />
              {t('read')}
            </span>
          ) : receipt === 'delivered' ? (
            <span className="flex items-center gap-0.5" data-testid="chat-receipt">
              · <Check aria-hidden="true" className="size-3.5" />
              {t('delivered')}
            </span>
          ) : null}
        </p>
      </div>
    </li>
  );
}

function PendingBubble({ item, onRetry, onDiscard }: { item: PendingMessage; onRetry: () => void; onDiscard: () => void }) {
  const t = useTranslations('chat.conversation');
  return (
    <li className="flex justify-end" data-testid="chat-pending" data-state={item.state}>
      <div className="flex max-w-[82%] flex-col items-end">
        <div
          className={cn(
            'rounded-2xl rounded-br-md px-3.5 py-2 text-sm leading-relaxed break-words whitespace-pre-wrap',
            item.state === 'failed' ? 'bg-red-50 text-red-950 ring-1 ring-red-200' : 'bg-brand-600/70 text-white',
          )}
        >
          {item.body ? <p>{item.body}</p> : null}
          {item.attachments.length ? (
            <p className="mt-1 text-xs opacity-90">{item.attachments.map((attachment) => attachment.name).join(', ')}</p>
          ) : null}
        </div>
        {item.state === 'failed' ? (
          <div className="mt-1 flex flex-wrap items-center justify-end gap-1 text-xs text-red-700">
            <TriangleAlert aria-hidden="true" className="size-3.5" />
            <span>{item.error ?? t('failed')}</span>
            <Button variant="ghost" size="xs" onClick={onRetry}>
              <RotateCw aria-hidden="true" />
              {t('retry')}
            </Button>
            <Button variant="ghost" size="xs" onClick={onDiscard}>
              <Trash2 aria-hidden="true" />
              {t('discard')}
            </Button>
          </div>
        ) : (
          <p className="mt-1 flex items-center gap-1 px-1 text-[11px] text-slate-500">
            {item.state === 'sending' ? (
              <LoaderCircle aria-hidden="true" className="size-3 animate-spin" />
            ) : (
              <Clock aria-hidden="true" className="size-3" />
            )}
            {item.state === 'sending' ? t('sending') : t('queued')}
          </p>
        )}
      </div>
    </li>
  );
}

export function CloseButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <Button
      variant="custom"
      size="icon"
      onClick={onClick}
      aria-label={label}
      title={label}
      className="-mr-2 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
    >
      <X aria-hidden="true" />
    </Button>
  );
}
