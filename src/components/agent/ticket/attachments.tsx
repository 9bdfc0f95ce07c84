'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { ChevronLeft, ChevronRight, Download, FileText, X } from 'lucide-react';
import type { AgentTicketAttachment } from '@/server/agent/ticket-view';
import { cn } from '@/lib/cn';
import { attachmentPath } from '@/server/links';

/**
 * How the agent view shows files: image thumbnails opening a lightbox that walks through every image of the
 * ticket (Esc closes, ← → move), `<video controls>` for MP4/WebM, the first lines of logs/JSON/CSV in
 * monospace, and a download link for everything. Bytes always come from /api/attachments/{id}, which checks
 * policy again.
 */

const PREVIEW_LINES = 200;
const PREVIEW_BYTES = 256 * 1024;

export const fileUrl = (id: string, download = false) => attachmentPath(id, { download });

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const isVideo = (file: AgentTicketAttachment) => file.kind === 'VIDEO' && /^video\/(mp4|webm)$/.test(file.contentType);

interface LightboxApi {
  open: (id: string) => void;
}

const LightboxContext = createContext<LightboxApi>({ open: () => undefined });

/** Holds the ticket's images and the open one; wrap the thread in it. */
export function LightboxProvider({ images, children }: { images: AgentTicketAttachment[]; children: ReactNode }) {
  const [index, setIndex] = useState<number | null>(null);
  const api = useMemo<LightboxApi>(
    () => ({
      open: (id) =>
        setIndex(
          Math.max(
            0,
            images.findIndex((image) => image.id === id),
          ),
        ),
    }),
    [images],
  );
  return (
    <LightboxContext value={api}>
      {children}
      {index !== null && images[index] ? <Lightbox images={images} index={index} setIndex={setIndex} /> : null}
    </LightboxContext>
  );
}

function Lightbox({
  images,
  index,
  setIndex,
}: {
  images: AgentTicketAttachment[];
  index: number;
  setIndex: (index: number | null) => void;
}) {
  const t = useTranslations('agent.ticket.lightbox');
  const dialog = useRef<HTMLDialogElement>(null);
  const image = images[index];
  const move = useCallback((step: number) => setIndex((index + step + images.length) % images.length), [index, images.length, setIndex]);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  if (!image) return null;
  return (
    <dialog
      ref={dialog}
      aria-label={t('label')}
      data-testid="lightbox"
      onClose={() => setIndex(null)}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight') move(1);
        if (event.key === 'ArrowLeft') move(-1);
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) dialog.current?.close();
      }}
      className="fixed inset-0 m-0 flex h-dvh max-h-none w-dvw max-w-none flex-col bg-slate-950/95 p-0 text-white backdrop:bg-transparent"
    >
      <div className="flex items-center gap-3 px-4 py-3 text-sm">
        <p className="min-w-0 flex-1 truncate font-medium">{image.fileName}</p>
        <span className="text-slate-300 tabular-nums">{t('position', { index: index + 1, total: images.length })}</span>
        <a
          href={fileUrl(image.id, true)}
          className="flex size-10 items-center justify-center rounded-lg hover:bg-white/10"
          aria-label={image.fileName}
        >
          <Download aria-hidden="true" className="size-5" />
        </a>
        <button
          type="button"
          onClick={() => dialog.current?.close()}
          aria-label={t('close')}
          className="flex size-10 items-center justify-center rounded-lg hover:bg-white/10"
        >
          <X aria-hidden="true" className="size-5" />
        </button>
      </div>
      <div className="relative flex min-h-0 flex-1 items-center justify-center px-2 pb-6 sm:px-16">
        {/* eslint-disable-next-line @next/next/no-img-element -- served by our own route with its own headers; next/image would re-encode it */}
        <img src={fileUrl(image.id)} alt={image.fileName} className="max-h-full max-w-full rounded-md object-contain shadow-2xl" />
        {images.length > 1 ? (
          <>
            <button
              type="button"
              onClick={() => move(-1)}
              aria-label={t('previous')}
              className="absolute top-1/2 left-2 flex size-11 -translate-y-1/2 items-center justify-center rounded-full bg-white/10 hover:bg-white/20 sm:left-4"
            >
              <ChevronLeft aria-hidden="true" className="size-6" />
            </button>
            <button
              type="button"
              onClick={() => move(1)}
              aria-label={t('next')}
              className="absolute top-1/2 right-2 flex size-11 -translate-y-1/2 items-center justify-center rounded-full bg-white/10 hover:bg-white/20 sm:right-4"
            >
              <ChevronRight aria-hidden="true" className="size-6" />
            </button>
          </>
        ) : null}
      </div>
    </dialog>
  );
}

