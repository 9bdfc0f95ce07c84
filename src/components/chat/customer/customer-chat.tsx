'use client';

import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { CircleCheck, Clock, LoaderCircle, MessageCircle, RotateCw, Send, Users } from 'lucide-react';
import { reporterSchema, toFieldErrors } from '@/server/tickets/schemas';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { useTranslateKey } from '@/components/ui/use-translate-key';
import { cn } from '@/lib/cn';
import { ChatApiError, ChatClient, type Availability, type ChatHours, type UnavailableReason } from './api';
import { CHAT_MESSAGE_MAX, type ComposerLimits } from './chat-composer';
import { ConversationView, useWaitText } from './conversation-view';

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; availability: Availability }
  | { kind: 'chat'; id: string; token: string }
  | { kind: 'sent'; ticketNumber: string };

export type ChatIdentityMode = 'session' | 'sso' | 'visitor';

export interface CustomerChatProps {
  /** session: signed in on our pages; sso: the Vouchie panel vouches per request; visitor: name + e-mail first. */
  identity: ChatIdentityMode;
  /** The signed-in customer's name, shown before the chat starts. */
  customerName?: string | null;
  /** A fresh single-use SSO token from the host page (widget in the panel). */
  requestSsoToken?: () => Promise<string>;
  /** Where the open chat is remembered (localStorage), so a reload or a second tab joins it. */
  storageScope: string;
  limits: ComposerLimits;
  /** The page the customer came from (the panel page around the widget). */
  pageUrl?: string;
  /** The customer's ticket list (/pomoc/zgloszenia), for a signed-in customer: ticket links go below it. */
  ticketsPath?: string;
  /** Header controls of the host (the widget's close button). */
  headerExtra?: ReactNode;
  /** Plans that include chat, already translated ("Biznes i Premium"). */
  chatPlans: string;
}

const openKey = (scope: string) => `vouchie-chat:open:${scope}`;

function readOpen(scope: string): { id: string; token: string } | null {
  try {
    const raw = window.localStorage.getItem(openKey(scope));
    const value: unknown = raw ? JSON.parse(raw) : null;
    if (
      value &&
      typeof value === 'object' &&
      'id' in value &&
      'token' in value &&
      typeof value.id === 'string' &&
      typeof value.token === 'string'
    ) {
      return { id: value.id, token: value.token };
    }
  } catch {
    // Unreadable storage: start from the availability check.
  }
  return null;
}

function writeOpen(scope: string, chat: { id: string; token: string } | null) {
  try {
    if (chat) window.localStorage.setItem(openKey(scope), JSON.stringify(chat));
    else window.localStorage.removeItem(openKey(scope));
  } catch {
    // A private window may refuse storage: the chat still works until the page closes.
  }
}

/** "pon.–pt., 9:00–17:00" in the page's language (Monday = 1). */
export function formatChatHours(hours: ChatHours, locale: string): string {
  const name = (day: number) =>
    new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
  const days = [...hours.days].sort((a, b) => a - b);
  const first = days[0];
  const last = days[days.length - 1];
  const range =
    first !== undefined && last !== undefined && last - first + 1 === days.length && days.length > 1
      ? `${name(first)}–${name(last)}`
      : days.map(name).join(', ');
  return `${range}, ${hours.from}–${hours.to}`;
}

/**
 * The customer's live chat, from "is anyone there?" to the rating: used in place on /pomoc/kontakt and as the whole
 * page inside the widget's iframe. Every state says what happens next and offers a way on; when chat is not
 * possible the message the person typed moves into "leave a message", which becomes a ticket at once.
 */
