'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { ArrowRightLeft, Bell, BellOff, CircleStop, LoaderCircle, MessagesSquare, Volume2, VolumeX, WifiOff } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { PickerItem } from '@/server/canned/responses';
import type { ArticleLink } from '@/server/kb/links';
import type { TicketStatus } from '@/server/tickets/status';
import type { UploadLimits } from '@/components/ui/attachment-uploader';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { useEventStream, type ChatStreamEvent } from '@/components/chat/use-chat-stream';
import { AGENT_PATHS } from '@/server/links';
import { cn } from '@/lib/cn';
import { useChatAlerts } from './alerts';
import { agentEventsUrl, chatApi } from './api';
import { ChatComposer, type ChatDraft } from './chat-composer';
import { ChatList } from './chat-list';
import { ChatDialog } from './confirm-dialog';
import { ContextPanel, ConversationView, type LocalMessage } from './conversation';
import { lastSeqBy, mergeMessages, newClientMessageId } from './messages';
import { StatusControl } from './status-control';
import type { AgentChatStatus, ChatContext, ChatMessageView, ChatSummary, ChatView, InboxView, TransferTarget } from './types';
import { compareSeq } from './use-now';

interface OpenChat {
  chat: ChatView;
  context: ChatContext;
  messages: LocalMessage[];
}

/** The statuses a ticket may be left in when its chat ends (the default first). */
const END_STATUSES: readonly TicketStatus[] = ['RESOLVED', 'WAITING_ON_CUSTOMER', 'OPEN', 'ON_HOLD'];
/** A "pisze…" with no follow-up fades after this long (the customer's browser may have gone). */
const TYPING_TTL_MS = 6000;

type EventData = Record<string, unknown>;
const record = (value: unknown): EventData => (typeof value === 'object' && value !== null ? (value as EventData) : {});
/** Message, typing and read events name their chat as `chatId` (a message may also arrive as `{ chatId, message }`). */
function chatIdOf(data: EventData): string | null {
  const id = data.chatId ?? record(data.chat).id;
  return typeof id === 'string' ? id : null;
}

