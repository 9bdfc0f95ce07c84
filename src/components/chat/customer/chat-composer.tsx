'use client';

import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useTranslations } from 'next-intl';
import { Image as ImageIcon, FileText, LoaderCircle, Paperclip, SendHorizontal, X } from 'lucide-react';
import { PASTE_EXTENSIONS, pastedStamp, uploadFile, type UploadRequest } from '@/components/ui/upload-request';
import { useFileListeners } from '@/components/ui/use-file-listeners';
import { useTranslateKey } from '@/components/ui/use-translate-key';
import { rowKey } from '@/lib/row-key';
import { cn } from '@/lib/cn';
import type { PendingAttachment } from './use-conversation';

/** The longest message the server takes (CHAT-CONTRACT.md). */
export const CHAT_MESSAGE_MAX = 5000;

// A hint for the picker only: the upload endpoint decides by the bytes.
const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,application/pdf,text/plain,.txt,.log,.json,.har,.csv,.pdf';

interface Draft {
  key: string;
  file: File;
  previewUrl?: string;
  status: 'uploading' | 'done' | 'error';
  progress: number;
  uploadId?: string;
  error?: string;
}

export interface ComposerLimits {
  maxFileBytes: number;
  maxFiles: number;
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line; screenshots by Ctrl+V, drag and drop onto the chat, or
 * the paperclip. Files upload at once (POST /api/uploads, the same checks as ticket attachments); the message
 * leaves when they are all in.
 */
export function ChatComposer({
  disabled,
  onSend,
  onTyping,
  dropZone,
  uploadHeaders,
  limits,
  inputRef,
}: {
  disabled: boolean;
  onSend: (body: string, attachments: PendingAttachment[]) => void;
  onTyping: (text: string) => void;
  /** Where a dropped file is taken (the whole chat panel). */
  dropZone: RefObject<HTMLElement | null>;
  uploadHeaders?: Record<string, string>;
  limits: ComposerLimits;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const t = useTranslations('chat.composer');
  const tr = useTranslateKey();
  const id = useId();
  const [text, setText] = useState('');
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const requests = useRef(new Map<string, UploadRequest>());

  const patch = (key: string, change: Partial<Draft>) => setDrafts((all) => all.map((d) => (d.key === key ? { ...d, ...change } : d)));

  const addFiles = (files: readonly File[]) => {
    if (!files.length) return;
    setError(null);
    const room = limits.maxFiles - drafts.filter((d) => d.status !== 'error').length;
    const added: Draft[] = [];
    for (const file of files) {
      const key = rowKey();
      let problem: string | undefined;
      if (file.size === 0) problem = tr('errors.attachments.empty', { name: file.name });
      else if (file.size > limits.maxFileBytes)
        problem = tr('errors.attachments.tooLarge', { name: file.name, max: `${Math.round(limits.maxFileBytes / 1024 / 1024)} MB` });
      else if (added.length >= room) problem = tr('errors.attachments.tooMany', { max: limits.maxFiles });
      if (problem) {
        added.push({ key, file, status: 'error', progress: 0, error: problem });
        continue;
      }
      added.push({
        key,
        file,
        status: 'uploading',
        progress: 0,
        previewUrl: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined,
      });
    }
    setDrafts((all) => [...all, ...added]);
    setAnnouncement(added.map((d) => d.error ?? t('added', { name: d.file.name })).join(' '));
    for (const draft of added) {
      if (draft.status !== 'uploading') continue;
      requests.current.set(
        draft.key,
        uploadFile(draft.file, {
          headers: uploadHeaders,
          onProgress: (progress) => patch(draft.key, { progress }),
          onDone: (outcome) => {
            requests.current.delete(draft.key);
            if (outcome.ok) {
              patch(draft.key, { status: 'done', progress: 100, uploadId: outcome.value.token });
              setAnnouncement(t('uploaded', { name: draft.file.name }));
            } else {
              const message = outcome.message ?? tr('errors.attachments.uploadFailed', { name: draft.file.name });
              patch(draft.key, { status: 'error', error: message });
              setAnnouncement(message);
            }
          },
        }),
      );
    }
  };

  const remove = (draft: Draft) => {
    requests.current.get(draft.key)?.abort();
    requests.current.delete(draft.key);
    if (draft.previewUrl) URL.revokeObjectURL(draft.previewUrl);
    setDrafts((all) => all.filter((d) => d.key !== draft.key));
    setAnnouncement(t('removed', { name: draft.file.name }));
    inputRef.current?.focus();
  };

  const onPaste = (event: ClipboardEvent) => {
    if (disabled) return;
    const data = event.clipboardData;
    if (!data) return;
    // Copying from an office document puts both text and a picture on the clipboard: into the message, the text wins.
    if (event.target instanceof HTMLTextAreaElement && data.types.includes('text/plain')) return;
    const files: File[] = [];
    const stamp = pastedStamp(new Date());
    for (const entry of Array.from(data.items)) {
      if (entry.kind !== 'file') continue;
      const blob = entry.getAsFile();
      if (!blob) continue;
      const extension = PASTE_EXTENSIONS[blob.type];
      files.push(
        extension ? new File([blob], `${t('pastedName', { stamp })}-${files.length + 1}.${extension}`, { type: blob.type }) : blob,
      );
    }
    if (!files.length) return;
    event.preventDefault();
    // The contact page's ticket form listens on the whole document: a screenshot pasted into the chat is the chat's.
    event.stopPropagation();
    addFiles(files);
  };
  const onDrop = (files: File[]) => {
    if (!disabled) addFiles(files);
  };
  // Files dragged over or pasted into the chat are the chat's, not the page's (the contact page's form listens on
  // the document).
  const dragging = useFileListeners(dropZone, true, onDrop, onPaste);

  useEffect(() => {
    const pending = requests.current;
    return () => {
      for (const request of pending.values()) request.abort();
    };
  }, []);

  const uploading = drafts.some((d) => d.status === 'uploading');
  const ready = drafts.filter((d) => d.status === 'done');

  const submit = () => {
    if (disabled) return;
    const body = text.trim();
    if (uploading) {
      setError(t('waitForUploads'));
      return;
    }
    if (!body && !ready.length) {
      setError(t('empty'));
      inputRef.current?.focus();
      return;
    }
    if (body.length > CHAT_MESSAGE_MAX) {
      setError(t('tooLong', { max: CHAT_MESSAGE_MAX }));
      return;
    }
    onSend(
      body,
      ready.map((d) => ({ uploadId: d.uploadId ?? '', name: d.file.name, mimeType: d.file.type, size: d.file.size })),
    );
    for (const d of drafts) if (d.previewUrl) URL.revokeObjectURL(d.previewUrl);
    setText('');
    setDrafts([]);
    setError(null);
    inputRef.current?.focus();
  };

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const over = text.length > CHAT_MESSAGE_MAX;

  return (
    <div className="relative border-t border-slate-200 bg-white p-3">
      {dragging ? (
        <div className="pointer-events-none absolute inset-x-3 -top-24 flex h-20 items-center justify-center rounded-xl border-2 border-dashed border-brand-500 bg-brand-50/95 text-sm font-medium text-brand-800">
          {t('dropHere')}
        </div>
      ) : null}
      {drafts.length ? (
        <ul className="mb-2 flex flex-wrap gap-2" aria-label={t('attachments')}>
          {drafts.map((draft) => (
            <li
              key={draft.key}
              className={cn(
                'flex max-w-full items-center gap-2 rounded-lg border py-1 pr-1 pl-1.5 text-xs',
                draft.status === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-slate-200 bg-slate-50 text-slate-700',
              )}
            >
              <span className="flex size-8 shrink-0 items-center justify-center overflow-hidden rounded-md bg-white ring-1 ring-slate-200">
                {draft.previewUrl ? (
                  // A blob: URL of a file that only exists in this tab; next/image cannot optimise it.
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={draft.previewUrl} alt="" className="size-full object-cover" />
                ) : draft.file.type.startsWith('image/') ? (
                  <ImageIcon aria-hidden="true" className="size-4 text-slate-500" />
                ) : (
                  <FileText aria-hidden="true" className="size-4 text-slate-500" />
                )}
              </span>
              <span className="min-w-0">
                <span className="block max-w-40 truncate font-medium">{draft.file.name}</span>
                <span className="block">
                  {draft.status === 'uploading' ? (
                    <span className="flex items-center gap-1 text-slate-500 tabular-nums">
                      <LoaderCircle aria-hidden="true" className="size-3 animate-spin" />
                      {t('uploading', { percent: draft.progress })}
                    </span>
                  ) : draft.status === 'error' ? (
                    draft.error
                  ) : (
                    <span className="text-emerald-700">{t('ready')}</span>
                  )}
                </span>
              </span>
              <button
                type="button"
                onClick={() => remove(draft)}
                aria-label={t('remove', { name: draft.file.name })}
                className="flex size-8 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-200 hover:text-slate-800"
              >
                <X aria-hidden="true" className="size-4" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-end gap-2">
        <input
          id={`${id}-file`}
          type="file"
          multiple
          accept={ACCEPT}
          className="peer sr-only"
          disabled={disabled}
          onChange={(event) => {
            addFiles(Array.from(event.target.files ?? []));
            event.target.value = '';
          }}
        />
        <label
          htmlFor={`${id}-file`}
          title={t('attach')}
          className={cn(
            'flex size-11 shrink-0 cursor-pointer items-center justify-center rounded-lg text-slate-600 transition-colors hover:bg-slate-100 hover:text-slate-900',
            'peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600',
            disabled && 'pointer-events-none opacity-50',
          )}
        >
          <Paperclip aria-hidden="true" className="size-5" />
          <span className="sr-only">{t('attach')}</span>
        </label>
        <label htmlFor={`${id}-text`} className="sr-only">
          {t('label')}
        </label>
        <textarea
          id={`${id}-text`}
          ref={inputRef}
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={t('placeholder')}
          aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(' ')}
          aria-invalid={error || over ? true : undefined}
          onChange={(event) => {
            setText(event.target.value);
            if (error) setError(null);
            onTyping(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
          className="max-h-36 min-h-11 min-w-0 flex-1 resize-none rounded-xl border border-slate-300 bg-white px-3 py-2.5 text-base leading-snug text-slate-900 [field-sizing:content] placeholder:text-slate-500 focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600/30 disabled:bg-slate-50 aria-invalid:border-red-500 sm:text-sm"
        />
        <button
          type="button"
          onClick={submit}
          disabled={disabled}
          aria-label={t('send')}
          title={t('send')}
          className="flex size-11 shrink-0 items-center justify-center rounded-xl bg-brand-600 text-white shadow-xs transition-colors hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-50"
        >
          <SendHorizontal aria-hidden="true" className="size-5" />
        </button>
      </div>
      <div className="mt-1.5 flex items-start justify-between gap-3 px-1 text-xs">
        {error ? (
          <p id={errorId} role="alert" className="text-red-700">
            {error}
          </p>
        ) : (
          <p id={hintId} className="text-slate-500">
            {t('hint')}
          </p>
        )}
        {text.length > CHAT_MESSAGE_MAX - 500 ? (
          <span className={cn('shrink-0 tabular-nums', over ? 'font-medium text-red-700' : 'text-slate-500')}>
            {text.length}/{CHAT_MESSAGE_MAX}
          </span>
        ) : null}
      </div>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