export function CustomerChat(props: CustomerChatProps) {
  const { identity, storageScope, limits, ticketsPath, headerExtra, requestSsoToken } = props;
  const ticketHref = identity === 'session' && ticketsPath ? (number: string) => `${ticketsPath}/${encodeURIComponent(number)}` : undefined;
  const t = useTranslations('chat');
  const locale = useLocale();
  const client = useMemo(() => new ChatClient({ locale, networkError: t('errors.network') }), [locale, t]);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [draft, setDraft] = useState('');

  const check = useCallback(async () => {
    setPhase({ kind: 'loading' });
    try {
      const availability = await client.availability(identity === 'sso' && requestSsoToken ? { ssoToken: await requestSsoToken() } : {});
      if (availability.openChat) {
        writeOpen(storageScope, availability.openChat);
        setPhase({ kind: 'chat', ...availability.openChat });
      } else {
        setPhase({ kind: 'ready', availability });
      }
    } catch (error) {
      setPhase({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }, [client, storageScope, identity, requestSsoToken]);

  useEffect(() => {
    const open = readOpen(storageScope);
    if (open) {
      // Rendered only after mount (storage is the browser's): joining the open chat needs no network round first.
      queueMicrotask(() => setPhase({ kind: 'chat', ...open }));
      return;
    }
    queueMicrotask(() => void check());
  }, [check, storageScope]);

  const forget = useCallback(() => writeOpen(storageScope, null), [storageScope]);
  const newChat = () => {
    writeOpen(storageScope, null);
    void check();
  };

  if (phase.kind === 'chat') {
    return (
      <ConversationView
        key={phase.id}
        client={client}
        chatId={phase.id}
        token={phase.token}
        limits={limits}
        header={headerExtra}
        onNewChat={newChat}
        onEnded={forget}
        ticketHref={ticketHref}
      />
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-3">
        <span aria-hidden="true" className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-600 text-white">
          <MessageCircle className="size-5" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-slate-900">{t('title')}</p>
          <p className="truncate text-xs text-slate-600">{t('subtitle')}</p>
        </div>
        {headerExtra}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50/80 p-4">
        {phase.kind === 'loading' ? (
          <p role="status" className="flex items-center justify-center gap-2 py-10 text-sm text-slate-600">
            <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />
            {t('checking')}
          </p>
        ) : phase.kind === 'failed' ? (
          <div role="alert" className="space-y-3 py-6 text-center">
            <p className="text-sm text-slate-700">{phase.message}</p>
            <Button variant="secondary" onClick={() => void check()}>
              <RotateCw aria-hidden="true" />
              {t('retry')}
            </Button>
          </div>
        ) : phase.kind === 'sent' ? (
          <Sent ticketNumber={phase.ticketNumber} ticketHref={ticketHref} onBack={newChat} />
        ) : phase.availability.available ? (
          <StartForm
            {...props}
            client={client}
            availability={phase.availability}
            draft={draft}
            setDraft={setDraft}
            onStarted={(chat) => {
              writeOpen(storageScope, chat);
              setPhase({ kind: 'chat', ...chat });
            }}
            onUnavailable={(availability) => setPhase({ kind: 'ready', availability })}
          />
        ) : (
          <Unavailable
            {...props}
            client={client}
            availability={phase.availability}
            draft={draft}
            setDraft={setDraft}
            onRetry={() => void check()}
            onSent={(ticketNumber) => {
              setDraft('');
              setPhase({ kind: 'sent', ticketNumber });
            }}
          />
        )}
      </div>
    </div>
  );
}

interface FormProps extends CustomerChatProps {
  client: ChatClient;
  availability: Availability;
  draft: string;
  setDraft: (value: string) => void;
}

/** Name + e-mail for visitors, validated with the ticket form's own schema. */
function useVisitorFields(enabled: boolean) {
  const t = useTranslations('chat.form');
  const tr = useTranslateKey();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const id = useId();

  const validate = (): { name: string; email: string } | null | undefined => {
    if (!enabled) return undefined;
    const parsed = reporterSchema.safeParse({ name, email });
    if (parsed.success) {
      setErrors({});
      return parsed.data;
    }
    const fields = toFieldErrors(parsed.error);
    setErrors(Object.fromEntries(Object.entries(fields).map(([key, keys]) => [key, keys.map((k) => tr(k))])));
    document.getElementById(`${id}-${fields.name ? 'name' : 'email'}`)?.focus();
    return null;
  };

  const fields = enabled ? (
    <div className="grid gap-3">
      <Field id={`${id}-name`} label={t('name')} errors={errors.name} required>
        {(control) => <Input {...control} autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Field id={`${id}-email`} label={t('email')} hint={t('emailHint')} errors={errors.email} required>
        {(control) => (
          <Input {...control} type="email" autoComplete="email" value={email} onChange={(event) => setEmail(event.target.value)} />
        )}
      </Field>
    </div>
  ) : null;

  return { fields, validate };
}

/**
 * The message that opens a chat or is left for the team: its field and its check (required, at most
 * CHAT_MESSAGE_MAX characters). `validate` gives the trimmed text, or null after showing why not.
 */
function useFirstMessage(draft: string, setDraft: (text: string) => void, look: { rows: number; compact?: boolean }) {
  const t = useTranslations('chat.form');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const validate = (): string | null => {
    const body = draft.trim();
    if (!body) {
      setError(t('messageRequired'));
      document.getElementById(id)?.focus();
      return null;
    }
    if (body.length > CHAT_MESSAGE_MAX) {
      setError(t('messageTooLong', { max: CHAT_MESSAGE_MAX }));
      return null;
    }
    return body;
  };

  const field = (
    <Field id={id} label={t('message')} errors={error ? [error] : undefined} required>
      {(control) => (
        <Textarea
          {...control}
          rows={look.rows}
          {...(look.compact ? { look: 'compact' as const } : {})}
          placeholder={t('messagePlaceholder')}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
        />
      )}
    </Field>
  );

  return { field, validate };
}

async function identityInput(props: CustomerChatProps, visitor: { name: string; email: string } | undefined) {
  if (props.identity === 'sso' && props.requestSsoToken) return { ssoToken: await props.requestSsoToken() };
  if (visitor) return visitor;
  return {};
}

function StartForm(
  props: FormProps & {
    onStarted: (chat: { id: string; token: string }) => void;
    onUnavailable: (availability: Availability) => void;
  },
) {
  const { client, availability, draft, setDraft, onStarted, onUnavailable, identity, customerName } = props;
  const t = useTranslations('chat.start');
  const waitText = useWaitText();
  const visitor = useVisitorFields(identity === 'visitor');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const message = useFirstMessage(draft, setDraft, { rows: 3, compact: true });
  const clientMessageId = useRef<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const who = visitor.validate();
    if (who === null) return;
    const body = message.validate();
    if (body === null) return;
    setBusy(true);
    setError(null);
    // The same id on a retried start: the first message is never stored twice.
    clientMessageId.current ??= crypto.randomUUID();
    try {
      const started = await client.start({
        ...(await identityInput(props, who)),
        firstMessage: body,
        clientMessageId: clientMessageId.current,
        pageUrl: props.pageUrl ?? window.location.href,
        userAgent: navigator.userAgent,
      });
      setDraft('');
      onStarted({ id: started.chat.id, token: started.token });
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ChatApiError && caught.code === 'CHAT_UNAVAILABLE') {
        // Agents went away between the check and the click (or, for a visitor, the typed address is a customer's
        // whose plan decides otherwise): the typed message moves to "leave a message". A visitor's fresh check
        // would answer for visitors in general, so the refusal's own reason is shown (without naming a plan).
        if (props.identity === 'visitor') {
          onUnavailable({ ...availability, available: false, plan: null, nextOpenAt: null, reason: reasonOf(caught.body) ?? 'NO_AGENTS' });
          return;
        }
        try {
          onUnavailable(
            await client.availability(props.identity === 'sso' && props.requestSsoToken ? { ssoToken: await props.requestSsoToken() } : {}),
          );
        } catch {
          onUnavailable({ ...availability, available: false, reason: reasonOf(caught.body) ?? 'NO_AGENTS' });
        }
        return;
      }
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const wait = waitText(availability.estimatedWaitSeconds);

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="space-y-4" data-testid="chat-start">
      <div className="rounded-xl bg-white p-3.5 shadow-xs ring-1 ring-slate-200">
        <p className="flex items-center gap-2 text-sm font-semibold text-emerald-800">
          <span aria-hidden="true" className="size-2 rounded-full bg-emerald-500" />
          {t('available')}
        </p>
        <ul className="mt-1.5 space-y-1 pl-4 text-sm text-slate-600">
          <li className="flex items-center gap-1.5">
            <Clock aria-hidden="true" className="size-3.5 shrink-0" />
            {wait ? t('wait', { time: wait }) : t('waitShort')}
          </li>
          <li className="flex items-center gap-1.5">
            <Users aria-hidden="true" className="size-3.5 shrink-0" />
            {t('queue', { count: availability.queueLength })}
          </li>
        </ul>
      </div>
      {identity === 'session' && customerName ? <p className="text-sm text-slate-600">{t('as', { name: customerName })}</p> : null}
      {visitor.fields}
      {message.field}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <MessageCircle aria-hidden="true" />}
        {busy ? t('starting') : t('submit')}
      </Button>
    </form>
  );
}

function reasonOf(body: unknown): UnavailableReason | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null || !('reason' in error)) return null;
  const reason = (error as { reason: unknown }).reason;
  return reason === 'NOT_IN_PLAN' || reason === 'OUTSIDE_HOURS' || reason === 'ALL_BUSY' || reason === 'NO_AGENTS' ? reason : null;
}

function Unavailable(props: FormProps & { onRetry: () => void; onSent: (ticketNumber: string) => void }) {
  const { client, availability, draft, setDraft, onRetry, onSent, identity, chatPlans } = props;
  const t = useTranslations('chat.unavailable');
  const tc = useTranslations('common');
  const format = useFormatter();
  const locale = useLocale();
  const visitor = useVisitorFields(identity === 'visitor');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const message = useFirstMessage(draft, setDraft, { rows: 4 });
  const reason: UnavailableReason = availability.reason === 'OPEN' ? 'NO_AGENTS' : availability.reason;
  const hours = availability.hours ? formatChatHours(availability.hours, locale) : null;
  const next = availability.nextOpenAt
    ? format.dateTime(new Date(availability.nextOpenAt), {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
      })
    : null;
  const plan = availability.plan ? tc(`plans.${availability.plan}`) : null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const who = visitor.validate();
    if (who === null) return;
    const body = message.validate();
    if (body === null) return;
    setBusy(true);
    setError(null);
    try {
      const { ticketNumber } = await client.leaveMessage({ ...(await identityInput(props, who)), body });
      onSent(ticketNumber);
    } catch (caught) {
      setBusy(false);
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <div className="space-y-4" data-testid="chat-unavailable" data-reason={reason}>
      <div className="rounded-xl bg-white p-3.5 shadow-xs ring-1 ring-slate-200">
        <h3 className="flex items-start gap-2 text-sm font-semibold text-slate-900">
          <span
            aria-hidden="true"
            className={cn('mt-1.5 size-2 shrink-0 rounded-full', reason === 'ALL_BUSY' ? 'bg-amber-500' : 'bg-slate-400')}
          />
          {reason === 'NOT_IN_PLAN' && !plan
            ? t('title.NOT_IN_PLAN_GUEST', { plans: chatPlans })
            : t(`title.${reason}`, { plan: plan ?? '' })}
        </h3>
        <p className="mt-1 text-sm leading-relaxed text-slate-600">
          {reason === 'NOT_IN_PLAN'
            ? plan
              ? t('body.NOT_IN_PLAN', { plan, plans: chatPlans })
              : t('body.NOT_IN_PLAN_GUEST')
            : reason === 'OUTSIDE_HOURS'
              ? t('body.OUTSIDE_HOURS', { hours: hours ?? '' })
              : t(`body.${reason}`)}{' '}
          {reason === 'OUTSIDE_HOURS' && next ? t('nextOpen', { when: next }) : null}
        </p>
        {reason === 'ALL_BUSY' || reason === 'NO_AGENTS' ? (
          <Button
            variant="custom"
            size="custom"
            className="mt-1 -ml-3 h-9 px-4 text-sm text-brand-700 hover:bg-slate-100 hover:text-slate-900"
            onClick={onRetry}
          >
            <RotateCw aria-hidden="true" />
            {t('retry')}
          </Button>
        ) : null}
      </div>
      <form onSubmit={(event) => void submit(event)} noValidate className="space-y-4" data-testid="chat-offline">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">{t('leaveTitle')}</h3>
          <p className="mt-0.5 text-sm text-slate-600">{t('leaveLead')}</p>
        </div>
        {visitor.fields}
        {message.field}
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Send aria-hidden="true" />}
          {busy ? t('sending') : t('send')}
        </Button>
      </form>
    </div>
  );
}

