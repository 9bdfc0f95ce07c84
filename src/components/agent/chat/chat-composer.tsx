'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Lock, Paperclip, Send } from 'lucide-react';
import { AttachmentUploader, type UploadItem, type UploadLimits } from '@/components/ui/attachment-uploader';
import { Button } from '@/components/ui/button';
import { CannedPicker, type CannedActions } from '@/components/agent/ticket/canned-picker';
import { cn } from '@/lib/cn';
import { CHAT_LIMITS } from '@/server/chat/schemas';

const CHAT_MESSAGE_MAX = CHAT_LIMITS.body;
/** "Pisze…" is repeated at most this often while the agent types, and withdrawn after this long idle. */
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

export interface ChatDraft {
  body: string;
  internal: boolean;
  /** Upload tokens (POST /api/uploads), claimed by the message. */
  attachmentTokens: string[];
}

/**
 * One line to the customer (Enter sends, Shift+Enter breaks the line) or an internal note (amber, never shown
 * to the customer), with screenshots by paste / drop / picker through the ticket form's uploader and the
 * ticket composer's canned-response picker, rendered for this chat's ticket. Keyed by chat: switching chats
 * starts a clean draft.
 */
export function ChatComposer({
  chatId,
  disabled,
  canned,
  limits,
  onSend,
  onTyping,
}: {
  chatId: string;
  disabled: boolean;
  canned: CannedActions;
  limits: UploadLimits;
  onSend: (draft: ChatDraft) => boolean;
  onTyping: (typing: boolean) => void;
}) {
  const t = useTranslations('agentChat.composer');
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [filesOpen, setFilesOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const typingSentAt = useRef(0);
  const idleTimer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(idleTimer.current), []);

  const uploading = uploads.some((item) => item.status === 'uploading');
  const ready = uploads.flatMap((item) => (item.status === 'done' && item.token ? [item.token] : []));

  const stopTyping = () => {
    window.clearTimeout(idleTimer.current);
    if (typingSentAt.current) {
      typingSentAt.current = 0;
      onTyping(false);
    }
  };

  const typed = (value: string) => {
    setBody(value);
    if (error) setError(null);
    if (internal) return;
    const now = Date.now();
    if (value.trim() && now - typingSentAt.current > TYPING_REPEAT_MS) {
      typingSentAt.current = now;
      onTyping(true);
    }
    window.clearTimeout(idleTimer.current);
    idleTimer.current = window.setTimeout(stopTyping, TYPING_IDLE_MS);
    if (!value.trim()) stopTyping();
  };

  const submit = () => {
    if (disabled || uploading) return;
    const text = body.trim();
    if (!text) {
      setError(t('empty'));
      textRef.current?.focus();
      return;
    }
    if (body.length > CHAT_MESSAGE_MAX) {
      setError(t('tooLong', { max: CHAT_MESSAGE_MAX }));
      return;
    }
    if (onSend({ body: text, internal, attachmentTokens: ready })) {
      stopTyping();
      setBody('');
      setUploads([]);
      setFilesOpen(false);
      textRef.current?.focus();
    }
  };

  const insertAtCursor = (text: string) => {
    const textarea = textRef.current;
    const start = textarea?.selectionStart ?? body.length;
    const end = textarea?.selectionEnd ?? body.length;
    const next = (body.slice(0, start) + text + body.slice(end)).slice(0, CHAT_MESSAGE_MAX);
    setBody(next);
    requestAnimationFrame(() => {
      textarea?.focus();
      const caret = Math.min(start + text.length, next.length);
      textarea?.setSelectionRange(caret, caret);
    });
  };

  const filesShown = filesOpen || uploads.length > 0;
  return (
    <div
      data-testid="chat-composer"
      data-mode={internal ? 'note' : 'reply'}
      className={cn('rounded-b-xl border-t', internal ? 'border-amber-300 bg-amber-50/70' : 'border-slate-200 bg-white')}
    >
      <div id={`chat-files-${chatId}`} hidden={!filesShown} className="border-b border-slate-100 p-3">
        <AttachmentUploader inputId="chat-attachments" items={uploads} setItems={setUploads} limits={limits} />
      </div>
      <div className="p-3">
        {error ? (
          <p role="alert" id="chat-composer-error" className="mb-2 text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <label htmlFor="chat-composer-body" className="sr-only">
          {internal ? t('noteLabel') : t('label')}
        </label>
        <textarea
          id="chat-composer-body"
          ref={textRef}
          rows={2}
          value={body}
          disabled={disabled}
          maxLength={CHAT_MESSAGE_MAX}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'chat-composer-error chat-composer-hint' : 'chat-composer-hint'}
          placeholder={disabled ? t('closed') : internal ? t('notePlaceholder') : t('placeholder')}
          onChange={(event) => typed(event.target.value)}
          onBlur={stopTyping}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
          className={cn(
            'block max-h-48 min-h-12 w-full resize-none rounded-lg border bg-white px-3 py-2.5 text-base leading-relaxed text-slate-900 field-sizing-content placeholder:text-slate-500 focus-visible:outline-2 focus-visible:outline-offset-0 disabled:bg-slate-100 sm:text-sm',
            internal
              ? 'border-amber-400 focus-visible:border-amber-500 focus-visible:outline-amber-500/30'
              : 'border-slate-300 focus-visible:border-brand-600 focus-visible:outline-brand-600/30',
          )}
        />
        <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1">
          <CannedPicker actions={canned} onInsert={insertAtCursor} linkFormat="plain" />
          <label className="inline-flex h-9 cursor-pointer items-center gap-2 rounded-lg px-2 text-sm font-medium text-amber-900 hover:bg-amber-100/70">
            <input
              type="checkbox"
              checked={internal}
              onChange={(event) => {
                setInternal(event.target.checked);
                stopTyping();
              }}
              className="size-4 accent-amber-600"
              data-testid="chat-internal"
            />
            <Lock aria-hidden="true" className="size-3.5" />
            {t('internal')}
          </label>
          <button
            type="button"
            aria-expanded={filesShown}
            aria-controls={`chat-files-${chatId}`}
            onClick={() => setFilesOpen((open) => !open)}
            disabled={disabled}
            className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2 text-sm font-medium text-slate-700 hover:bg-slate-200/70"
          >
            <Paperclip aria-hidden="true" className="size-4" />
            {t('attach')}
            {uploads.length ? <span className="rounded-full bg-slate-200 px-1.5 text-xs tabular-nums">{uploads.length}</span> : null}
          </button>
          <p id="chat-composer-hint" className="hidden text-xs text-slate-600 lg:block">
            {uploading ? t('waitForUploads') : t('hint')}
          </p>
          <Button
            size="custom"
            className="ml-auto h-10 px-4 text-sm"
            onClick={submit}
            disabled={disabled || uploading}
            data-testid="chat-send"
            variant={internal ? 'secondary' : 'primary'}
          >
            <Send aria-hidden="true" />
            {internal ? t('saveNote') : t('send')}
          </Button>
        </div>
      </div>
    </div>
  );
}
