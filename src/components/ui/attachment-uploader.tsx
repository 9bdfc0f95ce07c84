'use client';

import { useEffect, useEffectEvent, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { Check, FileText, FileVideo, Image as ImageIcon, LoaderCircle, RotateCw, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field';
import { ScreenRecorder } from '@/components/ui/screen-recorder';
import { cn } from '@/lib/cn';
import { rowKey } from '@/lib/row-key';
import { filesFromPaste } from './pasted-files';
import { formatFileSize, UploadDropZone } from './upload-drop-zone';
import { uploadFile, type UploadKind, type UploadRequest } from './upload-request';
import { useFileListeners } from './use-file-listeners';
import { useTranslateKey } from './use-translate-key';

export type { UploadKind } from './upload-request';

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxTotalBytes: number;
}

export interface UploadItem {
  key: string;
  file: File;
  status: 'uploading' | 'done' | 'error';
  /** 0–100 while uploading. */
  progress: number;
  token?: string;
  kind?: UploadKind;
  previewUrl?: string;
  error?: string;
  /** Network failures and server hiccups can be retried; a refused file cannot. */
  retryable?: boolean;
}

function kindOf(item: UploadItem): UploadKind {
  if (item.kind) return item.kind;
  const type = item.file.type;
  if (type.startsWith('image/')) return 'IMAGE';
  if (type.startsWith('video/')) return 'VIDEO';
  if (type === 'application/pdf') return 'PDF';
  return 'TEXT';
}

const KIND_ICONS = { IMAGE: ImageIcon, VIDEO: FileVideo, TEXT: FileText, PDF: FileText } as const;

export interface AttachmentUploaderProps {
  /** The file input's id, so error links and first-error focus can reach it. */
  inputId: string;
  items: UploadItem[];
  setItems: Dispatch<SetStateAction<UploadItem[]>>;
  limits: UploadLimits;
  /** Errors the server returned for the attachment tokens as a whole. */
  errors?: string[];
  /** Files to add as soon as it mounts: picked, dropped or pasted before this component had loaded. */
  initialFiles?: readonly File[];
  /** Starts a screen recording as soon as it mounts ("Nagraj ekran" was pressed before it had loaded). */
  startRecording?: boolean;
  /**
   * Embedded in a host that keeps the drop area and the page's drop and paste listeners
   * (deferred-attachment-uploader.tsx): the uploader renders neither, and hands the host its `addFiles`.
   */
  connect?: (addFiles: (files: File[]) => void) => void;
}

/**
 * Files upload one by one as soon as they are added (drop, picker or Ctrl+V anywhere on the page), each with its
 * own progress and its own error, so a refused file never costs the user the others. The form sends the tokens.
 */
export function AttachmentUploader({
  inputId,
  items,
  setItems,
  limits,
  errors,
  initialFiles,
  startRecording,
  connect,
}: AttachmentUploaderProps) {
  const embedded = connect !== undefined;
  const t = useTranslations('ticketForm.attachments');
  const tr = useTranslateKey();
  const format = useFormatter();
  const requests = useRef(new Map<string, UploadRequest>());
  const previews = useRef(new Set<string>());
  const [announcement, setAnnouncement] = useState('');
  // Where focus goes once a removed file's row (and its focused button) is gone: a neighbour's button, or the picker.
  const listRef = useRef<HTMLUListElement>(null);
  const focusAfterRemove = useRef<{ key: string | null } | null>(null);

  const size = (bytes: number) => formatFileSize(format, bytes);

  const patch = (key: string, change: Partial<UploadItem>) =>
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const upload = (key: string, file: File) => {
    requests.current.set(
      key,
      uploadFile(file, {
        onProgress: (progress) => patch(key, { progress }),
        onDone: (outcome) => {
          requests.current.delete(key);
          if (outcome.ok) {
            patch(key, { status: 'done', progress: 100, token: outcome.value.token, kind: outcome.value.kind, error: undefined });
            setAnnouncement(t('uploaded', { name: file.name }));
          } else {
            const message = outcome.message ?? tr('errors.attachments.uploadFailed', { name: file.name });
            patch(key, { status: 'error', error: message, retryable: outcome.retryable, progress: 0 });
            setAnnouncement(message);
          }
        },
      }),
    );
  };

  const addFiles = (files: readonly File[]) => {
    if (!files.length) return;
    const kept = items.filter((item) => item.status !== 'error');
    let count = kept.length;
    let total = kept.reduce((sum, item) => sum + item.file.size, 0);
    const added: UploadItem[] = [];
    for (const file of files) {
      const base = { key: rowKey(), file, progress: 0 };
      // The same checks the server makes, so an oversized file fails in a blink instead of after its upload.
      let error: string | undefined;
      if (file.size === 0) error = tr('errors.attachments.empty', { name: file.name });
      else if (file.size > limits.maxFileBytes)
        error = tr('errors.attachments.tooLarge', { name: file.name, max: size(limits.maxFileBytes) });
      else if (count >= limits.maxFiles) error = tr('errors.attachments.tooMany', { max: limits.maxFiles });
      else if (total + file.size > limits.maxTotalBytes)
        error = tr('errors.attachments.totalTooLarge', { max: size(limits.maxTotalBytes) });
      if (error) {
        added.push({ ...base, status: 'error', error, retryable: false });
        continue;
      }
      count += 1;
      total += file.size;
      let previewUrl: string | undefined;
      if (file.type.startsWith('image/')) {
        previewUrl = URL.createObjectURL(file);
        previews.current.add(previewUrl);
      }
      added.push({ ...base, status: 'uploading', previewUrl });
    }
    setItems((all) => [...all, ...added]);
    for (const item of added) if (item.status === 'uploading') upload(item.key, item.file);
    setAnnouncement(added.map((item) => item.error ?? t('added', { name: item.file.name })).join(' '));
  };

  const remove = (item: UploadItem) => {
    requests.current.get(item.key)?.abort();
    requests.current.delete(item.key);
    if (item.previewUrl) {
      URL.revokeObjectURL(item.previewUrl);
      previews.current.delete(item.previewUrl);
    }
    const index = items.findIndex((other) => other.key === item.key);
    focusAfterRemove.current = { key: (items[index + 1] ?? items[index - 1])?.key ?? null };
    setItems((all) => all.filter((other) => other.key !== item.key));
    setAnnouncement(t('removed', { name: item.file.name }));
  };

  useEffect(() => {
    const pending = focusAfterRemove.current;
    if (!pending) return;
    focusAfterRemove.current = null;
    const target = pending.key
      ? listRef.current?.querySelector<HTMLElement>(`[data-remove-key="${CSS.escape(pending.key)}"]`)
      : document.getElementById(inputId);
    target?.focus();
  }, [items, inputId]);

  const retry = (item: UploadItem) => {
    patch(item.key, { status: 'uploading', progress: 0, error: undefined, retryable: undefined });
    upload(item.key, item.file);
  };

  const onPaste = (event: ClipboardEvent) => {
    const files = filesFromPaste(
      event,
      items.map((item) => item.file.name),
      (stamp) => t('pastedName', { stamp }),
    );
    if (!files.length) return;
    event.preventDefault();
    addFiles(files);
  };

  // Files that arrived before this component loaded (src/components/ui/deferred-attachment-uploader.tsx).
  const handedOver = useRef(false);
  const addInitialFiles = useEffectEvent(() => {
    if (handedOver.current || !initialFiles?.length) return;
    handedOver.current = true;
    addFiles([...initialFiles]);
  });
  useEffect(() => addInitialFiles(), []);
  useEffect(() => connect?.(addFiles));

  const dragging = useFileListeners('document', !embedded, addFiles, onPaste);

  useEffect(() => {
    const pending = requests.current;
    const urls = previews.current;
    return () => {
      for (const xhr of pending.values()) xhr.abort();
      pending.clear();
      for (const url of urls) URL.revokeObjectURL(url);
      urls.clear();
    };
  }, []);

  const kept = items.filter((item) => item.status !== 'error');
  const totalBytes = kept.reduce((sum, item) => sum + item.file.size, 0);

  return (
    <div>
      {embedded ? null : <UploadDropZone inputId={inputId} dragging={dragging} limits={limits} onFiles={addFiles} />}

      <ScreenRecorder maxBytes={limits.maxFileBytes} onRecorded={(file) => addFiles([file])} autoStart={startRecording} />

      <FieldError id="attachments-error" messages={errors} />

      {items.length ? (
        <>
          <ul ref={listRef} className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {items.map((item) => (
              <UploadRow key={item.key} item={item} size={size(item.file.size)} onRemove={() => remove(item)} onRetry={() => retry(item)} />
            ))}
          </ul>
          <p className="mt-2 text-xs text-slate-600">{t('count', { count: kept.length, max: limits.maxFiles, size: size(totalBytes) })}</p>
        </>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

function UploadRow({ item, size, onRemove, onRetry }: { item: UploadItem; size: string; onRemove: () => void; onRetry: () => void }) {
  const t = useTranslations('ticketForm.attachments');
  const name = item.file.name;
  const Icon = KIND_ICONS[kindOf(item)];
  const errorTextId = `${item.key}-error`;
  return (
    <li className={cn('flex items-start gap-3 p-3', item.status === 'error' && 'bg-red-50/40')}>
      <div className="flex size-11 shrink-0 items-center justify-center overflow-hidden rounded-lg bg-slate-100 ring-1 ring-slate-200">
        {item.previewUrl && item.status !== 'error' ? (
          // next/image cannot optimise a blob: URL of a file that only exists in this tab.
          // eslint-disable-next-line @next/next/no-img-element
          <img src={item.previewUrl} alt="" className="size-full object-cover" />
        ) : (
          <Icon aria-hidden="true" className={cn('size-5', item.status === 'error' ? 'text-red-500' : 'text-slate-500')} />
        )}
      </div>
      <div className="min-w-0 flex-1 pt-0.5">
        <div className="flex items-baseline gap-2">
          <p className="truncate text-sm font-medium text-slate-900" title={name}>
            {name}
          </p>
          <span className="shrink-0 text-xs text-slate-500 tabular-nums">{size}</span>
        </div>
        {item.status === 'uploading' ? (
          <div className="mt-1.5 flex items-center gap-2">
            <div
              role="progressbar"
              aria-label={t('progress', { name })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={item.progress}
              className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-200"
            >
              <div className="h-full rounded-full bg-brand-600 transition-[width] duration-200" style={{ width: `${item.progress}%` }} />
            </div>
            <span className="flex items-center gap-1 text-xs text-slate-600 tabular-nums">
              <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" />
              {t('uploading', { percent: item.progress })}
            </span>
          </div>
        ) : item.status === 'done' ? (
          <p className="mt-1 flex items-center gap-1 text-xs font-medium text-emerald-700">
            <Check aria-hidden="true" className="size-3.5" />
            {t('done')}
          </p>
        ) : (
          <p id={errorTextId} className="mt-1 text-sm text-red-700">
            {item.error}
          </p>
        )}
      </div>
      <div className="-my-1 -mr-1 flex shrink-0">
        {item.status === 'error' && item.retryable ? (
          <Button variant="ghost" size="icon" aria-label={t('retryLabel', { name })} title={t('retry')} onClick={onRetry}>
            <RotateCw aria-hidden="true" />
          </Button>
        ) : null}
        <Button
          variant="danger"
          size="icon"
          data-remove-key={item.key}
          aria-label={t('remove', { name })}
          aria-describedby={item.error ? errorTextId : undefined}
          onClick={onRemove}
        >
          <X aria-hidden="true" />
        </Button>
      </div>
    </li>
  );
}