function TextPreview({ file }: { file: AgentTicketAttachment }) {
  const t = useTranslations('agent.ticket.thread');
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'failed' } | { kind: 'loaded'; lines: string[]; truncated: boolean }>({
    kind: 'loading',
  });

  useEffect(() => {
    const controller = new AbortController();
    fetch(fileUrl(file.id), { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const text = (await response.text()).slice(0, PREVIEW_BYTES);
        const lines = text.split(/\r\n|\r|\n/);
        setState({
          kind: 'loaded',
          lines: lines.slice(0, PREVIEW_LINES),
          truncated: lines.length > PREVIEW_LINES || file.size > PREVIEW_BYTES,
        });
      })
      .catch((error: unknown) => {
        if (!(error instanceof DOMException && error.name === 'AbortError')) setState({ kind: 'failed' });
      });
    return () => controller.abort();
  }, [file.id, file.size]);

  if (state.kind !== 'loaded') {
    return <p className="px-3 py-2 text-xs text-slate-500">{state.kind === 'loading' ? t('previewLoading') : t('previewFailed')}</p>;
  }
  return (
    <div>
      {/* A long log scrolls inside this box: focusable and named, so it scrolls from the keyboard too. */}
      <pre
        tabIndex={0}
        role="region"
        aria-label={file.fileName}
        className="max-h-72 overflow-auto bg-slate-950 px-3 py-2 font-mono text-[12px] leading-5 text-slate-100"
        data-testid="text-preview"
      >
        {state.lines.join('\n')}
      </pre>
      {state.truncated ? <p className="px-3 py-1.5 text-xs text-slate-500">{t('previewTruncated', { lines: PREVIEW_LINES })}</p> : null}
    </div>
  );
}

function DownloadLink({ file }: { file: AgentTicketAttachment }) {
  const t = useTranslations('agent.ticket.thread');
  return (
    <a
      href={fileUrl(file.id, true)}
      aria-label={t('download', { name: file.fileName })}
      className="flex size-9 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900"
    >
      <Download aria-hidden="true" className="size-4" />
    </a>
  );
}

/** A message's files: images as a strip of thumbnails, videos and text files as wide previews, the rest as rows. */
export function MessageAttachments({ files }: { files: AgentTicketAttachment[] }) {
  const t = useTranslations('agent.ticket.thread');
  const lightbox = useContext(LightboxContext);
  if (!files.length) return null;
  const images = files.filter((file) => file.kind === 'IMAGE');
  const others = files.filter((file) => file.kind !== 'IMAGE');
  return (
    <div className="mt-3 space-y-2">
      {images.length ? (
        <ul className="flex flex-wrap gap-2">
          {images.map((file) => (
            <li key={file.id} className="group relative">
              <button
                type="button"
                onClick={() => lightbox.open(file.id)}
                aria-label={t('open', { name: file.fileName })}
                className="block size-24 overflow-hidden rounded-lg bg-slate-100 ring-1 ring-slate-200 hover:ring-2 hover:ring-brand-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 sm:size-28"
              >
                {/* eslint-disable-next-line @next/next/no-img-element -- served by our own route; next/image would re-encode it */}
                <img src={fileUrl(file.id)} alt="" loading="lazy" className="size-full object-cover" />
              </button>
              <a
                href={fileUrl(file.id, true)}
                aria-label={t('download', { name: file.fileName })}
                className="absolute right-1 bottom-1 flex size-7 items-center justify-center rounded-md bg-white/90 text-slate-700 opacity-0 shadow-sm ring-1 ring-slate-200 group-hover:opacity-100 focus-visible:opacity-100"
              >
                <Download aria-hidden="true" className="size-3.5" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {others.map((file) => (
        <div key={file.id} className="overflow-hidden rounded-lg ring-1 ring-slate-200">
          <div className="flex items-center gap-2 bg-slate-50 py-1 pr-1 pl-3 text-sm">
            <FileText aria-hidden="true" className="size-4 shrink-0 text-slate-400" />
            <span className="min-w-0 flex-1 truncate font-medium text-slate-800">{file.fileName}</span>
            <span className="shrink-0 text-xs text-slate-500 tabular-nums">{formatSize(file.size)}</span>
            <DownloadLink file={file} />
          </div>
          {isVideo(file) ? (
            <video controls preload="metadata" src={fileUrl(file.id)} className={cn('max-h-96 w-full bg-black')}>
              <track kind="captions" />
            </video>
          ) : file.kind === 'TEXT' ? (
            <TextPreview file={file} />
          ) : null}
        </div>
      ))}
    </div>
  );
}
