'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Camera, Paperclip, Upload } from 'lucide-react';
import { cn } from '@/lib/cn';
import type { UploadLimits } from './attachment-uploader';

// A hint for the file picker only: the server decides by the bytes, not the name.
const ACCEPT =
  'image/png,image/jpeg,image/webp,image/gif,video/mp4,video/webm,text/plain,text/csv,application/json,application/pdf,.txt,.log,.json,.har,.csv,.pdf';

/** "340 kB" / "4.5 MB" in the page's language. */
export function formatFileSize(format: ReturnType<typeof useFormatter>, bytes: number): string {
  return bytes < 1024 * 1024
    ? format.number(Math.max(1, Math.round(bytes / 1024)), { style: 'unit', unit: 'kilobyte' })
    : format.number(bytes / (1024 * 1024), { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
}

/**
 * The uploader's drop area: what to do, the file picker, the camera on phones and the limits. Shared by the
 * uploader and its light stand-in (deferred-attachment-uploader.tsx), so both look and read the same.
 */
export function UploadDropZone({
  inputId,
  dragging,
  limits,
  onFiles,
}: {
  inputId: string;
  dragging: boolean;
  limits: UploadLimits;
  onFiles: (files: File[]) => void;
}) {
  const t = useTranslations('ticketForm.attachments');
  const format = useFormatter();
  // Derived from the input's id, not useId(): the contact form's HTML is hydrated by a root of its own
  // (src/components/contact/deferred-contact-form.tsx), where useId() would not give the server's ids.
  const hintId = `${inputId}-hint`;
  const cameraId = `${inputId}-camera`;
  const size = (bytes: number) => formatFileSize(format, bytes);
  const takePicked = (event: React.ChangeEvent<HTMLInputElement>) => {
    onFiles(Array.from(event.target.files ?? []));
    // Picking the same file again after removing it must fire change again.
    event.target.value = '';
  };
  return (
    <div
      className={cn(
        'relative flex flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-4 py-6 text-center transition-colors sm:py-8',
        dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-slate-50/70',
      )}
    >
      <span
        className={cn(
          'flex size-11 items-center justify-center rounded-full',
          dragging ? 'bg-brand-100 text-brand-700' : 'bg-white text-slate-500 shadow-xs ring-1 ring-slate-200',
        )}
      >
        <Upload aria-hidden="true" className="size-5" />
      </span>
      <p className="text-sm font-medium text-slate-800">
        {dragging ? (
          t('dropActive')
        ) : (
          <>
            {/* Phones and tablets have no drag and drop nor Ctrl+V: they add a photo or a file. */}
            <span className="pointer-coarse:hidden">{t('drop')}</span>
            <span className="hidden pointer-coarse:inline">{t('dropTouch')}</span>
          </>
        )}
      </p>
      <div>
        <input
          id={inputId}
          type="file"
          multiple
          accept={ACCEPT}
          aria-describedby={hintId}
          className="peer sr-only scroll-mt-24"
          onChange={takePicked}
        />
        <label
          htmlFor={inputId}
          className="inline-flex h-11 cursor-pointer items-center gap-2 rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-800 shadow-xs transition-colors hover:border-slate-400 hover:bg-slate-50 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600"
        >
          <Paperclip aria-hidden="true" className="size-4" />
          {t('choose')}
        </label>
        {/* Phones and tablets only: hidden (so not focusable) where there is no camera to point. */}
        <span className="hidden pointer-coarse:contents">
          <input
            id={cameraId}
            type="file"
            accept="image/*,video/*"
            capture="environment"
            className="peer/camera sr-only"
            onChange={takePicked}
          />
          <label
            htmlFor={cameraId}
            className="ml-2 inline-flex h-11 cursor-pointer items-center gap-2 rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-800 shadow-xs transition-colors peer-focus-visible/camera:outline-2 peer-focus-visible/camera:outline-offset-2 peer-focus-visible/camera:outline-brand-600 hover:border-slate-400 hover:bg-slate-50"
          >
            <Camera aria-hidden="true" className="size-4" />
            {t('camera')}
          </label>
        </span>
      </div>
      <p id={hintId} className="max-w-md text-xs leading-relaxed text-slate-600">
        {t('limits', { maxFile: size(limits.maxFileBytes), maxFiles: limits.maxFiles, maxTotal: size(limits.maxTotalBytes) })}
      </p>
    </div>
  );
}