export function ChatInbox({
  me,
  uploadLimits,
  canned,
  loadTransferTargets,
}: {
  me: { id: string; name: string };
  uploadLimits: UploadLimits;
  /** The ticket composer's canned-response actions, called with the chat's ticket number. */
  canned: {
    list: (ticketNumber: string) => Promise<ActionResult<PickerItem[]>>;
    render: (ticketNumber: string, responseId: string) => Promise<ActionResult<string>>;
    articles: (ticketNumber: string, query: string) => Promise<ActionResult<ArticleLink[]>>;
  };
  loadTransferTargets: () => Promise<ActionResult<TransferTarget[]>>;
}) {
  const t = useTranslations('agentChat');
  const ts = useTranslations('ticket.status');
  const toast = useToast();
  const router = useRouter();
  const searchParams = useSearchParams();
  const selectedId = searchParams.get('czat');
  const alerts = useChatAlerts(me.id);

  const [inbox, setInbox] = useState<InboxView | null>(null);
  const [inboxFailed, setInboxFailed] = useState(false);
  const [chats, setChats] = useState<Record<string, OpenChat>>({});
  const [chatFailed, setChatFailed] = useState<string | null>(null);
  const [typing, setTyping] = useState<Record<string, boolean>>({});
  const [busyId, setBusyId] = useState<string | null>(null);
  const [statusPending, setStatusPending] = useState(false);
  const [confirmOffline, setConfirmOffline] = useState(false);
  const [endOpen, setEndOpen] = useState(false);
  const [endStatus, setEndStatus] = useState<TicketStatus>('RESOLVED');
  const [transferOpen, setTransferOpen] = useState(false);
  const [targets, setTargets] = useState<TransferTarget[] | null>(null);
  const [transferTo, setTransferTo] = useState<string>('');
  const [announcement, setAnnouncement] = useState('');
  const typingTimers = useRef(new Map<string, number>());
  const readSent = useRef(new Map<string, string>());

  const select = useCallback(
    (id: string | null) => {
      router.replace(id ? `${AGENT_PATHS.chat}?czat=${encodeURIComponent(id)}` : AGENT_PATHS.chat, { scroll: false });
    },
    [router],
  );

  const refreshInbox = useCallback(async () => {
    const result = await chatApi.inbox();
    setInboxFailed(!result.ok);
    if (result.ok) setInbox(result.data);
  }, []);

  const applyChat = useCallback((id: string, result: Awaited<ReturnType<typeof chatApi.chat>>) => {
    if (!result.ok) {
      setChatFailed(id);
      return;
    }
    setChatFailed(null);
    setChats((all) => ({
      ...all,
      [id]: {
        chat: result.data.chat,
        context: result.data.context,
        messages: mergeMessages(all[id]?.messages ?? [], result.data.messages),
      },
    }));
  }, []);

  const loadChat = useCallback(async (id: string) => applyChat(id, await chatApi.chat(id)), [applyChat]);

  const addMessages = useCallback((chatId: string, incoming: ChatMessageView[]) => {
    setChats((all) => {
      const open = all[chatId];
      return open ? { ...all, [chatId]: { ...open, messages: mergeMessages(open.messages, incoming) } } : all;
    });
  }, []);

  const patchChat = useCallback((chatId: string, change: (chat: ChatView) => ChatView) => {
    setChats((all) => {
      const open = all[chatId];
      return open ? { ...all, [chatId]: { ...open, chat: change(open.chat) } } : all;
    });
  }, []);

  useEffect(() => {
    if (!selectedId) return;
    let current = true;
    void chatApi.chat(selectedId).then((result) => {
      if (current) applyChat(selectedId, result);
    });
    return () => {
      current = false;
    };
  }, [selectedId, applyChat]);

  const summaryOf = (id: string): ChatSummary | undefined =>
    inbox ? [...inbox.offeredToMe, ...inbox.mine, ...inbox.waiting].find((chat) => chat.id === id) : undefined;

  const onEvent = (event: ChatStreamEvent) => {
    const data = record(event.data);
    switch (event.type) {
      case 'inbox':
        if ('me' in data && 'waiting' in data) setInbox(data as unknown as InboxView);
        else void refreshInbox();
        break;
      case 'offer': {
        const offer = data as unknown as ChatSummary;
        void refreshInbox();
        alerts.chime('offer');
        alerts.notify(t('alerts.offerTitle'), offer.customerName ?? t('list.anonymous'), `chat-offer-${offer.id}`, () => select(offer.id));
        setAnnouncement(t('alerts.offerAnnounce', { name: offer.customerName ?? t('list.anonymous') }));
        break;
      }
      case 'message': {
        const chatId = chatIdOf(data);
        const message = ('message' in data ? data.message : data) as ChatMessageView;
        if (!chatId || !message?.id) break;
        addMessages(chatId, [message]);
        if (message.author !== 'CUSTOMER') break;
        setTyping((all) => ({ ...all, [chatId]: false }));
        const onScreen = chatId === selectedId && document.visibilityState === 'visible';
        const name = message.authorName ?? summaryOf(chatId)?.customerName ?? t('list.anonymous');
        if (chatId === selectedId) setAnnouncement(t('alerts.messageAnnounce', { name, body: message.body.slice(0, 200) }));
        if (!onScreen) {
          alerts.chime('message');
          alerts.notify(t('alerts.messageTitle', { name }), message.body.slice(0, 140), `chat-${chatId}`, () => select(chatId));
        }
        if (chatId !== selectedId) void refreshInbox();
        break;
      }
      case 'chat': {
        const chat = data as unknown as ChatView;
        if (!chat.id) break;
        patchChat(chat.id, () => chat);
        void refreshInbox();
        break;
      }
      case 'typing': {
        const chatId = chatIdOf(data);
        if (!chatId || data.by !== 'CUSTOMER') break;
        const on = data.typing === true;
        setTyping((all) => ({ ...all, [chatId]: on }));
        window.clearTimeout(typingTimers.current.get(chatId));
        if (on) {
          typingTimers.current.set(
            chatId,
            window.setTimeout(() => setTyping((all) => ({ ...all, [chatId]: false })), TYPING_TTL_MS),
          );
        }
        break;
      }
      case 'read': {
        const chatId = chatIdOf(data);
        if (!chatId || data.by !== 'CUSTOMER' || data.seq == null) break;
        patchChat(chatId, (chat) => ({ ...chat, customerLastReadSeq: String(data.seq) }));
        break;
      }
    }
  };

  // Each (re)connection sends the inbox and the state of every chat followed, then replays missed messages; a
  // send with no echo (or a page back from the back/forward cache) re-reads the open chat over HTTP as well. A
  // chat on screen that is not the agent's own (a waiting one) is watched, so its messages arrive live too.
  const watchId = selectedId && !inbox?.mine.some((chat) => chat.id === selectedId) ? selectedId : null;
  const stream = useEventStream(watchId ? `${agentEventsUrl}?watch=${encodeURIComponent(watchId)}` : agentEventsUrl, {
    onEvent,
    onResync: () => {
      void refreshInbox();
      if (selectedId) void loadChat(selectedId);
    },
  });

  const open = selectedId ? chats[selectedId] : undefined;
  const active = open?.chat.status === 'ACTIVE' && open.chat.agent?.id === me.id;

  // Read receipts: what is on screen, in a visible tab, is read.
  const lastCustomerSeq = open ? lastSeqBy(open.messages, 'CUSTOMER') : null;
  useEffect(() => {
    if (!selectedId || !lastCustomerSeq || !active) return;
    const markRead = () => {
      if (document.visibilityState !== 'visible') return;
      const sent = readSent.current.get(selectedId);
      if (sent && compareSeq(sent, lastCustomerSeq) >= 0) return;
      readSent.current.set(selectedId, lastCustomerSeq);
      void chatApi.read(selectedId, lastCustomerSeq);
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [selectedId, lastCustomerSeq, active]);

  const changeStatus = async (next: AgentChatStatus, confirmed = false) => {
    if (!inbox || next === inbox.me.status) return;
    if (next === 'OFFLINE' && inbox.me.active > 0 && !confirmed) {
      setConfirmOffline(true);
      return;
    }
    setConfirmOffline(false);
    setStatusPending(true);
    const result = await chatApi.setStatus(next);
    setStatusPending(false);
    if (!result.ok) {
      toast(result.error.message ?? t('errors.generic'));
      return;
    }
    setInbox((current) => (current ? { ...current, me: { ...current.me, ...result.data } } : current));
    toast(t('status.changed', { status: t(`status.${result.data.status}`) }));
    void refreshInbox();
  };

  const accept = async (id: string) => {
    setBusyId(id);
    const result = await chatApi.accept(id);
    setBusyId(null);
    if (!result.ok) {
      toast(result.error.message ?? t('errors.acceptFailed'));
      void refreshInbox();
      return;
    }
    toast(t('list.accepted'));
    select(id);
    void refreshInbox();
    void loadChat(id);
  };

  const decline = async (id: string) => {
    setBusyId(id);
    const result = await chatApi.decline(id);
    setBusyId(null);
    if (!result.ok) toast(result.error.message ?? t('errors.generic'));
    void refreshInbox();
  };

  const post = (chatId: string, message: LocalMessage) => {
    void chatApi
      .send(chatId, {
        clientMessageId: message.clientMessageId!,
        body: message.body,
        internal: message.internal,
        attachmentTokens: message.attachments.map((file) => file.id),
      })
      .then((result) => {
        if (result.ok) {
          addMessages(chatId, [result.data.message]);
          return;
        }
        setChats((all) => {
          const current = all[chatId];
          if (!current) return all;
          const messages = current.messages.map((m) =>
            m.clientMessageId === message.clientMessageId ? { ...m, pending: 'failed' as const } : m,
          );
          return { ...all, [chatId]: { ...current, messages } };
        });
        toast(result.error.message ?? t('errors.sendFailed'));
        if (result.error.code === 'CHAT_ENDED') void loadChat(chatId);
      });
    // No echo on the stream in time: the connection may be half-dead; the server's copy decides what went through.
    stream.expectEcho(message.clientMessageId!);
  };

  const send = (draft: ChatDraft): boolean => {
    if (!selectedId || !open) return false;
    const message: LocalMessage = {
      id: `local-${newClientMessageId()}`,
      chatId: selectedId,
      seq: '0',
      clientMessageId: newClientMessageId(),
      author: 'AGENT',
      authorName: me.name,
      body: draft.body,
      internal: draft.internal,
      createdAt: new Date().toISOString(),
      // Upload tokens until the server's copy replaces this one (they are never shown).
      attachments: draft.attachmentTokens.map((token) => ({ id: token, name: '', mimeType: '', size: 0, url: '' })),
      pending: 'sending',
    };
    setChats((all) => ({ ...all, [selectedId]: { ...open, messages: [...open.messages, message] } }));
    post(selectedId, message);
    return true;
  };

  const retry = (message: LocalMessage) => {
    if (!selectedId) return;
    setChats((all) => {
      const current = all[selectedId];
      if (!current) return all;
      const messages = current.messages.map((m) =>
        m.clientMessageId === message.clientMessageId ? { ...m, pending: 'sending' as const } : m,
      );
      return { ...all, [selectedId]: { ...current, messages } };
    });
    post(selectedId, { ...message, pending: 'sending' });
  };

  const endChat = async () => {
    if (!selectedId) return;
    setEndOpen(false);
    const result = await chatApi.end(selectedId, endStatus);
    if (!result.ok) {
      toast(result.error.message ?? t('errors.generic'));
      return;
    }
    patchChat(selectedId, () => result.data);
    toast(t('end.done', { status: ts(endStatus) }));
    void refreshInbox();
  };

  const openTransfer = async () => {
    if (!selectedId) return;
    setTargets(null);
    setTransferTo('');
    setTransferOpen(true);
    const result = await loadTransferTargets().catch(() => null);
    setTargets(result?.ok ? result.data : []);
  };

  const transfer = async () => {
    if (!selectedId || !transferTo) return;
    setTransferOpen(false);
    const result = await chatApi.transfer(selectedId, transferTo);
    if (!result.ok) {
      toast(result.error.message ?? t('errors.generic'));
      return;
    }
    const target = targets?.find((agent) => agent.id === transferTo);
    toast(t('transfer.done', { name: target?.name ?? '' }));
    select(null);
    void refreshInbox();
  };

  const summary = selectedId ? summaryOf(selectedId) : undefined;
  const customerName = open?.context.customer.name ?? summary?.customerName ?? open?.context.customer.email ?? t('list.anonymous');
  const canTake = !!inbox && inbox.me.status === 'ONLINE' && inbox.me.active < inbox.me.capacity;
  const offeredToMe = !!selectedId && !!inbox?.offeredToMe.some((chat) => chat.id === selectedId);

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col px-4 py-4 sm:px-6 lg:h-[calc(100dvh-4rem)] lg:px-8" data-testid="chat-inbox">
      <div aria-live="polite" className="sr-only" data-testid="chat-announcer">
        {announcement}
      </div>
      <header className={cn('flex flex-wrap items-center gap-x-6 gap-y-3', selectedId ? 'max-lg:hidden' : null)}>
        <h1 className="flex items-center gap-2 text-2xl font-bold tracking-tight text-slate-900">
          <MessagesSquare aria-hidden="true" className="size-6 text-brand-600" />
          {t('title')}
        </h1>
        {inbox ? (
          <StatusControl
            status={inbox.me.status}
            capacity={inbox.me.capacity}
            active={inbox.me.active}
            pending={statusPending}
            onChange={(next) => void changeStatus(next)}
          />
        ) : null}
        <div className="flex items-center gap-1 sm:ml-auto">
          {alerts.permission === 'default' ? (
            <Button
              variant="ghost"
              size="custom"
              className="h-10 px-3 text-sm"
              onClick={() => void alerts.requestPermission()}
              data-testid="chat-enable-notifications"
            >
              <Bell aria-hidden="true" />
              {t('alerts.enable')}
            </Button>
          ) : alerts.permission === 'denied' ? (
            <p className="flex items-center gap-1 text-xs text-slate-600">
              <BellOff aria-hidden="true" className="size-3.5" />
              {t('alerts.denied')}
            </p>
          ) : null}
          <Button
            variant="ghost"
            size="custom"
            className="h-10 px-3 text-sm"
            aria-pressed={alerts.muted}
            onClick={() => alerts.setMuted(!alerts.muted)}
            data-testid="chat-mute"
          >
            {alerts.muted ? <VolumeX aria-hidden="true" /> : <Volume2 aria-hidden="true" />}
            {t('alerts.mute')}
          </Button>
        </div>
      </header>

      <p role="status" className="min-h-6 text-sm" data-testid="chat-connection">
        {stream.state === 'open' ? null : (
          <span className="mt-1 inline-flex items-center gap-1.5 rounded-full bg-amber-50 px-2.5 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-200">
            {stream.state === 'reconnecting' ? <WifiOff aria-hidden="true" className="size-3.5" /> : null}
            <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" />
            {t('connecting')}
          </span>
        )}
      </p>

      <div
        className={cn(
          'grid min-h-0 flex-1 gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]',
          open && selectedId ? 'xl:grid-cols-[20rem_minmax(0,1fr)_18rem]' : null,
        )}
      >
        <nav aria-label={t('list.label')} className={cn('min-h-0 overflow-y-auto lg:pr-1', selectedId ? 'max-lg:hidden' : null)}>
          {inbox ? (
            <>
              {inbox.me.status !== 'ONLINE' ? (
                <p className="mb-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="chat-not-online">
                  {t(`status.hint.${inbox.me.status}`)}
                </p>
              ) : inbox.me.active >= inbox.me.capacity ? (
                <p className="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">{t('status.full')}</p>
              ) : null}
              <ChatList
                offered={inbox.offeredToMe}
                waiting={inbox.waiting}
                mine={inbox.mine}
                selectedId={selectedId}
                busyId={busyId}
                canTake={canTake}
                onSelect={select}
                onAccept={(id) => void accept(id)}
                onDecline={(id) => void decline(id)}
              />
            </>
          ) : inboxFailed ? (
            <div role="alert" className="rounded-lg bg-red-50 px-3 py-3 text-sm text-red-800 ring-1 ring-red-200">
              {t('errors.inbox')}
              <Button variant="secondary" size="custom" className="mt-2 h-9 px-4 text-sm" onClick={() => void refreshInbox()}>
                {t('errors.retry')}
              </Button>
            </div>
          ) : (
            <p className="flex items-center gap-2 text-sm text-slate-600">
              <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />
              {t('loading')}
            </p>
          )}
        </nav>

        <div
          className={cn(
            // Not overflow-hidden: the canned-response popover may reach past the card's edge.
            'flex min-h-[70dvh] flex-col rounded-xl border border-slate-200 bg-white shadow-xs lg:min-h-0',
            selectedId ? null : 'max-lg:hidden',
          )}
        >
          {open && selectedId ? (
            <ConversationView
              chat={open.chat}
              messages={open.messages}
              customerName={customerName}
              customerTyping={!!typing[selectedId]}
              onBack={() => select(null)}
              onRetry={retry}
              actions={
                active ? (
                  <>
                    <Button variant="secondary" size="custom" className="h-10 px-4 text-sm" onClick={() => void openTransfer()}>
                      <ArrowRightLeft aria-hidden="true" />
                      {t('transfer.button')}
                    </Button>
                    <Button
                      variant="secondary"
                      size="custom"
                      className="h-10 px-4 text-sm"
                      onClick={() => setEndOpen(true)}
                      data-testid="chat-end"
                    >
                      <CircleStop aria-hidden="true" />
                      {t('end.button')}
                    </Button>
                  </>
                ) : open.chat.status === 'WAITING' ? (
                  <>
                    <Button
                      size="custom"
                      className="h-10 px-4 text-sm"
                      disabled={!canTake || busyId === selectedId}
                      onClick={() => void accept(selectedId)}
                    >
                      {t('list.accept')}
                    </Button>
                    {offeredToMe ? (
                      <Button variant="secondary" size="custom" className="h-10 px-4 text-sm" onClick={() => void decline(selectedId)}>
                        {t('list.decline')}
                      </Button>
                    ) : null}
                  </>
                ) : null
              }
            >
              <details className="border-t border-slate-200 xl:hidden">
                <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
                  {t('context.title')}
                </summary>
                <div className="max-h-72 overflow-y-auto px-4 pb-4">
                  <ContextPanel context={open.context} ticketNumber={open.chat.ticketNumber} />
                </div>
              </details>
              {active ? (
                <ChatComposer
                  key={selectedId}
                  chatId={selectedId}
                  disabled={!active}
                  limits={uploadLimits}
                  canned={{
                    list: () => canned.list(open.chat.ticketNumber),
                    render: (responseId) => canned.render(open.chat.ticketNumber, responseId),
                    articles: (query) => canned.articles(open.chat.ticketNumber, query),
                  }}
                  onSend={send}
                  onTyping={(on) => void chatApi.typing(selectedId, on)}
                />
              ) : (
                <p
                  className="rounded-b-xl border-t border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"
                  data-testid="chat-readonly"
                >
                  {open.chat.status === 'ENDED'
                    ? t('conversation.ended')
                    : open.chat.status === 'WAITING'
                      ? t('conversation.waiting')
                      : t('conversation.otherAgent', { name: open.chat.agent?.name ?? '' })}
                </p>
              )}
            </ConversationView>
          ) : selectedId && chatFailed === selectedId ? (
            <div role="alert" className="m-auto max-w-sm p-6 text-center text-sm text-slate-700">
              {t('errors.chat')}
              <div className="mt-3 flex justify-center gap-2">
                <Button variant="secondary" size="custom" className="h-9 px-4 text-sm" onClick={() => void loadChat(selectedId)}>
                  {t('errors.retry')}
                </Button>
                <Button variant="ghost" size="custom" className="h-9 px-4 text-sm" onClick={() => select(null)}>
                  {t('conversation.back')}
                </Button>
              </div>
            </div>
          ) : selectedId ? (
            <p className="m-auto flex items-center gap-2 text-sm text-slate-600">
              <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />
              {t('loading')}
            </p>
          ) : (
            <div className="m-auto max-w-sm p-6 text-center">
              <MessagesSquare aria-hidden="true" className="mx-auto size-10 text-slate-300" />
              <p className="mt-3 font-semibold text-slate-900">{t('empty.title')}</p>
              <p className="mt-1 text-sm text-slate-600">{t('empty.body')}</p>
            </div>
          )}
        </div>

        {open && selectedId ? (
          <aside
            aria-label={t('context.title')}
            className="hidden min-h-0 overflow-y-auto rounded-xl border border-slate-200 bg-white p-4 shadow-xs xl:block"
          >
            <ContextPanel context={open.context} ticketNumber={open.chat.ticketNumber} />
          </aside>
        ) : null}
      </div>

      <ChatDialog
        open={confirmOffline}
        title={t('status.offlineTitle')}
        description={t('status.offlineBody', { count: inbox?.me.active ?? 0 })}
        confirmLabel={t('status.offlineConfirm')}
        cancelLabel={t('cancel')}
        onConfirm={() => void changeStatus('OFFLINE', true)}
        onClose={() => setConfirmOffline(false)}
        testId="chat-offline-dialog"
      />
      <ChatDialog
        open={endOpen}
        title={t('end.title')}
        description={t('end.body')}
        confirmLabel={t('end.confirm')}
        cancelLabel={t('cancel')}
        onConfirm={() => void endChat()}
        onClose={() => setEndOpen(false)}
        testId="chat-end-dialog"
      >
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">{t('end.statusLabel')}</legend>
          <div className="space-y-1">
            {END_STATUSES.map((status) => (
              <label key={status} className="flex cursor-pointer items-center gap-2.5 rounded-lg px-2 py-2 text-sm hover:bg-slate-50">
                <input
                  type="radio"
                  name="end-status"
                  value={status}
                  checked={endStatus === status}
                  onChange={() => setEndStatus(status)}
                  className="size-4 accent-brand-600"
                />
                {ts(status)}
              </label>
            ))}
          </div>
        </fieldset>
      </ChatDialog>
      <ChatDialog
        open={transferOpen}
        title={t('transfer.title')}
        description={t('transfer.body')}
        confirmLabel={t('transfer.confirm')}
        cancelLabel={t('cancel')}
        confirmDisabled={!transferTo}
        onConfirm={() => void transfer()}
        onClose={() => setTransferOpen(false)}
        testId="chat-transfer-dialog"
      >
        {targets === null ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />
            {t('loading')}
          </p>
        ) : targets.length ? (
          <fieldset>
            <legend className="sr-only">{t('transfer.title')}</legend>
            <div className="space-y-1">
              {targets.map((agent) => (
                <label key={agent.id} className="flex cursor-pointer items-center gap-2.5 rounded-lg px-2 py-2 text-sm hover:bg-slate-50">
                  <input
                    type="radio"
                    name="transfer-to"
                    value={agent.id}
                    checked={transferTo === agent.id}
                    onChange={() => setTransferTo(agent.id)}
                    className="size-4 accent-brand-600"
                  />
                  <span className="flex-1">{agent.name}</span>
                  <span className="text-xs text-slate-600 tabular-nums">
                    {t('transfer.load', { active: agent.active, capacity: agent.capacity })}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          <p className="text-sm text-slate-600">{t('transfer.none')}</p>
        )}
      </ChatDialog>
    </div>
  );
}