function Sent({ ticketNumber, ticketHref, onBack }: { ticketNumber: string; ticketHref?: (number: string) => string; onBack: () => void }) {
  const t = useTranslations('chat.sent');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="rounded-xl bg-white p-5 text-center shadow-xs ring-1 ring-slate-200" data-testid="chat-sent">
      <CircleCheck aria-hidden="true" className="mx-auto size-10 text-emerald-600" />
      <h3 ref={heading} tabIndex={-1} className="mt-2 text-base font-semibold text-slate-900 focus:outline-none">
        {t('title')}
      </h3>
      <p className="mt-1 text-sm text-slate-600">{t('number')}</p>
      <p className="mt-1 text-2xl font-bold tracking-tight text-slate-900 tabular-nums" data-testid="chat-ticket-number">
        {ticketNumber}
      </p>
      <p className="mt-2 text-sm leading-relaxed text-slate-600">{t('lead')}</p>
      <div className="mt-4 flex flex-col gap-2">
        {ticketHref ? (
          <a
            href={ticketHref(ticketNumber)}
            className="inline-flex h-11 items-center justify-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
          >
            {t('view')}
          </a>
        ) : null}
        <Button variant="ghost" onClick={onBack}>
          {t('back')}
        </Button>
      </div>
    </div>
  );
}
